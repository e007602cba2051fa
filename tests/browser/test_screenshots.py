"""Every key page opens in Chromium without a script error, a CSP violation or a
broken asset. With SCREENSHOTS=1 the pages are also saved to docs/screenshots/
(kept in git, so only written on request):

    SCREENSHOTS=1 .venv/bin/python -m pytest -p no:cacheprovider tests/browser/test_screenshots.py
"""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.demo.services.seed import DEMO_PASSWORD, seed_demo
from app.extensions import db
from app.mail.models import OutboxMessage
from app.partners.models import Partner
from app.tenancy import scoped_to

pytestmark = pytest.mark.browser

SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
INVITATION_PATH = re.compile(r"/invitations/[^\s\"<]+")


def capture(page, name, full_page=True):
    if os.environ.get("SCREENSHOTS") == "1":
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOT_DIR / f"{name}.png"), full_page=full_page)


def demo_invitation_path(tenant):
    with scoped_to(tenant.id):
        message = db.session.scalars(select(OutboxMessage).where(
            OutboxMessage.tenant_id == tenant.id,
            OutboxMessage.to_address == "new.colleague@northwind.example",
        )).one()
    return INVITATION_PATH.search(message.text_body).group(0)


@pytest.fixture
def demo(app, live_url, deliver_mail):
    """The demo tenant; its invitation emails captured for the mailbox page."""
    assert not app.config.get("SMTP_HOST"), "the mailbox page exists only without SMTP"
    items_per_partner = app.config["DEMO_ITEMS_PER_PARTNER"]
    if os.environ.get("SCREENSHOTS") == "1":
        app.config["DEMO_ITEMS_PER_PARTNER"] = 40  # full charts for the pictures
    tenant = seed_demo()
    app.config["DEMO_ITEMS_PER_PARTNER"] = items_per_partner
    db.session.commit()
    deliver_mail()
    with scoped_to(tenant.id):
        northwind = db.session.scalars(select(Partner).where(Partner.name == "Northwind Solutions")).one()
    invitation_path = demo_invitation_path(tenant)
    db.session.commit()
    return {"partner_id": northwind.id, "invitation_path": invitation_path, "tenant_id": tenant.id}


def visit_public_pages(page, invitation_path):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    capture(page, "01-landing")
    page.goto("/login")
    capture(page, "02-login")
    page.goto("/signup")
    page.get_by_label("Company name").fill("Acme Cloud")
    page.get_by_label("Portal address").fill("Not a slug!")
    page.get_by_label("Work email").fill("not-an-email")
    page.get_by_role("button", name="Create your portal").click()
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    capture(page, "03-signup-errors")
    page.goto(invitation_path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Join Northwind Solutions")
    capture(page, "08-invitation-accept")


def log_in(page, email):
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()


def visit_staff_pages(page, partner_id):
    log_in(page, "admin@demo.example")
    expect(page.get_by_role("heading", level=1)).to_have_text("Acme Cloud")
    capture(page, "04-staff-home")
    for path, name in (
        ("/partners/", "05-partners"),
        (f"/partners/{partner_id}", "06-partner"),
        ("/team/", "07-team"),
        ("/admin/mail/", "09-mailbox"),
        ("/insights/", "13-program-performance"),
        ("/insights/partners", "14-partner-health"),
        ("/ideas/", "15-ideas"),
        ("/feedback/", "16-feedback"),
        ("/followups/", "17-follow-ups"),
        ("/surveys/", "18-surveys"),
        ("/actions/", "19-actions"),
    ):
        response = page.goto(path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
        capture(page, name)


def visit_partner_pages(page):
    log_in(page, "nora@northwind.example")
    expect(page.get_by_role("heading", level=1)).to_have_text("Northwind Solutions")
    capture(page, "10-partner-home")
    page.goto("/team/")
    capture(page, "11-partner-team")
    assert page.goto("/partners/").status == 404
    capture(page, "12-not-found")


def test_key_pages_render_without_browser_errors(page, new_page, demo):
    visit_public_pages(page, demo["invitation_path"])
    visit_staff_pages(new_page(), demo["partner_id"])
    visit_partner_pages(new_page())
