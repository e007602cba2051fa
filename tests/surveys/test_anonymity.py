"""Anonymous pulse answers are truly anonymous (issue #13, item 1): no page, list, filter,
export, API answer, webhook payload, email or audit entry ties one to a person or shows
it outside its campaign's results (at least the anonymity threshold of answers); no
stored time is finer than a day; a pulse that reaches too few people cannot be anonymous."""

import json
from datetime import datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from app.analysis.models import FeedbackTheme
from app.analysis.services.themes import create_theme
from app.audit.models import AuditEntry
from app.core.errors import ServiceError
from app.core.models import utcnow
from app.extensions import db
from app.feedback.models import FeedbackItem
from app.followups.models import FollowUp
from app.followups.services.followups import create_follow_up, today
from app.integrations.models import WebhookDelivery
from app.mail.sender import deliver_all_due
from app.surveys.models import SurveyAudience, SurveyCampaign, SurveyRecipient, SurveyResponse, TenantSettings
from app.surveys.services.sending import send_pulse, suppress_address
from app.tenancy import scoped_to
from tests.api_support import PUBLIC_TEST_ADDRESS, bearer, fake_dns, make_endpoint, make_token
from tests.followups.helpers import make_rule
from tests.lifecycle.helpers import exported_archive
from tests.surveys.helpers import fields, links_by_address, make_survey

SECRET = "Only the person who answered wrote this sentence"
QUESTIONS = (
    ("nps", "How likely are you to recommend our partner program?", True, ""),
    ("text", "What should we change?", False, ""),
)


def _midnight(moment):
    return datetime.combine(moment.date(), time.min)


def _set_threshold(org, threshold):
    with scoped_to(org.tenant.id):
        db.session.add(TenantSettings(anonymity_threshold=threshold))
        db.session.commit()


def _send_anonymous_pulse(world, login):
    """An anonymous pulse to the 4 partner users of tenant A (threshold 3), sent with the form."""
    _set_threshold(world.a, 3)
    survey = make_survey(world.a, QUESTIONS, audience=SurveyAudience.PARTNER, title="Partner NPS")
    data = {"survey_id": survey.id, "name": "Q3 pulse", "anonymous": "y", "include_members": "y"}
    assert login(world.a.admin).post("/surveys/pulse/new", data=data).status_code == 302
    with scoped_to(world.a.tenant.id):
        campaign = db.session.scalars(select(SurveyCampaign)).one()
    return survey, campaign


def _answer(client, links, survey, user, text=SECRET, nps=2):
    names = fields(survey)
    token = links[user.email]
    client.get(f"/s/{token}")  # opens the link first, as a person does
    page = client.post(f"/s/{token}", data={names["nps"]: str(nps), names["text"]: text}).get_data(as_text=True)
    assert "Your answers have been recorded" in page


@pytest.fixture
def pulse(world, login, smtp):
    """(survey, campaign, links by address) of a sent anonymous pulse."""
    survey, campaign = _send_anonymous_pulse(world, login)
    return survey, campaign, links_by_address(smtp)


def _anonymous_item(world):
    db.session.expire_all()
    with scoped_to(world.a.tenant.id):
        return db.session.scalars(select(FeedbackItem).where(FeedbackItem.anonymous.is_(True))).one()


def _export(login, admin):
    return exported_archive(login(admin))  # the export job, then its download


def _documents(archive, name):
    return json.loads(archive.read(f"json/{name}.json"))


# --- pages, lists, filters, the API -------------------------------------------------------


def test_feedback_list_and_its_survey_filter_never_show_an_anonymous_answer(world, login, client, pulse):
    survey, _, links = pulse
    _answer(client, links, survey, world.a.partner_admins[0])
    staff = login(world.a.admin)
    for url in ("/feedback/", "/feedback/?channel=survey", "/feedback/?source=partner", f"/feedback/?q={SECRET[:20]}"):
        page = staff.get(url)
        assert page.status_code == 200
        assert SECRET not in page.get_data(as_text=True), url


