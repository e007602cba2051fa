"""Two journeys of #15 in headless Chromium, with screenshots at desktop (1280 px) and
phone (390 px) widths when SCREENSHOTS=1 (see tests/browser/test_screenshots.py):

- item 4: a partner user finds the vendor's reply on their home page, sees who sent it,
  and answers "resolved" in the portal, the choice the emailed link offers;
- item 5: a partner manager merges a duplicate idea: nothing is pre-selected, a
  confirmation names both ideas, the details move, the author is emailed, and the
  merged idea offers no vote, comment or status controls."""

import pytest
from playwright.sync_api import expect

from app.extensions import db
from app.followups.models import ReplyState
from app.ideas import services as idea_service
from app.tenancy import scoped_to
from tests.browser.test_partner_walls import capture_both, log_in
from tests.factories import build_org, membership_of
from tests.followups.helpers import make_follow_up, outbox, record_item, replies_of

pytestmark = pytest.mark.browser

FEEDBACK = "MDF claims take six weeks to be paid out, which hurts our cash flow."
REPLY = "We moved MDF payouts to a weekly run; your open claim is paid this Friday."


def test_partner_user_answers_the_reply_in_the_portal(page, new_page):
    org = build_org("reply")
    author = org.partner_members[0]
    item = record_item(org, 0, text=FEEDBACK, author=author)
    follow_up = make_follow_up(org, item, title="Speed up MDF payouts")
    db.session.commit()

    log_in(page, org.manager.email)
    page.goto(f"/followups/{follow_up.id}")
    page.get_by_label("Reply to the person who gave the feedback").fill(REPLY)
    page.get_by_role("button", name="Resolve and send reply").click()
    expect(page.get_by_role("alert")).to_contain_text("Resolved; the reply is on its way.")

    partner = new_page()
    log_in(partner, author.email)
    replies = partner.get_by_role("region", name="Replies to your feedback")
    expect(replies).to_contain_text(f"{org.manager.name}, {org.tenant.name}")
    expect(replies).to_contain_text("Awaiting confirmation")
    expect(replies).to_contain_text("We moved MDF payouts to a weekly run")
    capture_both(partner, "reply-on-partner-home")

    replies.get_by_role("link").first.click()
    expect(partner.get_by_text(f"from {org.manager.name}, {org.tenant.name}")).to_be_visible()
    expect(partner.get_by_text(REPLY)).to_be_visible()
    partner.get_by_label("Yes, it is resolved").check()
    partner.get_by_label("Anything to add? (optional)").fill("Confirmed, the payment arrived.")
    capture_both(partner, "reply-answered-in-portal")
    partner.get_by_role("button", name="Send my answer").click()
    expect(partner.get_by_role("alert")).to_contain_text("Thank you: glad it is resolved.")
    expect(partner.get_by_text("Confirmed resolved")).to_be_visible()
    expect(partner.get_by_role("button", name="Send my answer")).to_have_count(0)

    db.session.expire_all()
    assert replies_of(org)[0].state == ReplyState.CONFIRMED
    page.reload()
    expect(page.get_by_text("Confirmed the issue is resolved.")).to_be_visible()


def _idea(org, user, title, description):
    with scoped_to(org.tenant.id):
        idea = idea_service.post_idea(membership_of(user, org.tenant), title, description)
        db.session.commit()
        return idea


def test_merging_a_duplicate_idea_asks_first_and_keeps_its_details(page, new_page):
    org = build_org("merge")
    _idea(org, org.partner_members[1], "Dark mode for the portal", "")
    target = _idea(org, org.partner_admins[0], "Self-service MDF claims", "Claims by email take weeks.")
    duplicate = _idea(org, org.partner_members[0], "MDF claims online",
                      "Let us upload receipts in the portal instead of emailing them.")

    log_in(page, org.manager.email)
    page.goto(f"/ideas/{duplicate.id}")
    merge_into = page.get_by_label("Merge into")
    expect(merge_into).to_have_value("")
    page.get_by_role("button", name="Merge duplicate…").click()
    expect(page.get_by_role("alert")).to_contain_text("Choose the idea this one duplicates.")
    page.get_by_label("Merge into").select_option(label="Self-service MDF claims")
    page.get_by_role("button", name="Merge duplicate…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Merge this duplicate?")
    expect(page.get_by_text("“MDF claims online”", exact=True)).to_be_visible()
    expect(page.get_by_text("“Self-service MDF claims”", exact=True)).to_be_visible()
    capture_both(page, "merge-ideas-confirmation")
    page.get_by_role("button", name="Merge into “Self-service MDF claims”").click()
    expect(page.get_by_role("alert")).to_contain_text("“MDF claims online” is merged into this idea")
    expect(page.get_by_text("Let us upload receipts in the portal instead of emailing them.")).to_be_visible()
    [email] = outbox("idea_merged")
    assert email.to_address == org.partner_members[0].email

    author = new_page()
    log_in(author, org.partner_members[0].email)
    author.goto(f"/ideas/{duplicate.id}")
    expect(author.get_by_text("This idea was merged into")).to_be_visible()
    expect(author.get_by_role("button", name="Comment")).to_have_count(0)
    expect(author.locator(f'form[action="/ideas/{duplicate.id}/vote"]')).to_have_count(0)
    capture_both(author, "merged-idea-seen-by-its-author")
    page.goto(f"/ideas/{duplicate.id}")
    expect(page.get_by_role("button", name="Move")).to_have_count(0)
    expect(page.get_by_role("button", name="Record vote")).to_have_count(0)
    expect(page.get_by_role("link", name="the idea it joined")).to_be_visible()
    assert target.id != duplicate.id
