"""Contact protection across the ecosystem: the frequency cap and the suppression list
hold whichever partner sends, and never tell a partner about another partner's sends."""

import re
from datetime import timedelta

from sqlalchemy import select

from app.core.models import utcnow
from app.extensions import db
from app.mail.models import OutboxMessage, OutboxStatus
from app.surveys.models import SkipReason, SuppressedAddress, SuppressionReason, TenantSettings
from app.surveys.services.sending import send_campaign, suppress_address
from app.tenancy import scoped_to
from tests.smtp import text_part
from tests.surveys.helpers import (
    OPT_OUT_LINK,
    links_by_address,
    make_campaign,
    make_survey,
    recipients,
    send,
    sent_campaign,
    survey_messages,
)

SHARED = "shared@customer.example"
OTHER = "other@customer.example"
OPTED_OUT = "opted-out@customer.example"


def _second_partner_sends(world, login, emails, name="Autumn survey"):
    """Partner A2's admin creates and sends a campaign through the portal; returns the page shown."""
    campaign = make_campaign(
        world.a, make_survey(world.a, title="A2 survey"), emails, partner=world.a.partners[1], name=name
    )
    client = login(world.a.partner_admins[1])
    client.post(f"/surveys/campaigns/{campaign.id}/send")
    return campaign, client.get(f"/surveys/campaigns/{campaign.id}").get_data(as_text=True)


def _by_email(org, campaign):
    return {r.email: r for r in recipients(org) if r.campaign_id == campaign.id}


def _status_cell(page, email):
    """The status column of `email`'s row in a campaign page's recipient table."""
    row = re.search(rf"<td[^>]*>{re.escape(email)}</td>\s*<td[^>]*>[^<]*</td>\s*<td>([^<]*)</td>", page)
    return row.group(1).strip()


def test_address_surveyed_by_one_partner_is_skipped_for_another_within_the_cap(world, login, smtp):
    sent_campaign(world.a, [SHARED], partner=world.a.partners[0])
    campaign, page = _second_partner_sends(world, login, [SHARED, OTHER])
    assert "Sent to 1 contact. 1 contact skipped by the program&#39;s contact protection." in page
    assert _by_email(world.a, campaign)[SHARED].skip_reason == SkipReason.SURVEYED_RECENTLY
    links_by_address(smtp)  # delivers the outbox
    assert len(survey_messages(smtp, to=SHARED)) == 1  # the first partner's email only


def test_skip_message_reveals_nothing_about_the_other_partner(world, login, smtp):
    sent_campaign(world.a, [SHARED], partner=world.a.partners[0])
    _, page = _second_partner_sends(world, login, [SHARED])
    assert "Partner A1" not in page
    assert "Spring survey" not in page  # the other partner's campaign name


def test_partner_user_learns_how_many_addresses_were_skipped_never_which_or_why(world, login, smtp):
    sent_campaign(world.a, [SHARED], partner=world.a.partners[0])
    with scoped_to(world.a.tenant.id):
        suppress_address(OPTED_OUT, SuppressionReason.OPTED_OUT)
        db.session.commit()
    campaign, page = _second_partner_sends(world, login, [SHARED, OPTED_OUT, OTHER])
    assert "Sent to 1 contact. 2 contacts skipped by the program&#39;s contact protection." in page
    assert "2 addresses skipped when sending" in page
    assert "surveyed recently" not in page and "opted out or bounced" not in page
    assert _status_cell(page, SHARED) == _status_cell(page, OPTED_OUT) == _status_cell(page, OTHER) == "No answer"
    results = login(world.a.partner_admins[1]).get(f"/surveys/campaigns/{campaign.id}/results")
    assert "surveyed recently" not in results.get_data(as_text=True)
    staff = login(world.a.manager).get(f"/surveys/campaigns/{campaign.id}").get_data(as_text=True)
    assert "2 skipped when sending: 1 surveyed recently, 1 opted out or bounced." in staff
    assert _status_cell(staff, SHARED) == "Skipped: surveyed recently"
    assert _status_cell(staff, OPTED_OUT) == "Skipped: opted out or bounced"
    assert _status_cell(staff, OTHER) == "Sent"


def test_address_is_surveyed_again_once_the_cap_has_passed(world):
    first = sent_campaign(world.a, [SHARED])
    later = make_campaign(world.a, first.survey, [SHARED], partner=world.a.partners[1])
    result = send(world.a, later, now=utcnow() + timedelta(days=31))
    assert (result.sent, result.skipped) == (1, 0)


