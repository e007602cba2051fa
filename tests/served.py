"""Serving the app in a real server for tests: gunicorn with the project's gunicorn.conf.py,
or werkzeug's development server through `flask --app wsgi run`, on a free local port."""

import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from tests.smtp import free_port

ROOT = Path(__file__).resolve().parent.parent


def request(port, path, data=None, headers=None):
    """(status, body) of one request to 127.0.0.1:`port`, on a new connection."""
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _wait_until_serving(process, port, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            if request(port, "/login")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("the server did not start")


@contextmanager
def _serving(command, env, port, log_path):
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_until_serving(process, port)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def gunicorn(target, env, log_path, *options):
    """`gunicorn -c gunicorn.conf.py <options> <target>` with one worker; yields the port."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"), "--chdir", str(ROOT),
               "-w", "1", "-b", f"127.0.0.1:{port}", *options, target]
    return _serving(command, env, port, log_path)


def flask_run(env, log_path):
    """`flask --app wsgi run` (werkzeug's development server); yields the port."""
    port = free_port()
    command = [sys.executable, "-m", "flask", "--app", "wsgi", "run", "--port", str(port)]
    return _serving(command, env, port, log_path)