def test_anonymous_answer_has_no_page_and_is_not_among_the_latest_feedback(world, login, client, pulse):
    survey, _, links = pulse
    _answer(client, links, survey, world.a.partner_admins[0])
    item = _anonymous_item(world)
    staff = login(world.a.admin)
    assert staff.get(f"/feedback/{item.id}").status_code == 404
    assert staff.get(f"/followups/feedback/{item.id}/new").status_code == 404
    assert SECRET not in staff.get("/").get_data(as_text=True)


def test_api_neither_lists_nor_returns_an_anonymous_answer(world, client, pulse):
    survey, _, links = pulse
    _answer(client, links, survey, world.a.partner_admins[0])
    item = _anonymous_item(world)
    token = make_token(world.a.tenant, scopes=("read",))
    listed = client.get("/api/v1/feedback?channel=survey", headers=bearer(token))
    assert listed.status_code == 200 and listed.json["data"] == []
    assert client.get(f"/api/v1/feedback/{item.id}", headers=bearer(token)).status_code == 404


# --- what leaves the portal: webhooks, emails, the audit log, the export --------------------


def test_webhook_endpoints_get_no_event_for_an_anonymous_answer(world, client, pulse, monkeypatch):
    survey, _, links = pulse
    fake_dns(monkeypatch, {"hooks.example.com": [PUBLIC_TEST_ADDRESS]})
    make_endpoint(world.a.tenant, "https://hooks.example.com/partnerloop")
    _answer(client, links, survey, world.a.partner_admins[0])
    with scoped_to(world.a.tenant.id):
        assert db.session.scalars(select(WebhookDelivery)).all() == []


def test_rules_send_no_email_about_an_anonymous_answer(world, client, pulse, smtp):
    survey, _, links = pulse
    make_rule(world.a, name="Detractors", nps_detractor=True)
    smtp.clear()
    _answer(client, links, survey, world.a.partner_admins[0], nps=2)
    deliver_all_due()
    assert [message["X-Partnerloop-Kind"] for message in smtp.messages] == []
    with scoped_to(world.a.tenant.id):
        assert db.session.scalars(select(FollowUp)).all() == []


def test_no_audit_entry_records_an_anonymous_answer(world, client, pulse):
    survey, _, links = pulse
    make_rule(world.a, name="Detractors", nps_detractor=True)

    def entries():
        with scoped_to(world.a.tenant.id):
            return db.session.scalar(select(func.count()).select_from(AuditEntry))

    before = entries()
    _answer(client, links, survey, world.a.partner_admins[0], nps=2)
    assert entries() == before


def test_export_ties_no_anonymous_answer_to_a_person(world, login, client, pulse):
    survey, campaign, links = pulse
    _answer(client, links, survey, world.a.partner_admins[0])
    archive = _export(login, world.a.admin)
    for name in archive.namelist():  # one answer, threshold 3: not even in anonymous_survey_answers
        assert SECRET not in archive.read(name).decode("utf-8"), name
    assert [r for r in _documents(archive, "survey_responses") if r["campaign_id"] == campaign.id] == []
    assert _documents(archive, "survey_answers") == []
    assert [item for item in _documents(archive, "feedback_items") if item["anonymous"]] == []
    recipients = [r for r in _documents(archive, "survey_recipients") if r["campaign_id"] == campaign.id]
    answered = [r for r in recipients if r["answered_at"]]
    assert len(answered) == 1
    assert answered[0]["answered_at"].endswith("T00:00:00") and answered[0]["opened_at"].endswith("T00:00:00")
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["tables"]["feedback_items"]["anonymous_rows_left_out"] == 1
    assert manifest["tables"]["survey_responses"]["anonymous_rows_left_out"] == 1


