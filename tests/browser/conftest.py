"""Browser fixtures: the session's test app served on a free local port, and
Debian's headless Chromium driven by Playwright's sync API.

Every page a test opens is watched: a JavaScript error, a CSP violation (Chromium
reports those on the console) or a failed sub-resource (a missing stylesheet or
script) fails the test when it ends, and so does a serious or critical accessibility
violation that axe-core finds in any page it loaded, at desktop or phone width
(tests/browser/axe.py)."""

import os
import threading

import pytest
from werkzeug.serving import make_server

from app.extensions import db
from app.mail.sender import deliver_all_due
from tests.browser.axe import A11yAudit
from tests.browser.watch import PageProblems
from tests.smtp import free_port

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 800}


class LiveServer:
    """The app served by werkzeug in a background thread."""

    def __init__(self, app):
        self.app = app
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = make_server("127.0.0.1", self.port, app, threaded=True)
        # A short poll interval: shutdown() waits for serve_forever's next poll.
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02},
                                       name="live-server", daemon=True)

    def start(self):
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.thread.join(timeout=5)


@pytest.fixture(scope="session")
def live_server(app):
    server = LiveServer(app)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def live_url(app, live_server):
    """The served app's base URL, with real-world settings for one test: CSRF on
    (real forms carry the token) and email links pointing at the served app."""
    saved = {key: app.config[key] for key in ("WTF_CSRF_ENABLED", "BASE_URL")}
    app.config.update(WTF_CSRF_ENABLED=True, BASE_URL=live_server.url)
    # The test's own session must not hold a read transaction (and so a SQLite
    # lock) while the server's threads write.
    db.session.commit()
    yield live_server.url
    app.config.update(saved)


@pytest.fixture
def deliver_mail(app):
    """deliver_mail() sends every due outbox message, as the sender process would."""

    def _deliver():
        with app.app_context():
            delivered = deliver_all_due()
            db.session.remove()
        return delivered

    return _deliver


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (scripts/ensure-chromium.sh)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page_problems():
    problems = PageProblems()
    yield problems
    assert not problems.problems, "\n".join(problems.problems)


@pytest.fixture(scope="session")
def a11y_seen():
    """The page structures audited so far in this session (tests/browser/axe.py)."""
    return set()


@pytest.fixture
def a11y(browser, live_server, a11y_seen):
    """The axe-core audit of every page the test's browser contexts load (tests/browser/axe.py)."""
    audit = A11yAudit(a11y_seen)
    yield audit
    audit.audit(browser, live_server.url)
    serious = audit.report()
    assert not serious, f"{len(serious)} serious or critical accessibility violation(s):\n" + "\n".join(serious)


@pytest.fixture
def new_page(browser, live_url, page_problems, a11y):
    """new_page() -> a page in a fresh browser context (its own cookies), watched for errors
    and audited for accessibility."""
    contexts = []

    def _new_page():
        context = a11y.watch(browser.new_context(base_url=live_url, viewport=VIEWPORT))
        contexts.append(context)
        return page_problems.watch(context.new_page())

    yield _new_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()
