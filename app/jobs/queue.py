"""The task queue: Huey delivers job ids to workers and fires the schedule.

Huey is the transport only (docs/jobs.md says why Huey): a message carries a job's
tenant and id, never its payload, so a lost or repeated message changes nothing the
jobs table does not already say. Storage by JOBS_QUEUE_URL: a SQLite file (the embedded
default, no server to run) or Redis (production: workers on many machines share it). In
tests (JOBS_EAGER) Huey runs each task in the calling thread, as soon as it is enqueued."""

import logging
import sqlite3
from pathlib import Path

from huey import MemoryHuey, RedisHuey, SqliteHuey
from redis import ConnectionPool
from redis.exceptions import RedisError

log = logging.getLogger(__name__)
QUEUE_NAME = "partnerloop"
# A request pushing a job (or /healthz asking) must not hang on an unreachable Redis host;
# the read timeout stays above Huey's blocking read (1 s) in the worker.
REDIS_CONNECT_TIMEOUT = 2.0
REDIS_READ_TIMEOUT = 10.0
QUEUE_DOWN_ERRORS = (RedisError, sqlite3.Error, OSError)


def _storage(config):
    url, name = config["JOBS_QUEUE_URL"], config.get("JOBS_QUEUE_NAME") or QUEUE_NAME
    if config["JOBS_EAGER"]:
        return MemoryHuey(name, immediate=True, results=False)
    if url.startswith(("redis://", "rediss://", "unix://")):
        pool = ConnectionPool.from_url(url, socket_connect_timeout=REDIS_CONNECT_TIMEOUT,
                                       socket_timeout=REDIS_READ_TIMEOUT)
        return RedisHuey(name, connection_pool=pool, results=False)
    path = Path(url.removeprefix("sqlite:///"))
    path.parent.mkdir(parents=True, exist_ok=True)
    return SqliteHuey(name, filename=str(path), results=False)


def init_queue(app):
    """Build the app's Huey, register the job runner and the schedule on it."""
    from app.jobs.schedule import register_schedule
    from app.jobs.services.runner import run_job

    huey = _storage(app.config)

    @huey.task(name="run_job")
    def run_job_task(tenant_id, job_id):
        with app.app_context():
            run_job(tenant_id, job_id)

    register_schedule(app, huey)
    app.extensions["jobs_queue"] = huey
    app.extensions["jobs_run_task"] = run_job_task
    return huey


def queue_of(app):
    return app.extensions["jobs_queue"]


def push(app, tenant_id, job_id, delay=None):
    """Hand a job's id to the queue; False when the queue is unreachable (the reaper
    pushes it again later: the job waits in the table meanwhile)."""
    task = app.extensions["jobs_run_task"]
    try:
        if delay:
            task.schedule((tenant_id, job_id), delay=delay)
        else:
            task(tenant_id, job_id)
    except QUEUE_DOWN_ERRORS as error:  # the queue is down: the row waits, the reaper retries
        log.warning("could not enqueue job %s: %s", job_id, error)
        return False
    return True


def queue_state(app):
    """("ok", messages waiting in the queue) or ("unreachable", None)."""
    try:
        return "ok", queue_of(app).pending_count()
    except QUEUE_DOWN_ERRORS as error:
        log.warning("the job queue is unreachable: %s", error)
        return "unreachable", None
