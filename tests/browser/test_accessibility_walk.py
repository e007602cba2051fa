"""Every role's pages of the demo tenant, checked by axe-core at desktop and 390 px (issue #17).

The walk follows the links each person sees, from their home page, and opens one page of
each route (a second feedback item looks like the first), so a new page is checked as soon
as something links to it. The audit itself is the browser fixtures' (tests/browser/axe.py):
every document the walk loads is checked at both widths when the test ends. States a
document copy does not show are checked live: the phone menu and account menu opened."""

import os
import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.demo.services.seed import DEMO_PASSWORD
from app.extensions import db
from app.mail.models import OutboxMessage
from app.tenancy import scoped_to
from tests.browser.test_screenshots import capture, demo  # noqa: F401  (demo is a fixture)

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
# Downloads, the e-mail body shown inside the mailbox's iframe, and one-time token links
# (walked on purpose below, where they are needed) are not followed.
NOT_FOLLOWED = re.compile(r"\.(csv|json)$|/html$|^/(s|loop|invitations|verify|reset)/|^/logout|^/api/")
SURVEY_LINK = re.compile(r"https?://\S+(/s/[A-Za-z0-9_\-]+)(?=\s)")
PAGES_PER_ROLE = 60


def route_of(path):
    """/feedback/12 and /feedback/13 are one route: /feedback/<id>."""
    return re.sub(r"/\d+(?=/|$)", "/<id>", path)


def links_on(page):
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(link => link.href)")
    here = urlsplit(page.url).netloc
    for href in hrefs:
        address = urlsplit(href)
        if address.netloc == here and not NOT_FOLLOWED.search(address.path):
            yield address.path


def walk(page, seen_routes, start="/"):
    """Opens `start` and, breadth first, one page of every route linked from the pages opened."""
    queue, opened = [start], []
    while queue and len(opened) < PAGES_PER_ROLE:
        path = queue.pop(0)
        if route_of(path) in seen_routes:
            continue
        seen_routes.add(route_of(path))
        response = page.goto(path, wait_until="domcontentloaded")  # the copy is taken then
        assert response.status < 500, path
        opened.append(path)
        queue.extend(link for link in links_on(page) if route_of(link) not in seen_routes)
    return opened


def log_in(page, email):
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log in")).to_have_count(0)


def audit_open_menus(page, a11y):
    """The phone menu and the account menu, opened: hidden in the document copies."""
    page.set_viewport_size(PHONE)
    page.goto("/")
    page.get_by_role("button", name="Toggle navigation").click()
    expect(page.locator("#nav.collapse.show")).to_be_visible()  # the opening animation is over
    page.locator(".navbar .dropdown-toggle").click()
    expect(page.locator(".dropdown-menu")).to_be_visible()
    a11y.audit_live_page(page)


def capture_contrast_states(page, partner_id):
    """With SCREENSHOTS=1: the palette where it was weakest (issue #17), at both widths, with a
    link of an overdue row focused."""
    if os.environ.get("SCREENSHOTS") != "1":
        return
    for path, name in (("/feedback/", "feedback"), ("/followups/", "overdue-rows"), (f"/partners/{partner_id}", "partner")):
        for width, device in ((1280, "desktop"), (390, "phone")):
            page.set_viewport_size({"width": width, "height": 844})
            page.goto(path)
            overdue = page.locator("tr.table-danger a")
            if overdue.count():
                overdue.first.focus()
            capture(page, f"a11y-contrast-{name}-{device}", full_page=False)


def survey_paths(tenant_id):
    with scoped_to(tenant_id):
        bodies = db.session.scalars(select(OutboxMessage.text_body).where(
            OutboxMessage.tenant_id == tenant_id, OutboxMessage.kind.like("survey%"))).all()
    return [match.group(1) for match in map(SURVEY_LINK.search, bodies) if match]


def open_unanswered_survey(page, tenant_id):
    """The first emailed survey of the demo that is not answered yet (the demo answers some)."""
    form = page.get_by_role("button", name="Send my answers")
    for path in survey_paths(tenant_id):
        page.goto(path)
        if form.count():
            return
    raise AssertionError("every demo survey is answered")


def test_staff_pages_pass_axe_at_both_widths(new_page, a11y, demo):  # noqa: F811
    routes = set()
    log_in(admin := new_page(), "admin@demo.example")
    opened = walk(admin, routes)
    audit_open_menus(admin, a11y)
    capture_contrast_states(admin, demo["partner_id"])
    log_in(manager := new_page(), "manager@demo.example")
    opened += walk(manager, routes)  # what the admin's walk did not reach

    # The walk really went round the portal: a page that stops linking would shrink it.
    assert len(opened) >= 40, opened


def test_partner_public_and_customer_pages_pass_axe_at_both_widths(page, new_page, demo):  # noqa: F811
    public = walk(page, set(), "/") + walk(page, set(), "/signup")
    routes = set()
    log_in(partner_admin := new_page(), "nora@northwind.example")
    opened = walk(partner_admin, routes)
    log_in(member := new_page(), "nils@northwind.example")
    opened += walk(member, routes)
    open_unanswered_survey(new_page(), demo["tenant_id"])

    assert len(public) >= 3 and len(opened) >= 15, (public, opened)
