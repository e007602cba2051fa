"""Hostile input in every form a user can reach, in the JSON API and in emails: never
a server error, never unescaped in a page or an email, and the API stores text exactly."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.feedback.models import FeedbackItem
from app.ideas.services import post_idea
from app.mail.models import OutboxMessage
from app.tenancy import scoped_to, unscoped
from app.tenants.models import Membership, Role
from app.tenants.services.invitations import invite_partner_user
from tests.api_support import bearer, make_token
from tests.factories import make_partner, membership_of
from tests.followups.helpers import make_follow_up, record_item
from tests.invitation_helpers import emailed_invitation_path
from tests.security.crawl import TEXT_TYPES, crawl, forms_on
from tests.security.payloads import (
    ATTRIBUTE_BREAKOUT,
    PAYLOADS,
    SCRIPT_TAG,
    TEXT_PAYLOADS,
    raw_markers_in,
)
from tests.surveys.helpers import links_by_address, make_campaign, make_survey, sent_campaign

pytestmark = pytest.mark.slow  # every form or page, as several roles

PAGE_LIMIT = 60  # one page per endpoint: enough to reach every kind of page
# Anonymous forms have no free-text fields: the payload goes into email and password too.
ANONYMOUS_TEXT_TYPES = TEXT_TYPES | {"email", "password"}


def _seed_objects(org):
    """One object of each kind with a detail page, so the crawl reaches their forms."""
    item = record_item(org, text="Seeded feedback for the hostile walk")
    make_follow_up(org, item, title="Seeded follow-up")
    make_campaign(org, make_survey(org), emails=("seed@example.com",))
    with scoped_to(org.tenant.id):
        post_idea(membership_of(org.partner_admins[0], org.tenant), "Seeded idea")
        db.session.commit()


def _post_every_payload(client, forms):
    """POST each payload into all text fields of each form; returns the 5xx answers."""
    failures = []
    for form in forms.values():
        for payload in PAYLOADS:
            response = client.post(
                form.action, data=form.filled(payload.value), content_type="application/x-www-form-urlencoded"
            )
            if response.status_code >= 500:
                failures.append((form.action, payload.name, response.status_code))
    return failures


def _pages_showing_raw_payloads(pages):
    shown = {}
    for path, response in pages.items():
        if response.mimetype == "text/html":
            markers = raw_markers_in(response.get_data(as_text=True))
            if markers:
                shown[path] = markers
    return shown


def _walk(app, client):
    forms = forms_on(app, crawl(client, limit=PAGE_LIMIT))
    assert forms, "the crawl found no forms to post to"
    failures = _post_every_payload(client, forms)
    pages = crawl(client, limit=PAGE_LIMIT)
    return forms, failures, pages


def _escaped_script_shown(pages):
    return any(
        "&lt;script&gt;alert(" in r.get_data(as_text=True)
        for r in pages.values()
        if r.mimetype == "text/html"
    )


# Forms the walk must find (a sample across areas), so a broken crawl cannot pass quietly.
MUST_REACH = {
    "admin": {
        "feedback.new",
        "feedback.add_note",
        "ideas.comment",
        "followups.add_note",
        "surveys.add_question",
        "partners.edit",
        "settings.add_element",
        "actions.new",
    },
    "partner_admin": {"feedback.new", "ideas.new", "ideas.comment"},
}


# Managers' forms are a subset of the admin's (same endpoints and fields), so two walks
# cover the staff and the partner areas.
@pytest.mark.parametrize("role", ["admin", "partner_admin"])
def test_hostile_form_posts_never_fail_and_are_shown_escaped(app, world, login, role):
    _seed_objects(world.a)
    user = {"admin": world.a.admin, "partner_admin": world.a.partner_admins[0]}[role]
    forms, failures, pages = _walk(app, login(user))
    assert {endpoint for endpoint, _ in forms} >= MUST_REACH[role]
    assert failures == []
    assert _pages_showing_raw_payloads(pages) == {}
    assert _escaped_script_shown(pages), "no stored payload was shown back: the walk checked nothing"


@pytest.mark.parametrize("path", ["/login", "/signup", "/reset"])
def test_hostile_anonymous_form_posts_never_fail_or_echo_raw(app, client, path):
    forms = forms_on(app, {path: client.get(path)}, ANONYMOUS_TEXT_TYPES)
    assert forms
    for form in forms.values():
        for payload in PAYLOADS:
            response = client.post(
                form.action,
                data=form.filled(payload.value, ANONYMOUS_TEXT_TYPES),
                content_type="application/x-www-form-urlencoded",
            )
            assert response.status_code < 500, (path, payload.name)
            assert raw_markers_in(response.get_data(as_text=True)) == [], (path, payload.name)


API_TEXT_FIELDS = ("text", "submitter_name", "external_id")


def _api_post(client, token, value):
    body = {
        "source": "customer",
        "nps": 7,
        "text": value,
        "submitter_name": value[:200],
        "external_id": value[:100],
    }
    return client.post("/api/v1/feedback", json=body, headers=bearer(token))


def test_api_feedback_stores_hostile_text_exactly_or_refuses_it(app, client, world):
    token = make_token(world.a.tenant)
    for payload in TEXT_PAYLOADS:
        response = _api_post(client, token, payload.value)
        assert response.status_code < 500, payload.name
        if response.status_code >= 400:
            assert response.is_json and response.json["status"] == response.status_code, payload.name
            continue
        assert response.status_code == 201, payload.name
        with scoped_to(world.a.tenant.id):
            item = db.session.get(FeedbackItem, response.json["id"])
            assert (item.text, item.submitter_name) == (payload.value, payload.value[:200]), payload.name


def test_api_feedback_refuses_invalid_utf8_with_a_json_400(client, world):
    token = make_token(world.a.tenant)
    body = b'{"source": "customer", "text": "' + b"\xff\xfe broken" + b'"}'
    response = client.post(
        "/api/v1/feedback", data=body, content_type="application/json", headers=bearer(token)
    )
    assert response.status_code == 400 and response.json["status"] == 400


def test_invitation_email_escapes_a_hostile_partner_name(world):
    org = world.a
    partner = make_partner(org.tenant, f"Evil {SCRIPT_TAG}{ATTRIBUTE_BREAKOUT}")
    with scoped_to(org.tenant.id):
        admin = db.session.scalars(select(Membership).where(Membership.role == Role.ADMIN)).first()
        invite_partner_user(org.tenant, admin, partner, "victim@example.com", Role.PARTNER_ADMIN)
        db.session.commit()
    message = db.session.scalars(
        unscoped(select(OutboxMessage).where(OutboxMessage.to_address == "victim@example.com"))
    ).one()
    assert "&lt;script&gt;" in message.html_body
    assert raw_markers_in(message.html_body) == []


def _post_payloads_to_page(client, path):
    """Every payload into the text fields of the POST forms on `path`; returns the answers."""
    forms = forms_on(client.application, {path: client.get(path)}, ANONYMOUS_TEXT_TYPES)
    assert forms, path
    return [
        client.post(
            form.action,
            data=form.filled(payload.value, ANONYMOUS_TEXT_TYPES),
            content_type="application/x-www-form-urlencoded",
        )
        for payload in PAYLOADS
        for form in forms.values()
    ]


def _assert_safe(responses):
    assert [r.status_code for r in responses if r.status_code >= 500] == []
    assert [
        raw_markers_in(r.get_data(as_text=True))
        for r in responses
        if raw_markers_in(r.get_data(as_text=True))
    ] == []


def test_hostile_invitation_acceptance_is_safe_and_the_name_is_shown_escaped(world, client, smtp, login):
    responses = _post_payloads_to_page(client, emailed_invitation_path(smtp, "newstaff@a.test"))
    _assert_safe(responses)
    team = login(world.a.admin).get("/team/").get_data(as_text=True)
    assert "&lt;script&gt;alert(" in team and raw_markers_in(team) == []


def test_hostile_survey_answers_are_safe_and_shown_escaped(world, client, smtp, login):
    campaign = sent_campaign(world.a, ["respondent@example.com"])
    token = links_by_address(smtp)["respondent@example.com"]
    _assert_safe(_post_payloads_to_page(client, f"/s/{token}"))
    results = login(world.a.admin).get(f"/surveys/campaigns/{campaign.id}/results").get_data(as_text=True)
    assert "&lt;script&gt;alert(" in results and raw_markers_in(results) == []
