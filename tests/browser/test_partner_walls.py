"""The walls between partners, and between staff and partners, in headless Chromium:
promoting a partner's feedback to an idea publishes only what staff wrote, and
delegating a follow-up first lists what the partner will see, which is then exactly
what its user sees. With SCREENSHOTS=1 the pages are saved to docs/screenshots/ at
desktop (1280 px) and phone (390 px) widths (see tests/browser/test_screenshots.py)."""

import pytest
from playwright.sync_api import expect

from app.extensions import db
from tests.browser.test_screenshots import capture
from tests.factories import PASSWORD, build_org
from tests.followups.helpers import make_follow_up, record_item

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
PRIVATE_TEXT = "Our margin on the Contoso deal is 4%; MDF claims take six weeks."


def log_in(page, email):
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log in")).to_have_count(0)


def capture_both(page, name):
    """Save `page` at desktop width, then at phone width (and go back to desktop)."""
    desktop = page.viewport_size
    capture(page, f"{name}-desktop")
    page.set_viewport_size(PHONE)
    capture(page, f"{name}-phone")
    page.set_viewport_size(desktop)


def test_promoted_idea_shows_other_partners_only_what_staff_wrote(page, new_page):
    org = build_org("promote")
    item = record_item(org, 0, text=PRIVATE_TEXT)
    db.session.commit()

    log_in(page, org.manager.email)
    page.goto(f"/feedback/{item.id}")
    page.get_by_role("link", name="Promote to idea").click()
    expect(page.get_by_role("note")).to_contain_text("Every partner of the program will be able to read this idea")
    expect(page.get_by_label("Idea title", exact=True)).to_have_value("")
    expect(page.get_by_label("Public description", exact=True)).to_have_value("")
    expect(page.get_by_label("Use the feedback's own text as the public description")).not_to_be_checked()
    capture_both(page, "promote-to-idea")
    page.get_by_label("Idea title", exact=True).fill("Faster MDF claims")
    page.get_by_role("button", name="Promote to idea").click()
    expect(page.get_by_role("alert")).to_contain_text("The feedback is now an idea on the board.")
    expect(page.get_by_text("No details given.")).to_be_visible()
    expect(page.get_by_role("link", name=f"feedback #{item.id}")).to_be_visible()  # staff keep the link

    other_partner = new_page()
    log_in(other_partner, org.partner_admins[1].email)
    other_partner.goto("/ideas/")
    other_partner.get_by_role("link", name="Faster MDF claims").click()
    expect(other_partner.get_by_role("heading", level=1)).to_have_text("Faster MDF claims")
    expect(other_partner.get_by_text("No details given.")).to_be_visible()
    expect(other_partner.get_by_text("Contoso")).to_have_count(0)
    expect(other_partner.get_by_role("link", name=f"feedback #{item.id}")).to_have_count(0)
    capture_both(other_partner, "promoted-idea-seen-by-another-partner")


def test_delegation_lists_what_the_partner_will_see_and_the_partner_sees_just_that(page, new_page):
    org = build_org("delegate")
    partner_user = org.partner_admins[0]
    follow_up = make_follow_up(org, record_item(org, 0, text="Deal registration takes a week."),
                               title="Speed up deal registration")
    db.session.commit()

    log_in(page, org.manager.email)
    page.goto(f"/followups/{follow_up.id}")
    share = page.get_by_label("Share with the partner")
    expect(share).not_to_be_checked()
    page.get_by_label("Note", exact=True).fill("Their margin is thin; do not offer a discount.")
    page.get_by_role("button", name="Add note").click()
    expect(page.get_by_role("alert")).to_contain_text("Note added.")
    page.get_by_label("Note", exact=True).fill("Please call Casey about the stuck registrations.")
    page.get_by_label("Share with the partner").check()
    page.get_by_role("button", name="Add note").click()
    expect(page.get_by_role("alert")).to_contain_text("Note added.")

    page.get_by_label("Owner", exact=True).select_option(str(partner_user.id))
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Delegate to {partner_user.name} of {org.partners[0].name}?")
    shared = page.locator("#shared-entries")
    expect(shared).to_contain_text("Please call Casey about the stuck registrations.")
    expect(shared).not_to_contain_text("Their margin is thin")
    expect(page.get_by_text("Their margin is thin")).to_have_count(0)
    expect(page.locator("#internal-entries")).to_have_text("Stay with your team: 1 internal entry.")
    expect(page.get_by_role("region", name="Details they will see")).to_contain_text("Deal registration takes a week.")
    capture_both(page, "delegation-confirmation")
    page.get_by_role("button", name=f"Delegate to {partner_user.name}").click()
    expect(page.get_by_role("alert")).to_contain_text("Follow-up updated.")

    partner = new_page()
    log_in(partner, partner_user.email)
    partner.goto("/followups/mine")
    partner.get_by_role("link", name="Speed up deal registration").click()
    expect(partner.get_by_role("heading", level=1)).to_have_text("Speed up deal registration")
    expect(partner.get_by_text("Please call Casey about the stuck registrations.")).to_be_visible()
    expect(partner.get_by_text("Their margin is thin")).to_have_count(0)
    expect(partner.get_by_label("Share with the partner")).to_have_count(0)
    capture_both(partner, "delegated-follow-up-seen-by-the-partner")
