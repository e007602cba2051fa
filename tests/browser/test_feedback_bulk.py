"""Bulk changes on the feedback list in Chromium (issue #15, item 13): staff tick items,
set their status, and undo exactly that change; the list fits a 390 px phone. With
SCREENSHOTS=1 the pages are saved to docs/screenshots/ at desktop and phone widths."""

import pytest
from playwright.sync_api import expect

from app.extensions import db
from app.feedback.models import FeedbackItem, FeedbackStatus
from app.tenancy import scoped_to
from tests.browser.test_partner_walls import PHONE, capture_both, log_in
from tests.factories import build_org
from tests.followups.helpers import record_item

pytestmark = pytest.mark.browser


def _statuses(org, ids):
    with scoped_to(org.tenant.id):
        return [db.session.get(FeedbackItem, i, populate_existing=True).status for i in ids]


def test_staff_set_the_status_of_ticked_items_and_undo_it(page):
    org = build_org("bulk")
    ids = [record_item(org, index % 2, text=f"Deal registration approvals are slow, case {index}.").id
           for index in range(3)]
    db.session.commit()
    log_in(page, org.manager.email)
    page.goto("/feedback/?status=new")
    for item_id in ids[:2]:
        page.get_by_label(f"Select feedback #{item_id}").check()
    bulk = page.get_by_role("form", name="Change the selected feedback")
    bulk.get_by_label("Change", exact=True).select_option("status")
    bulk.get_by_label("Status", exact=True).select_option("planned")
    capture_both(page, "feedback-bulk-selection")
    page.get_by_role("button", name="Apply to selected").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bulk change done")
    expect(page.locator("#bulk-summary")).to_contain_text("Changed 2 items")
    assert _statuses(org, ids) == [FeedbackStatus.PLANNED, FeedbackStatus.PLANNED, FeedbackStatus.NEW]
    capture_both(page, "feedback-bulk-result")
    page.get_by_role("button", name="Undo this change").click()
    expect(page.get_by_role("alert")).to_contain_text("Undone on 2 items.")
    assert page.url.endswith("/feedback/?status=new")
    assert _statuses(org, ids) == [FeedbackStatus.NEW] * 3


def test_feedback_list_with_its_filters_fits_a_phone(page):
    org = build_org("bulkphone")
    record_item(org, text="A long text " * 30)
    db.session.commit()
    log_in(page, org.admin.email)
    page.set_viewport_size(PHONE)
    page.goto("/feedback/?status=new&score_kind=nps")
    expect(page.locator("#more-filters")).to_have_attribute("open", "")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
