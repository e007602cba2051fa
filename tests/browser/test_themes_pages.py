"""The Themes page and the program view's themes section open in Chromium without
browser errors; with SCREENSHOTS=1 they are saved to docs/screenshots/ (see
tests/browser/test_screenshots.py):

    SCREENSHOTS=1 .venv/bin/python -m pytest -p no:cacheprovider tests/browser/test_themes_pages.py
"""

import pytest
from playwright.sync_api import expect

from tests.browser.test_screenshots import capture, demo, log_in  # noqa: F401  (demo is a fixture)

pytestmark = pytest.mark.browser


def test_themes_page_and_program_view_themes_render(page, demo):  # noqa: F811
    log_in(page, "manager@demo.example")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page.goto("/settings/themes/").status == 200
    expect(page.get_by_role("table", name="Themes, their keywords")).to_contain_text("Approval speed")
    expect(page.get_by_role("table", name="Feedback items with text per engine")).to_contain_text("partnerloop-linear")
    capture(page, "20-themes")
    assert page.goto("/insights/", timeout=60_000).status == 200  # plotly.js is large; the machine is shared
    page.wait_for_load_state("networkidle")
    section = page.locator("#themes-title").locator("xpath=ancestor::div[contains(@class, 'row')][1]")
    expect(page.locator("#themes-title")).to_be_visible()
    expect(page.locator("#terms-title")).to_be_visible()
    section.screenshot(path="/tmp/themes-section.png")
    capture(page, "21-program-themes")
