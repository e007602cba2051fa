"""Suggested themes on the Themes page in Chromium, at desktop and phone widths: a staff
member accepts one and dismisses another with one click each (CSRF on, as served). With
SCREENSHOTS=1 the desktop page is saved to docs/screenshots/theme-suggestions.png:

    SCREENSHOTS=1 .venv/bin/python -m pytest -p no:cacheprovider tests/browser/test_theme_suggestions_page.py
"""

from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.core.models import utcnow
from app.extensions import db
from app.feedback.models import Channel, Source
from app.feedback.services import FeedbackInput, record_feedback
from app.tenancy import scoped_to
from app.tenants.models import Tenant
from tests.browser.test_screenshots import capture, demo, log_in  # noqa: F401  (demo is a fixture)

pytestmark = pytest.mark.browser

# Complaints none of the demo themes' keywords cover (written for this test).
UNCOVERED = (
    "Commission statements arrive late and never match our own numbers.",
    "Our commission statements are missing two deals from June.",
    "Hard to reconcile commission statements with the invoices we sent.",
    "The sandbox environment expired before our proof of concept ended.",
    "Sandbox environment requests take a week to be provisioned.",
    "We lost the demo because the sandbox environment was reset overnight.",
    "Lead routing sends us leads from regions we do not cover.",
    "Lead routing ignored our specialisation again, the leads were useless.",
    "Nobody could explain the lead routing rules to our sales team.",
)


def _add_uncovered_complaints():
    tenant_id = db.session.scalars(select(Tenant.id).where(Tenant.slug == "demo")).one()
    with scoped_to(tenant_id):
        for days, text in enumerate(UNCOVERED, start=1):
            record_feedback(FeedbackInput(source=Source.PARTNER, channel=Channel.PORTAL, text=text, nps=3,
                                          given_at=utcnow() - timedelta(days=days)))
        db.session.commit()


def test_staff_accept_and_dismiss_suggested_themes(page, demo):  # noqa: F811
    _add_uncovered_complaints()
    log_in(page, "manager@demo.example")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page.goto("/settings/themes/").status == 200
    section = page.locator("#suggestions")
    expect(section).to_contain_text("commission statements")
    expect(section.locator("mark").first).to_be_visible()
    capture(page, "theme-suggestions")
    page.screenshot(path="/tmp/theme-suggestions-1280.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    section.screenshot(path="/tmp/theme-suggestions-390.png")
    page.set_viewport_size({"width": 1280, "height": 800})

    page.get_by_role("button", name="Add as theme: “commission statements”").click()
    expect(page.get_by_role("alert")).to_contain_text("Saved “Commission statements”. Its keywords match 3")
    expect(page.get_by_role("table", name="Themes, their keywords")).to_contain_text("Commission statements")
    expect(section).not_to_contain_text("commission statements")

    page.get_by_role("button", name="Dismiss “sandbox environment”").click()
    expect(page.get_by_role("alert")).to_contain_text("Dismissed “sandbox environment”")
    expect(section.locator("ol")).not_to_contain_text("sandbox environment")
    expect(section.locator("details")).to_contain_text("sandbox environment")
