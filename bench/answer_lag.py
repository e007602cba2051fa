"""The lag from a survey answer to its analysed item, under the bench's survey load.

A real worker process (`flask worker`, the same database and queue as the gunicorn
server) runs while the answers come in. A watcher thread polls the database every
`POLL_SECONDS`: each new survey item's `recorded_at` (written by the answer's INSERT,
before its commit) is its answer time, and the first poll that finds its labels written
(`analysed_by` set by the `feedback.analyse` job) is its analysis time. The lag is
their difference, to within one poll (plus the poll's own query time)."""

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from sqlalchemy import bindparam, create_engine, text

from app.core.models import utcnow
from app.jobs.queue import queue_of
from app.tenancy import scoped_to
from bench.load import percentile

ROOT = Path(__file__).resolve().parent.parent
POLL_SECONDS = 0.1
NEW_ITEMS = text("SELECT id, recorded_at FROM feedback_items WHERE tenant_id = :tenant_id "
                 "AND channel = 'survey' AND id > :after ORDER BY id")
ANALYSED = text("SELECT id FROM feedback_items WHERE id IN :ids AND analysed_by IS NOT NULL").bindparams(
    bindparam("ids", expanding=True))


class Worker:
    """`flask worker` on the bench app (production settings) in its own process."""

    def __init__(self, env, threads=2, log_path=None, app=None):
        """`app`: an app on the same queue (JOBS_QUEUE_URL), whose queue is emptied first."""
        self.env, self.threads, self.process, self.app = env, threads, None, app
        self.log_path = log_path or Path(os.devnull)

    def __enter__(self):
        self._empty_queue()
        self.log = open(self.log_path, "w")  # noqa: SIM115 (closed in __exit__)
        command = [sys.executable, "-m", "flask", "--app", "bench.bench_wsgi:app", "worker",
                   "--threads", str(self.threads), "--no-delivery"]
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=self.log, stderr=self.log)
        time.sleep(2.0)  # imported and consuming before the first answer
        if self.process.poll() is not None:
            raise RuntimeError(f"the worker exited with {self.process.returncode}; see {self.log_path}")
        return self

    def _empty_queue(self):
        """Messages left in the bench's queue by earlier runs name jobs of a database since
        dropped: a backlog the worker would work through first, adding to the lag."""
        if self.app is not None:
            queue_of(self.app).flush()

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


class LagWatcher:
    """Polls the tenant's survey items until stopped; `lags` are seconds, answer to labels."""

    def __init__(self, database_url, tenant_id):
        self.engine = create_engine(database_url, pool_size=1)
        self.tenant_id, self.pending, self.lags, self.last_id = tenant_id, {}, [], 0
        # The tenant wall checks every statement, on any engine: these run in the tenant's scope.
        with scoped_to(tenant_id), self.engine.connect() as connection:  # earlier items are not counted
            self.last_id = connection.scalar(text("SELECT coalesce(max(id), 0) FROM feedback_items"))
        self.stopping, self.thread = threading.Event(), threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        self.thread.join(timeout=10)
        self.engine.dispose()

    def _poll(self, connection):
        for item_id, recorded_at in connection.execute(NEW_ITEMS, {"tenant_id": self.tenant_id,
                                                                   "after": self.last_id}):
            self.pending[item_id], self.last_id = recorded_at, max(self.last_id, item_id)
        if self.pending:
            seen = connection.scalars(ANALYSED, {"ids": list(self.pending)}).all()
            now = utcnow()
            for item_id in seen:
                self.lags.append((now - self.pending.pop(item_id)).total_seconds())
        connection.commit()

    def _run(self):
        with scoped_to(self.tenant_id), self.engine.connect() as connection:
            while not self.stopping.is_set():
                self._poll(connection)
                self.stopping.wait(POLL_SECONDS)

    def drain(self, timeout=60.0):
        """Wait until every answer seen so far is analysed (or `timeout`); returns the seconds waited."""
        began = time.monotonic()
        time.sleep(2 * POLL_SECONDS)  # the last answers' items are seen
        while self.pending and time.monotonic() - began < timeout:
            time.sleep(POLL_SECONDS)
        return time.monotonic() - began

    def summary(self):
        lags = sorted(self.lags)
        return {"analysed": len(lags), "not_analysed": len(self.pending),
                "p50_s": round(percentile(lags, 50), 2) if lags else None,
                "p95_s": round(percentile(lags, 95), 2) if lags else None,
                "max_s": round(lags[-1], 2) if lags else None, "poll_s": POLL_SECONDS}
