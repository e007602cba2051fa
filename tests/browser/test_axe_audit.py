"""The axe-core audit of the browser fixtures (tests/browser/axe.py) really finds what it
promises to, in the documents a watched page loads, at both widths."""

import pytest

from tests.browser.axe import WIDTHS, A11yAudit, A11yNotice

pytestmark = pytest.mark.browser

GREY_ON_GREY = """<!doctype html><html lang="en"><head><title>Low contrast</title></head>
<body><main><h1>Report</h1><p style="color:#aaa;background:#bbb">Hard to read</p></main></body></html>"""


def test_a_loaded_page_is_audited_at_both_widths(browser, live_url):
    audit = A11yAudit()
    context = audit.watch(browser.new_context(base_url=live_url))
    page = context.new_page()
    page.goto("/login")
    page.goto("/signup")
    context.close()

    audit.audit(browser, live_url)

    assert audit.audited == 2 * len(WIDTHS)
    assert audit.report() == []


def test_a_low_contrast_text_fails_at_both_widths(browser, live_url):
    audit = A11yAudit()
    # A clean page first: the audit page (and axe in it) is reused from copy to copy.
    audit._on_snapshot(None, f"{live_url}/clean", GREY_ON_GREY.replace("color:#aaa", "color:#000"))
    audit._on_snapshot(None, f"{live_url}/grey", GREY_ON_GREY)

    audit.audit(browser, live_url)

    serious = audit.report()
    assert len(serious) == len(WIDTHS), serious
    for line, width in zip(serious, WIDTHS, strict=True):
        assert f"/grey at {width}px: color-contrast (serious)" in line


def test_moderate_findings_are_listed_as_warnings_not_failures():
    audit = A11yAudit()
    audit.record("http://x/ideas/", 390, [{"id": "some-rule", "impact": "moderate", "help": "Help", "nodes": ["a"]}])

    with pytest.warns(A11yNotice, match="ideas/ at 390px: some-rule"):
        assert audit.report() == []
