"""Issue #15 item 7: on a 390 px phone no page scrolls sideways (wide tables scroll inside
their card) and the survey's 0-10 scale fits one row or wraps evenly."""

import re
from datetime import timedelta

import pytest

from app.extensions import db
from app.followups.services.followups import today
from app.tenancy import scoped_to
from tests.browser.test_partner_walls import log_in
from tests.browser.test_screenshots import capture
from tests.factories import build_org
from tests.followups.helpers import make_follow_up, record_item
from tests.surveys.helpers import make_survey

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
LONG_TITLE = "Partner asked twice about the quarterly MDF reconciliation and the missing invoices"


def page_width_overflow(page):
    """How many pixels the page is wider than the viewport (0 when nothing scrolls sideways)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.fixture
def phone(browser, live_url, page_problems):
    context = browser.new_context(base_url=live_url, viewport=PHONE)
    yield page_problems.watch(context.new_page())
    context.close()


def test_landing_page_fits_a_phone(phone):
    phone.goto("/")
    assert page_width_overflow(phone) <= 0


def test_staff_pages_with_tables_fit_a_phone(phone):
    org = build_org("phone")
    item = record_item(org, 0, nps=3, text="Deal registration approvals take nine days and nobody answers us.")
    make_follow_up(org, item, owner=org.manager, title=LONG_TITLE)
    overdue = make_follow_up(org, item, owner=org.manager, title="Reconcile the spring webinar claims")
    with scoped_to(org.tenant.id):
        overdue.due_on = today() - timedelta(days=4)
        db.session.commit()
    log_in(phone, org.manager.email)
    for path in ("/followups/", "/followups/mine", "/insights/", "/feedback/", "/partners/"):
        phone.goto(path)
        assert page_width_overflow(phone) <= 0, f"{path} is {page_width_overflow(phone)} px wider than the phone"
        if path == "/followups/":
            capture(phone, "follow-ups-table-scrolls-in-its-card-phone")


def scale_rows(page, question):
    """The number of options on each visual row of a survey scale, top to bottom."""
    tops = page.get_by_role("group", name=question).locator("label.survey-scale-option").evaluate_all(
        "labels => labels.map(label => Math.round(label.getBoundingClientRect().top))"
    )
    return [tops.count(top) for top in sorted(set(tops))]


def test_nps_scale_fits_one_row_or_wraps_evenly_on_a_phone(world, phone):
    survey = make_survey(world.a, title="Phone check-in")
    db.session.commit()
    log_in(phone, world.a.admin.email)
    phone.goto(f"/surveys/{survey.id}/preview")
    rows = scale_rows(phone, re.compile("How likely are you to recommend us"))
    assert sum(rows) == 11
    assert rows in ([11], [6, 5]), f"the 0-10 scale wraps as {rows}"
    capture(phone, "survey-scale-6-plus-5-phone")
    assert page_width_overflow(phone) <= 0
