"""The customer survey and a partner's feedback form, completed with the keyboard alone
(issue #17): every stop on the way shows a focus ring, a failed submit puts the focus on the
first field in error with its message tied to it, and the survey's 0-10 scale is a radio
group that the arrow keys move through. The axe-core audit (tests/browser/axe.py) checks
every page these journeys load, at desktop and phone width."""

import os
import re

import pytest
from playwright.sync_api import expect

from app.extensions import db
from tests.browser.keyboard import tab_to, type_into
from tests.browser.test_screenshots import capture
from tests.factories import PASSWORD, build_org
from tests.surveys.helpers import links_by_address, sent_campaign

pytestmark = pytest.mark.browser

CUSTOMER = "kim@customer.example.com"
PHONE = {"width": 390, "height": 844}
SCREENSHOTS = os.environ.get("SCREENSHOTS") == "1"


def capture_focus(page, name, widths=(None,)):
    """With SCREENSHOTS=1: the screen as it is (not the whole page), at the given widths."""
    if not SCREENSHOTS:
        return
    desktop = page.viewport_size
    for width in widths:
        if width:
            page.set_viewport_size({"width": width, "height": 844})
        capture(page, f"a11y-{name}-{'phone' if (width or desktop['width']) < 768 else 'desktop'}", full_page=False)
    page.set_viewport_size(desktop)


def described_by(locator):
    """The text of the elements the locator's aria-describedby names."""
    return locator.evaluate("""element => (element.getAttribute("aria-describedby") || "").split(" ")
        .filter(Boolean).map(id => document.getElementById(id).textContent.trim()).join(" | ")""")


def log_in_by_keyboard(page, email):
    page.goto("/login")
    type_into(page, page.get_by_label("Email"), email)
    type_into(page, page.get_by_label("Password"), PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Log in")).to_have_count(0)


def test_partner_user_gives_feedback_with_the_keyboard_only(page):
    org = build_org("keys")
    db.session.commit()
    log_in_by_keyboard(page, org.partner_members[0].email)

    # The first Tab reaches the skip link; Enter moves the focus to the page's content.
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    capture_focus(page, "focus-skip-link")
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    tab_to(page, page.get_by_role("link", name="Give feedback").first)
    page.keyboard.press("Enter")
    expect(page).to_have_title(re.compile("^Give feedback"))

    # Sent empty: the focus lands on the first field in error, which names its error.
    tab_to(page, page.get_by_role("button", name="Send feedback"))
    page.keyboard.press("Enter")
    text = page.get_by_label("Your feedback")
    expect(text).to_have_attribute("aria-invalid", "true")
    expect(text).to_be_focused()
    assert "This field is required." in described_by(text)
    capture_focus(page, "focus-first-error", widths=(None, 390))

    page.keyboard.type("The deal registration form loses our notes.")
    nps = page.get_by_label(re.compile("How likely are you to recommend"))
    tab_to(page, nps, backwards=True)
    page.keyboard.press("End")  # a closed select: the last option, 10
    tab_to(page, page.get_by_role("button", name="Send feedback"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("Thank you")
    expect(page.get_by_text("The deal registration form loses our notes.")).to_be_visible()
    expect(page.get_by_text("NPS 10")).to_be_visible()
    capture_focus(page, "contrast-feedback-item", widths=(None, 390))


def test_customer_answers_the_survey_with_the_keyboard_only(page, smtp):
    org = build_org("survey-keys")
    sent_campaign(org, [CUSTOMER])
    db.session.commit()
    page.set_viewport_size(PHONE)  # customers answer on their phones
    page.goto(f"/s/{links_by_address(smtp)[CUSTOMER]}")
    expect(page).to_have_title(re.compile("^Customer survey"))

    # Sent empty: the required 0-10 question is in error and gets the focus.
    tab_to(page, page.get_by_role("button", name="Send my answers"))
    page.keyboard.press("Enter")
    nps = page.get_by_role("group", name=re.compile("How likely are you to recommend us"))
    expect(nps.get_by_role("radio")).to_have_count(11)
    expect(nps.get_by_role("radio", name="0", exact=True)).to_be_focused()
    assert "0 = Not at all likely" in described_by(nps)
    assert "Please answer this question." in described_by(nps)

    # Arrow keys move through the scale and choose; Tab leaves the group.
    for _ in range(9):
        page.keyboard.press("ArrowRight")
    expect(nps.get_by_role("radio", name="9", exact=True)).to_be_checked()
    capture_focus(page, "focus-survey-scale", widths=(None, 1280))
    plan = page.get_by_role("group", name=re.compile("Which plan do you use"))
    tab_to(page, plan.get_by_role("radio").first)
    page.keyboard.press("ArrowDown")
    expect(plan.get_by_role("radio", name="Pro")).to_be_checked()
    tab_to(page, page.get_by_role("checkbox", name="API"))
    page.keyboard.press("Space")
    expect(page.get_by_role("checkbox", name="API")).to_be_checked()
    type_into(page, page.get_by_label(re.compile("What should we improve")), "Faster invoices.")
    tab_to(page, page.get_by_role("button", name="Send my answers"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
