"""Closing the loop in headless Chromium: a partner manager resolves a follow-up with
a reply, and the customer answers the emailed question with the link from the email."""

import re

import pytest
from playwright.sync_api import expect

from app.extensions import db
from app.followups.models import FollowUpStatus, ReplyState
from tests.factories import PASSWORD, build_org
from tests.followups.helpers import customer_item, make_follow_up, refreshed, replies_of
from tests.smtp import text_part

pytestmark = pytest.mark.browser

CUSTOMER = "casey@customer.example.com"
YES_LINK = re.compile(r"https?://\S+/loop/\S+\?answer=yes")


def log_in(page, email):
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_staff_resolve_with_a_reply_and_the_customer_confirms_from_the_email(page, new_page, smtp, deliver_mail):
    org = build_org("loop")
    follow_up = make_follow_up(org, customer_item(org, CUSTOMER), title="Fix the nightly connector")
    db.session.commit()

    log_in(page, org.manager.email)
    page.goto(f"/followups/{follow_up.id}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Fix the nightly connector")
    page.get_by_label("Reply to the person who gave the feedback").fill("We fixed the connector for your account.")
    page.get_by_role("button", name="Resolve and send reply").click()
    expect(page.get_by_role("alert")).to_contain_text("Resolved; the reply is on its way.")

    deliver_mail()
    smtp.wait_for(2)
    [email] = smtp.to(CUSTOMER)
    assert "We fixed the connector for your account." in text_part(email)
    link = YES_LINK.search(text_part(email)).group(0)

    customer = new_page()
    customer.goto(link)
    expect(customer.get_by_role("heading", level=1)).to_have_text("Is your issue resolved?")
    expect(customer.get_by_label("Yes, it is resolved")).to_be_checked()
    customer.get_by_role("button", name="Send my answer").click()
    expect(customer.get_by_role("heading", level=1)).to_have_text("Thank you")
    expect(customer.get_by_text("Glad it is resolved")).to_be_visible()

    db.session.expire_all()
    assert replies_of(org)[0].state == ReplyState.CONFIRMED
    assert refreshed(org, follow_up).status == FollowUpStatus.RESOLVED
    page.reload()
    expect(page.get_by_text("Confirmed resolved")).to_be_visible()
