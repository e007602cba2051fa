"""Reminders after N days to those who have not answered, through a service and the
`flask surveys remind` command; the reminder's fresh link works, once."""

from datetime import timedelta

from app.core.models import utcnow
from app.extensions import db
from app.surveys.models import TenantSettings
from app.surveys.services.sending import send_all_reminders
from app.tenancy import scoped_to
from tests.smtp import text_part
from tests.surveys.helpers import (
    OPT_OUT_LINK,
    SURVEY_LINK,
    full_answers,
    links_by_address,
    recipients,
    response_count,
    sent_campaign,
    survey_messages,
)

ANN, BOB = "ann@customer.example", "bob@customer.example"
LATER = timedelta(days=4)  # past the default 3 reminder days, before the 14-day expiry


def _reminders(smtp):
    links_by_address(smtp)  # delivers the outbox
    return [m for m in survey_messages(smtp) if m["X-Partnerloop-Kind"] == "survey_reminder"]


def test_reminder_goes_to_those_who_have_not_answered_after_the_set_days(world, client, smtp):
    campaign = sent_campaign(world.a, [ANN, BOB])
    client.post(f"/s/{links_by_address(smtp)[ANN]}", data=full_answers(campaign.survey))
    assert send_all_reminders(now=utcnow() + LATER) == 1
    [reminder] = _reminders(smtp)
    assert reminder["To"] == BOB
    assert reminder["Subject"] == "Reminder: Partner A1 would like your feedback"
    assert OPT_OUT_LINK.search(text_part(reminder))


def test_no_reminder_before_the_set_days(world, smtp):
    sent_campaign(world.a, [ANN])
    assert send_all_reminders(now=utcnow() + timedelta(days=2)) == 0
    assert _reminders(smtp) == []


def test_each_recipient_is_reminded_once(world, smtp):
    sent_campaign(world.a, [ANN])
    assert send_all_reminders(now=utcnow() + LATER) == 1
    assert send_all_reminders(now=utcnow() + LATER + timedelta(days=3)) == 0
    assert len(_reminders(smtp)) == 1


def test_no_reminder_after_opting_out_or_once_the_link_expired(world, client, smtp):
    sent_campaign(world.a, [ANN, BOB])
    links_by_address(smtp)
    ann_mail = survey_messages(smtp, to=ANN)[0]
    client.post(f"/s/{OPT_OUT_LINK.search(text_part(ann_mail)).group(1)}/opt-out")
    assert send_all_reminders(now=utcnow() + timedelta(days=15)) == 0  # Bob's link expired on day 14


def test_reminder_days_follow_the_tenant_setting(world, smtp):
    with scoped_to(world.a.tenant.id):
        db.session.add(TenantSettings(reminder_after_days=0))
        db.session.commit()
    sent_campaign(world.a, [ANN])
    sent_campaign(world.b, [BOB])
    assert send_all_reminders(now=utcnow() + LATER) == 1  # tenant B still reminds; tenant A turned it off
    assert [m["To"] for m in _reminders(smtp)] == [BOB]


def test_reminder_link_answers_and_the_first_link_then_shows_already_answered(world, client, smtp):
    campaign = sent_campaign(world.a, [ANN])
    first_token = links_by_address(smtp)[ANN]
    send_all_reminders(now=utcnow() + LATER)
    reminder_token = SURVEY_LINK.search(text_part(_reminders(smtp)[0])).group(1)
    assert reminder_token != first_token
    assert client.post(f"/s/{reminder_token}", data=full_answers(campaign.survey)).status_code == 200
    assert "already answered" in client.post(
        f"/s/{first_token}", data=full_answers(campaign.survey)
    ).get_data(as_text=True)
    assert response_count(world.a) == 1


def test_remind_command_sends_due_reminders(world, app, smtp):
    sent_campaign(world.a, [ANN])
    with scoped_to(world.a.tenant.id):
        recipients(world.a)[0].sent_at = utcnow() - LATER
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["surveys", "remind"])
    assert result.exit_code == 0, result.output
    assert "Queued 1 survey reminder." in result.output
    assert [m["To"] for m in _reminders(smtp)] == [ANN]
