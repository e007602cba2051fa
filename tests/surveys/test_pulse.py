"""Partner pulse surveys: staff send a partner survey to partner users, optionally
anonymous; anonymous answers show only in aggregates of at least N responses."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.feedback.models import Channel, Source
from app.surveys.models import SurveyAudience, SurveyCampaign, TenantSettings
from app.tenancy import scoped_to
from tests.surveys.helpers import (
    feedback_items,
    fields,
    links_by_address,
    make_survey,
    recipients,
    survey_messages,
)

PULSE_QUESTIONS = (
    ("nps", "How likely are you to recommend our partner program?", True, ""),
    ("text", "What should we change?", False, ""),
)


def _pulse_survey(org):
    return make_survey(org, PULSE_QUESTIONS, audience=SurveyAudience.PARTNER, title="Partner NPS")


def _send_pulse(world, login, anonymous=False, partner_ids=(), include_members=True):
    survey = _pulse_survey(world.a)
    data = {"survey_id": survey.id, "name": "Q3 partner NPS", "partner_ids": list(partner_ids)}
    if anonymous:
        data["anonymous"] = "y"
    if include_members:
        data["include_members"] = "y"
    response = login(world.a.admin).post("/surveys/pulse/new", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:400]
    with scoped_to(world.a.tenant.id):
        campaign = db.session.scalars(select(SurveyCampaign)).one()
    return survey, campaign


def _set_threshold(world, threshold):
    with scoped_to(world.a.tenant.id):
        db.session.add(TenantSettings(anonymity_threshold=threshold))
        db.session.commit()


def _answer_all(world, client, smtp, survey, nps_values):
    links = links_by_address(smtp)
    names = fields(survey)
    addresses = sorted(links)
    for address, nps in zip(addresses, nps_values, strict=False):
        client.post(
            f"/s/{links[address]}", data={names["nps"]: str(nps), names["text"]: f"Text from {address}"}
        )
    return addresses[: len(nps_values)]


def test_pulse_goes_to_every_user_of_active_partners(world, login, smtp):
    _send_pulse(world, login)
    links_by_address(smtp)
    addresses = sorted(m["To"] for m in survey_messages(smtp))
    assert addresses == sorted(u.email for u in world.a.partner_admins + world.a.partner_members)
    assert survey_messages(smtp)[0]["Subject"] == "Vendor A asks for your feedback on its partner program"


def test_pulse_can_target_chosen_partners_and_admins_only(world, login, smtp):
    _send_pulse(world, login, partner_ids=[world.a.partners[1].id], include_members=False)
    assert [r.email for r in recipients(world.a)] == [world.a.partner_admins[1].email]


def test_pulse_answer_becomes_partner_feedback_with_its_author(world, login, client, smtp):
    survey, _ = _send_pulse(world, login)
    _answer_all(world, client, smtp, survey, [10])
    [item] = feedback_items(world.a)
    assert (item.source, item.channel, item.nps, item.anonymous) == (
        Source.PARTNER,
        Channel.SURVEY,
        10,
        False,
    )
    assert item.author is not None and item.partner_id is not None
    assert item.author.email.startswith(("padmin", "pmember"))


def test_anonymous_pulse_answer_has_no_author_and_no_partner(world, login, client, smtp):
    _set_threshold(world, 4)  # the world's 4 partner users
    survey, _ = _send_pulse(world, login, anonymous=True)
    _answer_all(world, client, smtp, survey, [3])
    [item] = feedback_items(world.a)
    assert item.anonymous is True
    assert item.author_id is None and item.partner_id is None and item.contact_id is None


def test_anonymous_results_stay_hidden_below_the_threshold(world, login, client, smtp):
    _set_threshold(world, 4)
    survey, campaign = _send_pulse(world, login, anonymous=True)
    _answer_all(world, client, smtp, survey, [9, 2, 7])  # 3 of 4 users
    page = login(world.a.admin).get(f"/surveys/campaigns/{campaign.id}/results").get_data(as_text=True)
    assert "results appear once at least 4 people have answered (3 so far)" in page
    assert "Text from" not in page


def test_anonymous_results_show_as_aggregates_once_the_threshold_is_met(world, login, client, smtp):
    _set_threshold(world, 3)
    survey, campaign = _send_pulse(world, login, anonymous=True)
    answered = _answer_all(world, client, smtp, survey, [9, 2, 10])
    page = login(world.a.admin).get(f"/surveys/campaigns/{campaign.id}/results").get_data(as_text=True)
    assert "NPS 33" in page  # 2 promoters, 1 detractor of 3
    assert f"Text from {answered[0]}" in page
    for user in world.a.partner_admins + world.a.partner_members:
        assert user.name not in page  # answers are never tied to a person


def test_anonymous_campaign_page_does_not_list_who_answered(world, login, client, smtp):
    _set_threshold(world, 4)
    survey, campaign = _send_pulse(world, login, anonymous=True)
    _answer_all(world, client, smtp, survey, [9])
    page = login(world.a.admin).get(f"/surveys/campaigns/{campaign.id}").get_data(as_text=True)
    assert "1 of 4 answered" in page
    assert world.a.partner_admins[0].email not in page


def test_named_pulse_results_show_who_said_what(world, login, client, smtp):
    survey, campaign = _send_pulse(world, login)
    answered = _answer_all(world, client, smtp, survey, [8])
    page = login(world.a.admin).get(f"/surveys/campaigns/{campaign.id}/results").get_data(as_text=True)
    assert f"Text from {answered[0]}" in page
    assert "average 8.0" in page


def test_pulse_link_page_shows_vendor_and_the_users_partner(world, login, client, smtp):
    _send_pulse(world, login, partner_ids=[world.a.partners[1].id], include_members=False)
    token = links_by_address(smtp)[world.a.partner_admins[1].email]
    page = client.get(f"/s/{token}").get_data(as_text=True)
    assert "Vendor A partner program" in page and "Partner A2" in page


@pytest.mark.slow
def test_partner_users_never_see_pulse_campaigns(world, login):
    _, campaign = _send_pulse(world, login)
    client = login(world.a.partner_admins[0])
    assert client.get(f"/surveys/campaigns/{campaign.id}").status_code == 404
    assert client.get(f"/surveys/campaigns/{campaign.id}/results").status_code == 404
    assert "Q3 partner NPS" not in client.get("/surveys/").get_data(as_text=True)
    assert client.get("/surveys/pulse/new").status_code == 404


def test_pulse_form_refuses_a_customer_survey(world, login):
    customer_survey = make_survey(world.a)
    response = login(world.a.admin).post("/surveys/pulse/new", data={"survey_id": customer_survey.id})
    assert response.status_code == 422
    assert "Not a valid choice" in response.get_data(as_text=True)


def test_admin_changes_the_survey_settings(world, login):
    client = login(world.a.admin)
    response = client.post(
        "/surveys/settings",
        data={
            "survey_frequency_cap_days": "45",
            "anonymity_threshold": "3",
            "reminder_after_days": "0",
            "link_expiry_days": "7",
        },
    )
    assert response.status_code == 302
    with scoped_to(world.a.tenant.id):
        settings = db.session.scalars(select(TenantSettings)).one()
    assert (settings.survey_frequency_cap_days, settings.anonymity_threshold) == (45, 3)
    assert (settings.reminder_after_days, settings.link_expiry_days) == (0, 7)


def test_settings_out_of_range_rerender_with_messages(world, login):
    response = login(world.a.admin).post(
        "/surveys/settings",
        data={
            "survey_frequency_cap_days": "-1",
            "anonymity_threshold": "0",
            "reminder_after_days": "x",
            "link_expiry_days": "7",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Number must be between 0 and 365." in page and "Number must be between 1 and 100." in page
    with scoped_to(world.a.tenant.id):
        assert db.session.scalars(select(TenantSettings)).all() == []


def test_only_admins_change_settings(world, login):
    assert login(world.a.manager).get("/surveys/settings").status_code == 403
    assert login(world.a.partner_admins[0]).post("/surveys/settings", data={}).status_code == 404
