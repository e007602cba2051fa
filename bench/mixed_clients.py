"""The clients of bench/mixed_load.py: a browser-like keep-alive connection with a cookie
jar, and the timed actions of each kind of client (answer a survey link, view a portal
page, write through the API), each recording its outcome and the write acknowledged."""

import json
import re
import threading
import time
import urllib.parse
from dataclasses import dataclass, field

from app.surveys.models import QuestionKind
from bench import surveys_load
from bench.load import Connection, LoadResult

PASSWORD = "Mixed-load-password-2026!"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def wait_for_workers(port, timeout=300):
    """Block until the server answers a page: gunicorn accepts connections before its
    workers have imported the app, which on a busy machine takes longer than one
    request's timeout."""
    deadline = time.monotonic() + timeout
    while True:
        connection = Connection(port)
        try:
            response, _ = connection.request("GET", "/login")
            if response.status == 200:
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
        finally:
            connection.close()
        time.sleep(0.5)


@dataclass
class Kind:
    """The requests of one kind of client: outcome and latency of each, and the writes
    the server acknowledged."""

    name: str
    result: LoadResult = field(default_factory=LoadResult)
    errors: list = field(default_factory=list)
    acknowledged: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, began, ok, problem=None, write=None):
        with self.lock:
            self.result.latencies.append(time.perf_counter() - began)
            self.result.ok += ok
            self.result.failed += not ok
            if problem and len(self.errors) < 20:
                self.errors.append(problem)
            if write is not None:
                self.acknowledged.append(write)


class Browser:
    """A keep-alive connection with a cookie jar, as a browser tab would have."""

    def __init__(self, port):
        self.connection, self.cookies = Connection(port), {}

    def request(self, method, path, form=None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        response, data = self.connection.request(method, path, body=body, headers=headers)
        for cookie in response.msg.get_all("Set-Cookie") or []:
            name, _, value = cookie.split(";")[0].partition("=")
            self.cookies[name.strip()] = value
        return response, data.decode("utf-8", "replace")

    def csrf(self, path):
        response, page = self.request("GET", path)
        match = CSRF.search(page)
        if response.status != 200 or match is None:
            raise RuntimeError(f"GET {path} answered {response.status} without a form")
        return match.group(1)

    def close(self):
        self.connection.close()


def timed(kind, action):
    """Run one `action() -> (ok, problem, write)`; a raised error is a failed request."""
    began = time.perf_counter()
    try:
        ok, problem, write = action()
    except Exception as error:  # a dropped connection, a timeout: counted, never lost
        ok, problem, write = False, repr(error), None
    kind.record(began, ok, problem, write)


def survey_answer(browser, token, fields):
    """A customer opens a fresh link and answers it; acknowledged write: the token."""
    csrf = browser.csrf(f"/s/{token}")
    form = {"csrf_token": csrf, fields[QuestionKind.NPS.value]: "9", fields[QuestionKind.CSAT.value]: "4",
            fields[QuestionKind.TEXT.value]: "Faster quotes, please."}
    response, page = browser.request("POST", f"/s/{token}", form=form)
    ok = response.status == 200 and surveys_load.THANKS.decode() in page
    return ok, None if ok else f"POST /s/<token>: {response.status}", token if ok else None


def log_in(browser, email):
    csrf = browser.csrf("/login")
    response, _ = browser.request("POST", "/login", form={"csrf_token": csrf, "email": email, "password": PASSWORD})
    if response.status != 302:
        raise RuntimeError(f"log-in of {email} answered {response.status}")


def page_view(browser, path):
    response, _ = browser.request("GET", path)
    ok = response.status == 200
    return ok, None if ok else f"GET {path}: {response.status}", None


def api_write(connection, token, partner_id, external_id):
    """POST a new item with its own external id and Idempotency-Key, then repeat the very
    same request (a client retrying after a lost answer): the repeat must return the same
    item. Acknowledged write: the external id."""
    body = json.dumps({"source": "customer", "partner_id": partner_id, "nps": 8, "external_id": external_id,
                       "text": f"Load test item {external_id}", "given_at": "2026-01-15T10:00:00Z"})
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json",
               "Idempotency-Key": f"key-{external_id}"}
    first, data = connection.request("POST", "/api/v1/feedback", body=body, headers=headers)
    if first.status != 201:
        return False, f"POST /api/v1/feedback: {first.status} {data[:200]!r}", None
    retry, retry_data = connection.request("POST", "/api/v1/feedback", body=body, headers=headers)
    same = retry.status in (200, 201) and json.loads(retry_data)["id"] == json.loads(data)["id"]
    return same, None if same else f"retry of {external_id}: {retry.status}", external_id
