"""Response rates per campaign: sent, delivered, opened, answered, opted out, bounced."""

from app.extensions import db
from app.mail.models import OutboxMessage, OutboxStatus
from app.surveys.services.results import campaign_stats
from app.tenancy import scoped_to
from tests.smtp import text_part
from tests.surveys.helpers import OPT_OUT_LINK, full_answers, links_by_address, sent_campaign, survey_messages

EMAILS = ["a@c.example", "b@c.example", "c@c.example", "d@c.example", "e@c.example"]


def _stats(org, campaign):
    with scoped_to(org.tenant.id):
        return campaign_stats(campaign)


def test_sent_but_undelivered_emails_are_not_counted_as_delivered(world):
    campaign = sent_campaign(world.a, EMAILS[:2])
    stats = _stats(world.a, campaign)
    assert (stats.sent, stats.delivered) == (2, 0)


def test_campaign_counts_every_stage(world, client, smtp):
    campaign = sent_campaign(world.a, EMAILS)
    links = links_by_address(smtp)
    client.get(f"/s/{links['a@c.example']}")
    client.post(f"/s/{links['a@c.example']}", data=full_answers(campaign.survey))
    client.post(f"/s/{links['b@c.example']}", data=full_answers(campaign.survey))
    client.get(f"/s/{links['c@c.example']}")
    opt_out = OPT_OUT_LINK.search(text_part(survey_messages(smtp, to="d@c.example")[0])).group(1)
    client.post(f"/s/{opt_out}/opt-out")
    with scoped_to(world.a.tenant.id):
        db.session.execute(
            db.update(OutboxMessage)
            .where(OutboxMessage.to_address == "e@c.example")
            .values(status=OutboxStatus.FAILED)
        )
        db.session.commit()

    stats = _stats(world.a, campaign)
    assert (stats.sent, stats.delivered, stats.opened, stats.answered) == (5, 4, 2, 2)
    assert (stats.opted_out, stats.bounced) == (1, 1)
    assert (stats.rate(stats.answered), stats.rate(stats.delivered)) == (40, 80)


def test_campaign_page_shows_the_rates(world, login, client, smtp):
    campaign = sent_campaign(world.a, EMAILS[:2])
    links = links_by_address(smtp)
    client.post(f"/s/{links['a@c.example']}", data=full_answers(campaign.survey))
    page = login(world.a.partner_admins[0]).get(f"/surveys/campaigns/{campaign.id}").get_data(as_text=True)
    assert "Answered" in page and "50%" in page
    index = login(world.a.admin).get("/surveys/").get_data(as_text=True)
    assert "Spring survey" in index and "50%" in index


def test_results_page_aggregates_numbers_and_choices(world, login, client, smtp):
    campaign = sent_campaign(world.a, EMAILS[:2])
    links = links_by_address(smtp)
    client.post(f"/s/{links['a@c.example']}", data=full_answers(campaign.survey, nps="10"))
    client.post(f"/s/{links['b@c.example']}", data=full_answers(campaign.survey, nps="5"))
    page = (
        login(world.a.partner_admins[0])
        .get(f"/surveys/campaigns/{campaign.id}/results")
        .get_data(as_text=True)
    )
    assert "2 responses" in page
    assert "average 7.5" in page and "NPS 0" in page  # one promoter, one detractor
    assert "Great support, slow invoices." in page
    assert "Mobile app" in page  # an option nobody chose still shows, with 0
