"""The customer survey journey in headless Chromium: a partner admin sends a campaign,
the customer opens the emailed link (on a phone, without JavaScript) and answers,
and the partner admin sees the response counted."""

import re

import pytest
from playwright.sync_api import expect

from app.extensions import db
from tests.factories import PASSWORD
from tests.smtp import text_part
from tests.surveys.helpers import make_survey

pytestmark = pytest.mark.browser

CUSTOMER = "carla@customer.example.com"
SURVEY_LINK = re.compile(r"https?://\S+/s/[A-Za-z0-9_\-]+(?=\s)")
PHONE = {"width": 390, "height": 844}


def log_in(page, email):
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def send_campaign(page, survey_title):
    page.goto("/surveys/")
    page.get_by_role("link", name="New customer campaign").first.click()
    page.get_by_label("Survey").select_option(label=survey_title)
    page.get_by_label("Campaign name (optional)").fill("Spring check-in")
    page.get_by_role("button", name="Create campaign").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Spring check-in")
    page.get_by_label("Email").fill(CUSTOMER)
    page.get_by_label("Name", exact=True).fill("Carla")
    page.get_by_role("button", name="Add contact").click()
    page.get_by_role("link", name="Send to 1 contact…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Send “Spring check-in”?")
    expect(page.get_by_text("Hello Carla,")).to_be_visible()
    page.get_by_role("button", name="Send to 1 contact").click()
    expect(page.get_by_role("alert")).to_contain_text("Sent to 1 contact.")


def emailed_link(smtp, deliver_mail):
    deliver_mail()
    smtp.wait_for(1)
    [message] = [m for m in smtp.messages if m["To"] == CUSTOMER]
    return SURVEY_LINK.search(text_part(message)).group(0)


def customer_page(browser, live_url, page_problems):
    """A phone-sized browser with JavaScript switched off: the page must work anyway."""
    context = browser.new_context(base_url=live_url, viewport=PHONE, java_script_enabled=False)
    return context, page_problems.watch(context.new_page())


def test_customer_answers_the_emailed_survey_and_the_partner_sees_it_counted(
    world, page, browser, live_url, page_problems, smtp, deliver_mail
):
    survey = make_survey(world.a, title="Customer check-in")
    db.session.commit()
    log_in(page, world.a.partner_admins[0].email)
    send_campaign(page, "Customer check-in")
    link = emailed_link(smtp, deliver_mail)

    context, customer = customer_page(browser, live_url, page_problems)
    try:
        customer.goto(link)
        expect(customer.get_by_text("Partner A1 · on behalf of Vendor A")).to_be_visible()
        expect(customer.get_by_role("heading", level=1)).to_have_text(survey.title)
        assert customer.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        customer.get_by_role("group", name=re.compile("How likely are you to recommend us")).get_by_text(
            "9", exact=True
        ).click()
        customer.get_by_label("Pro", exact=True).check()
        customer.get_by_label("API", exact=True).check()
        customer.get_by_label(re.compile("What should we improve")).fill("Faster invoices, please.")
        customer.get_by_role("button", name="Send my answers").click()
        expect(customer.get_by_role("heading", level=1)).to_have_text("Thank you")

        customer.goto(link)
        expect(customer.get_by_text("You have already answered this survey")).to_be_visible()
    finally:
        context.close()

    page.reload()
    rates = page.get_by_label("Response rates")
    expect(rates.locator(".stat-card", has_text="Answered")).to_contain_text("1")
    expect(rates.locator(".stat-card", has_text="Answered")).to_contain_text("100%")
    expect(rates.locator(".stat-card", has_text="Opened link")).to_contain_text("1")
    page.get_by_role("link", name="Results").click()
    expect(page.get_by_text("Faster invoices, please.")).to_be_visible()