def test_frequency_cap_follows_the_tenant_setting(world):
    with scoped_to(world.a.tenant.id):
        db.session.add(TenantSettings(survey_frequency_cap_days=0))
        db.session.commit()
    first = sent_campaign(world.a, [SHARED])
    second = make_campaign(world.a, first.survey, [SHARED], partner=world.a.partners[1])
    assert send(world.a, second).sent == 1


def test_other_tenants_sends_do_not_count(world):
    sent_campaign(world.b, [SHARED])
    assert sent_campaign(world.a, [SHARED]) and recipients(world.a)[0].sent_at is not None


def test_opt_out_from_one_partners_email_suppresses_the_address_for_every_partner(world, login, client, smtp):
    sent_campaign(world.a, [SHARED], partner=world.a.partners[0])
    deliver = links_by_address(smtp)
    assert SHARED in deliver
    token = OPT_OUT_LINK.search(text_part(survey_messages(smtp, to=SHARED)[0])).group(1)
    client.post(f"/s/{token}/opt-out")
    with scoped_to(world.a.tenant.id):
        db.session.add(TenantSettings(survey_frequency_cap_days=0))  # only the opt-out can stop it now
        db.session.commit()
    campaign, page = _second_partner_sends(world, login, [SHARED])
    assert "1 contact skipped by the program&#39;s contact protection." in page
    assert _by_email(world.a, campaign)[SHARED].sent_at is None
    assert _by_email(world.a, campaign)[SHARED].skip_reason == SkipReason.SUPPRESSED


def test_opt_out_is_honoured_for_later_sends_of_the_same_partner(world, client, smtp):
    first = sent_campaign(world.a, [SHARED])
    links_by_address(smtp)
    token = OPT_OUT_LINK.search(text_part(survey_messages(smtp, to=SHARED)[0])).group(1)
    client.post(f"/s/{token}/opt-out")
    later = make_campaign(world.a, first.survey, [SHARED])
    result = send(world.a, later, now=utcnow() + timedelta(days=90))
    assert (result.sent, result.skipped_suppressed) == (0, 1)


def test_opt_out_does_not_reach_another_tenant(world, client, smtp):
    sent_campaign(world.a, [SHARED])
    links_by_address(smtp)
    token = OPT_OUT_LINK.search(text_part(survey_messages(smtp, to=SHARED)[0])).group(1)
    client.post(f"/s/{token}/opt-out")
    sent_campaign(world.b, [SHARED])
    assert recipients(world.b)[0].sent_at is not None


def test_failed_delivery_counts_as_bounce_and_suppresses_the_address(world):
    first = sent_campaign(world.a, [SHARED])
    with scoped_to(world.a.tenant.id):
        db.session.execute(db.update(OutboxMessage).values(status=OutboxStatus.FAILED))
        db.session.commit()
    later = make_campaign(world.a, first.survey, [SHARED], partner=world.a.partners[1])
    result = send(world.a, later, now=utcnow() + timedelta(days=60))
    assert result.skipped_suppressed == 1
    with scoped_to(world.a.tenant.id):
        [entry] = db.session.scalars(select(SuppressedAddress)).all()
    assert (entry.email, entry.reason) == (SHARED, SuppressionReason.BOUNCED)
    assert recipients(world.a)[0].bounced_at is not None


def test_bounce_reported_on_the_command_line_suppresses_the_address(world, app):
    first = sent_campaign(world.a, [SHARED])
    result = app.test_cli_runner().invoke(args=["surveys", "bounce", "vendor-a", SHARED.upper()])
    assert result.exit_code == 0, result.output
    assert "1 unanswered sends marked bounced" in result.output
    later = make_campaign(world.a, first.survey, [SHARED], partner=world.a.partners[1])
    assert send(world.a, later, now=utcnow() + timedelta(days=60)).skipped_suppressed == 1


def test_partner_users_scope_cannot_read_the_suppression_list(world):
    with scoped_to(world.a.tenant.id):
        db.session.add(SuppressedAddress(email=SHARED, reason=SuppressionReason.OPTED_OUT))
        db.session.commit()
    with scoped_to(world.a.tenant.id, world.a.partners[0].id):
        assert db.session.scalars(select(SuppressedAddress)).all() == []


def test_partner_send_checks_the_whole_tenant_even_in_a_partner_scope(world):
    sent_campaign(world.a, [SHARED], partner=world.a.partners[0])
    campaign = make_campaign(world.a, make_survey(world.a), [SHARED], partner=world.a.partners[1])
    with scoped_to(world.a.tenant.id, world.a.partners[1].id):
        result = send_campaign(campaign)
        db.session.commit()
    assert result.skipped_recently == 1