def test_export_holds_anonymous_answers_only_as_results_sorted_by_value(world, login, client, pulse):
    survey, campaign, links = pulse
    arrivals = [(world.a.partner_admins[0], "Zebra: the portal is slow", 9),
                (world.a.partner_members[1], "Apples: more MDF", 2),
                (world.a.partner_admins[1], "Mangoes: faster deal desk", 7)]
    for user, text, nps in arrivals:
        _answer(client, links, survey, user, text=text, nps=nps)
    rows = _documents(_export(login, world.a.admin), "anonymous_survey_answers")
    assert set(rows[0]) == {"campaign_id", "question_id", "number_value", "text_value", "choice_values"}
    assert {row["campaign_id"] for row in rows} == {campaign.id}
    assert [row["number_value"] for row in rows if row["number_value"] is not None] == [2, 7, 9]
    texts = [row["text_value"] for row in rows if row["text_value"]]
    assert texts == ["Apples: more MDF", "Mangoes: faster deal desk", "Zebra: the portal is slow"]


# --- what is stored ----------------------------------------------------------------------------


def test_stored_anonymous_answer_names_nobody_and_carries_only_days(world, client, pulse):
    survey, campaign, links = pulse
    sent_day = _midnight(utcnow() - timedelta(days=3))
    with scoped_to(world.a.tenant.id):
        db.session.get(SurveyCampaign, campaign.id).first_sent_at = sent_day + timedelta(hours=9, minutes=41)
        create_theme("Sentences", "sentence")
        db.session.commit()
    _answer(client, links, survey, world.a.partner_admins[0])
    db.session.expire_all()
    with scoped_to(world.a.tenant.id):
        response = db.session.scalars(select(SurveyResponse)).one()
        tag = db.session.scalars(select(FeedbackTheme)).one()
        recipient = db.session.scalars(select(SurveyRecipient).where(SurveyRecipient.answered_at.is_not(None))).one()
        item = _anonymous_item(world)
    assert (response.recipient_id, response.feedback_item_id, response.partner_id) == (None, None, None)
    assert (item.author_id, item.partner_id, item.contact_id, item.external_id, item.dedupe_key) == (None,) * 5
    # Every answer of the pulse is dated by the day it was sent: no time, no order of answering.
    assert response.submitted_at == item.given_at == item.recorded_at == sent_day
    assert tag.given_at == tag.created_at == sent_day
    today_start = _midnight(utcnow())
    assert recipient.answered_at == recipient.opened_at == today_start


def test_anonymous_answer_cannot_get_a_follow_up(world, client, pulse):
    survey, _, links = pulse
    _answer(client, links, survey, world.a.partner_admins[0])
    item = _anonymous_item(world)
    with scoped_to(world.a.tenant.id), pytest.raises(ServiceError, match="appears only in totals"):
        create_follow_up(item, world.a.admin, world.a.manager.id, today() + timedelta(days=3))


# --- sending -------------------------------------------------------------------------------------


def test_anonymous_pulse_to_fewer_people_than_the_threshold_is_refused(world, login, smtp):
    survey = make_survey(world.a, QUESTIONS, audience=SurveyAudience.PARTNER, title="Partner NPS")
    data = {"survey_id": survey.id, "anonymous": "y", "partner_ids": [world.a.partners[0].id],
            "include_members": "y"}  # 2 people; the default threshold is 5
    response = login(world.a.admin).post("/surveys/pulse/new", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "An anonymous pulse must reach at least 5 people (the anonymity threshold); this one would reach 2." \
        in page
    with scoped_to(world.a.tenant.id):
        assert db.session.scalars(select(SurveyCampaign)).all() == []
    deliver_all_due()
    assert [m for m in smtp.messages if m["X-Partnerloop-Kind"].startswith("survey")] == []


def test_service_counts_only_addresses_a_pulse_can_reach(world):
    _set_threshold(world.a, 4)
    survey = make_survey(world.a, QUESTIONS, audience=SurveyAudience.PARTNER, title="Partner NPS")
    with scoped_to(world.a.tenant.id):
        suppress_address(world.a.partner_members[0].email, "opted_out")
        with pytest.raises(ServiceError, match="this one would reach 3"):
            send_pulse(world.a.admin, survey.id, anonymous=True)
        campaign, result = send_pulse(world.a.admin, survey.id, anonymous=False)  # named: any audience
        db.session.rollback()
    assert (campaign.anonymous, result.sent) == (False, 3)

