"""axe-core in the browser tests (issue #17).

Every HTML document a watched page loads is copied as the server sent it (at DOMContentLoaded,
through a binding an init script calls, so a quick next navigation cannot lose it). When the
test ends, each copy is written into a separate audit page of the same origin, so styles and
scripts load as before (charts.js left out), and axe-core checks it at desktop width and at
390 px. Auditing copies,
not the test's own page, keeps the journeys undisturbed: nothing resizes their viewport or
races their next click.

Serious and critical violations fail the test; moderate and minor ones become A11yNotice
warnings, listed in pytest's warnings summary. `audit_live_page` checks a page as it is now,
for states a copy does not have (drawn charts)."""

import hashlib
import re
import warnings
from pathlib import Path
from urllib.parse import urlsplit

AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = (1280, 390)
FAILING = ("serious", "critical")
RULE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AUDIT_TIMEOUT_MS = 30_000

# Runs before any script of the page; the page's own DOMContentLoaded handlers (charts.js)
# run after it, so the copy is the document as parsed, before scripts add to it.
SNAPSHOT_SCRIPT = """
if (window === window.top) {
  document.addEventListener("DOMContentLoaded", () => {
    if (document.contentType === "text/html" && window.__a11ySnapshot) {
      window.__a11ySnapshot(location.href, document.documentElement.outerHTML);
    }
  }, {once: true});
}
"""

RUN_AXE = """options => axe.run(document, options).then(result => result.violations.map(v => ({
  id: v.id, impact: v.impact, help: v.help,
  nodes: v.nodes.map(n => n.target.join(" ") + (n.any.length ? " — " + n.any[0].message : "")),
})))"""

# Charts are not drawn in the copies (plotly is large; audit_live_page checks drawn ones).
CHART_SCRIPT = re.compile(r'<script[^>]*js/charts[^>]*></script>')
BLANK_PAGE = "/healthz"
# Resize events are dispatched before the next frame's callbacks.
AFTER_RESIZE = "() => new Promise(done => requestAnimationFrame(done))"

NUMBER_SEGMENT = re.compile(r"/\d+(?=/|$)")
LONG_SEGMENT = re.compile(r"/[A-Za-z0-9_\-]{20,}(?=/|$)")
CLASS_LIST = re.compile(r'class="([^"]*)"')
ATTRIBUTE = re.compile(r"\s((?:aria|role|tabindex|type|for|id|alt|title|lang|disabled|hidden)[a-z-]*)=")
STYLE = re.compile(r'style="([^"]*)"')
CSRF_VALUE = re.compile(r'(name="csrf_token"[^>]*value=")[^"]*|(<meta name="csrf-token" content=")[^"]*')


class A11yNotice(UserWarning):
    """A moderate or minor axe finding: reported, not failing."""


def axe_source():
    if not AXE_JS.exists():
        raise RuntimeError(f"{AXE_JS} is missing: run `npm ci` (scripts/bootstrap.sh dev installs it)")
    return AXE_JS.read_text(encoding="utf-8")


def run_axe(page):
    """axe's WCAG 2.0/2.1 A and AA violations on the page as it is now."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # evaluate, not add_script_tag: the app's CSP forbids inline scripts, not evaluation.
        page.evaluate(axe_source())
    return page.evaluate(RUN_AXE, {"runOnly": {"type": "tag", "values": RULE_TAGS},
                                   "resultTypes": ["violations"]})


def structure_of(url, html):
    """A fingerprint of what axe judges in a page: its route, and the classes, attributes and
    inline styles it uses, not its words or numbers. A second feedback item, or the list
    reloaded after a change, has the same structure and is audited once per session, which
    keeps the audit of the whole browser suite to a minute or so; a new badge colour, an error
    state, an overdue row or an extra attribute makes a new structure."""
    path = urlsplit(url).path
    route = LONG_SEGMENT.sub("/<token>", NUMBER_SEGMENT.sub("/<id>", path))
    markup = CSRF_VALUE.sub(r"\1\2", html)
    parts = sorted(set(CLASS_LIST.findall(markup)) | set(ATTRIBUTE.findall(markup)) | set(STYLE.findall(markup)))
    return hashlib.sha1("\n".join([route, *parts]).encode()).hexdigest()


def describe(url, width, violation):
    nodes = "\n      ".join(violation["nodes"][:6])
    more = f" (+{len(violation['nodes']) - 6} more)" if len(violation["nodes"]) > 6 else ""
    return (f"{url} at {width}px: {violation['id']} ({violation['impact']}) {violation['help']}"
            f"{more}\n      {nodes}")


class A11yAudit:
    """Collects the documents of the watched pages, then audits them at both widths."""

    def __init__(self, seen=None):
        self.snapshots = {}  # fingerprint -> (url, html)
        # Fingerprints of the documents audited before, by earlier tests of the session.
        self.seen = set() if seen is None else seen
        self.serious = []
        self.notices = []
        self.audited = 0

    def watch(self, context):
        context.expose_binding("__a11ySnapshot", self._on_snapshot)
        context.add_init_script(SNAPSHOT_SCRIPT)
        return context

    def _on_snapshot(self, _source, url, html):
        fingerprint = structure_of(url, html)
        if fingerprint not in self.seen:
            self.seen.add(fingerprint)
            self.snapshots[fingerprint] = (url, "<!doctype html>\n" + html)

    def audit(self, browser, base_url):
        if not self.snapshots:
            return
        context = browser.new_context(base_url=base_url, viewport={"width": WIDTHS[0], "height": 800})
        try:
            page = context.new_page()
            page.set_default_timeout(AUDIT_TIMEOUT_MS)
            # A same-origin document with the app's headers (CSP included); each copy is
            # written into it, so stylesheets come from the cache and axe is loaded once.
            page.goto(BLANK_PAGE)
            for url, html in self.snapshots.values():
                self._audit_copy(page, url, html)
        finally:
            context.close()
        self.snapshots.clear()

    def _audit_copy(self, page, url, html):
        page.set_content(CHART_SCRIPT.sub("", html), wait_until="load")
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            page.evaluate(AFTER_RESIZE)  # the page's resize handlers (a11y.js) have run
            self.record(url, width, run_axe(page))
        page.set_viewport_size({"width": WIDTHS[0], "height": 800})

    def audit_live_page(self, page):
        """Audits a page of the test as it is now, at its current width."""
        self.record(page.url, page.viewport_size["width"], run_axe(page))

    def record(self, url, width, violations):
        self.audited += 1
        for violation in violations:
            line = describe(url, width, violation)
            (self.serious if violation["impact"] in FAILING else self.notices).append(line)

    def report(self):
        """Warns about the moderate findings; returns the failing ones."""
        for notice in dict.fromkeys(self.notices):
            warnings.warn(A11yNotice(notice), stacklevel=1)
        return list(dict.fromkeys(self.serious))
