"""Which function runs which kind of job. Features declare theirs in their tasks.py:

    @job_handler("analysis.rerun")
    def rerun(job, progress): ...

A handler runs in the job's tenant scope; it commits its own work (in batches if long),
reports progress through `progress`, and must be idempotent: a job whose worker died is
run again from the start."""

import importlib

from app.core.errors import ServiceError

# Feature modules holding handlers; imported once, when the first handler is looked up.
TASK_MODULES = ("app.analysis.tasks", "app.imports.tasks")
_handlers = {}
_loaded = False


def job_handler(kind):
    def register(function):
        _handlers[kind] = function
        return function
    return register


def handler_for(kind):
    global _loaded
    if not _loaded:
        for module in TASK_MODULES:
            importlib.import_module(module)
        _loaded = True
    try:
        return _handlers[kind]
    except KeyError:
        raise ServiceError(f"There is no background job of kind {kind!r}.") from None
