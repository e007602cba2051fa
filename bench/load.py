"""A bounded HTTP load generator: N threads, each with one keep-alive connection
(http.client) to a loopback server, for a fixed time or until the work runs out."""

import http.client
import socket
import statistics
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class LoadResult:
    ok: int = 0
    failed: int = 0
    seconds: float = 0.0
    latencies: list = field(default_factory=list)

    @property
    def rate(self):
        return self.ok / self.seconds if self.seconds else 0.0

    def summary(self):
        latencies = sorted(self.latencies) or [0.0]
        return {"ok": self.ok, "failed": self.failed, "seconds": round(self.seconds, 2),
                "req_per_s": round(self.rate, 1), "median_ms": round(1000 * statistics.median(latencies), 2),
                "p95_ms": round(1000 * percentile(latencies, 95), 2)}


def percentile(values, pct):
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def timed(call, repeats):
    """Median and p95 of `repeats` calls of `call()` after one warm-up, as text."""
    call()  # warm-up
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        call()
        times.append(time.perf_counter() - began)
    return f"median {1000 * statistics.median(times):,.0f} ms, p95 {1000 * percentile(times, 95):,.0f} ms"


class Connection:
    """One keep-alive connection that reopens when the server closes it."""

    def __init__(self, port):
        self.port, self.conn = port, None

    def request(self, method, path, body=None, headers=None):
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            try:
                self.conn.request(method, path, body=body, headers=headers or {})
                response = self.conn.getresponse()
                data = response.read()
                if response.getheader("Connection", "").lower() == "close":
                    self.close()
                return response, data
            except (http.client.HTTPException, ConnectionError):
                self.close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def run_load(port, worker, threads=4, duration=10.0, setup=None):
    """Call `worker(connection, state) -> bool|None` in `threads` threads for `duration`
    seconds, or until a worker returns None (no work left); True counts as ok.
    `setup(connection) -> state` runs first in every thread (untimed: it also warms
    up the server); the clock starts once every thread is ready."""
    result, lock, errors = LoadResult(), threading.Lock(), []
    ready = threading.Barrier(threads + 1)
    deadline = {}

    def loop():
        connection = Connection(port)
        try:
            state = setup(connection) if setup else None
        except Exception as error:  # reported below; the run must not hang on a dead thread
            errors.append(error)
            state = None
        ready.wait()
        mine = LoadResult()
        while not errors and time.perf_counter() < deadline["at"]:
            began = time.perf_counter()
            outcome = worker(connection, state)
            if outcome is None:
                break
            mine.latencies.append(time.perf_counter() - began)
            mine.ok, mine.failed = mine.ok + bool(outcome), mine.failed + (not outcome)
        connection.close()
        with lock:
            result.ok, result.failed = result.ok + mine.ok, result.failed + mine.failed
            result.latencies += mine.latencies

    pool = [threading.Thread(target=loop, daemon=True) for _ in range(threads)]
    for thread in pool:
        thread.start()
    deadline["at"] = float("inf")
    ready.wait()
    started = time.perf_counter()
    deadline["at"] = started + duration
    for thread in pool:
        thread.join()
    result.seconds = time.perf_counter() - started
    if errors:
        raise RuntimeError(f"load client set-up failed: {errors[0]!r}") from errors[0]
    return result


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """`gunicorn <target>` on 127.0.0.1:<free port>, the same settings for every app."""

    WORKERS, THREADS = 2, 4

    def __init__(self, target, env):
        self.target, self.env, self.port, self.process = target, env, free_port(), None

    def __enter__(self):
        command = [str(ROOT / ".venv/bin/gunicorn"), "--chdir", str(ROOT), "-w", str(self.WORKERS),
                   "-k", "gthread", "--threads", str(self.THREADS), "-b", f"127.0.0.1:{self.port}",
                   "--log-level", "warning", "--keep-alive", "30", self.target]
        self.process = subprocess.Popen(command, env=self.env)
        self._wait_until_serving()
        return self

    def _wait_until_serving(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn {self.target} exited with {self.process.returncode}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                time.sleep(1.0)  # both workers booted, not only the arbiter's socket
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn {self.target} did not start")

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
