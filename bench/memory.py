"""Memory of the web workers: peak RSS of each gunicorn worker while it serves the
dashboards over HTTP to a logged-in admin (the issue's limit: under 300 MB)."""

import re
import urllib.parse
from pathlib import Path

from bench.dashboards import PAGES
from bench.load import Connection, Gunicorn

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def _children(pid):
    """The pids whose parent is `pid` (gunicorn's workers), from /proc."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def peak_rss_mb(pid):
    """VmHWM: the highest resident set size the process has had, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return None


def _cookie(response):
    return response.getheader("Set-Cookie", "").split(";")[0]


def _log_in(connection, email, password):
    response, body = connection.request("GET", "/login")
    cookie = _cookie(response)
    form = urllib.parse.urlencode({"email": email, "password": password,
                                   "csrf_token": CSRF.search(body.decode()).group(1)})
    response, _ = connection.request("POST", "/login", body=form, headers={
        "Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"})
    if response.status != 302:
        raise RuntimeError(f"bench login over HTTP failed ({response.status})")
    return _cookie(response) or cookie


def workers_peak_rss(env, email, password, repeats=5, clients=4):
    """Serve the dashboards with the benchmark's gunicorn settings; returns
    {"workers_mb": [peak RSS per worker], "max_mb": ...}. Several keep-alive connections,
    so both workers serve pages."""
    with Gunicorn("bench.bench_wsgi:app", env) as server:
        connections = [Connection(server.port) for _ in range(clients)]
        cookies = [_log_in(connection, email, password) for connection in connections]
        for _ in range(repeats):
            for connection, cookie in zip(connections, cookies, strict=True):
                for _label, path in PAGES:
                    response, _ = connection.request("GET", path, headers={"Cookie": cookie})
                    if response.status != 200:
                        raise RuntimeError(f"{path} answered {response.status}")
        workers = [peak_rss_mb(pid) for pid in _children(server.process.pid)]
        for connection in connections:
            connection.close()
    return {"workers_mb": workers, "max_mb": max(workers, default=None)}
