"""The program view's charts draw in Chromium at desktop and phone width from the deferred
plotly.js bundle, each when it comes near the screen; with SCREENSHOTS=1 both widths are
saved to docs/screenshots/ (see tests/browser/test_screenshots.py). The drawn charts are checked
by axe-core too: the audits of page copies (tests/browser/axe.py) do not draw them."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_screenshots import capture, demo, log_in  # noqa: F401  (demo is a fixture)

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 390])
def test_program_view_draws_every_chart(page, a11y, demo, width):  # noqa: F811
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "manager@demo.example")
    assert page.goto("/insights/", timeout=60_000).status == 200  # the machine is shared
    charts = page.locator(".js-chart")
    assert charts.count() == 4
    for index in range(charts.count()):
        charts.nth(index).scroll_into_view_if_needed()
        expect(charts.nth(index).locator("svg.main-svg").first).to_be_attached(timeout=30_000)
    # The drawn charts hold no control inside their role="img" (axe: nested-interactive).
    a11y.audit_live_page(page)
    page.evaluate("window.scrollTo(0, 0)")
    capture(page, f"22-program-charts-{width}")
