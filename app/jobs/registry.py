"""Which function runs which kind of job. Features declare theirs in their tasks.py:

    @job_handler("analysis.rerun")
    def rerun(job, progress): ...

A handler runs in the job's tenant scope; it commits its own work (in batches if long),
reports progress through `progress`, and must be idempotent: a job whose worker died is
run again from the start."""

import importlib

from app.core.errors import ServiceError

# Feature modules holding handlers; imported once, when the first handler is looked up.
TASK_MODULES = ("app.analysis.tasks", "app.feedback.tasks", "app.imports.tasks", "app.lifecycle.tasks",
                "app.surveys.tasks")
_handlers = {}
_passing = set()  # kinds whose rows are deleted once done (see job_handler)
_loaded = False


def job_handler(kind, keep=True):
    """Register the handler of `kind`. `keep=False`: small, frequent internal jobs (one per
    survey answer) whose row is deleted once done and never listed on the jobs page; the
    row of an anonymous answer's job would otherwise keep the moment it was given."""
    def register(function):
        _handlers[kind] = function
        if not keep:
            _passing.add(kind)
        return function
    return register


def _load():
    global _loaded
    if not _loaded:
        for module in TASK_MODULES:
            importlib.import_module(module)
        _loaded = True


def handler_for(kind):
    _load()
    try:
        return _handlers[kind]
    except KeyError:
        raise ServiceError(f"There is no background job of kind {kind!r}.") from None


def passing_kinds():
    """The kinds whose rows are deleted once done (hidden from the jobs page)."""
    _load()
    return frozenset(_passing)
