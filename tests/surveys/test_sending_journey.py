"""Surveys as a partner admin meets them (#15, 14): no new version of a survey never
sent, a preview and a confirmation before a campaign is sent, "sending…" until the
outbox has tried, and an invitation that names the partner when the survey is about it."""

from app.mail.sender import deliver_all_due
from app.surveys.models import QuestionKind
from tests.followups.helpers import outbox
from tests.surveys.helpers import make_campaign, make_survey, recipients, send

ABOUT_PARTNER = ((QuestionKind.NPS, "How likely are you to recommend this partner?", True, ""),)
ABOUT_PRODUCTS = ((QuestionKind.NPS, "How likely are you to recommend our cloud products?", True, ""),)


def test_a_survey_never_sent_offers_no_new_version(world, login):
    survey = make_survey(world.a)
    client = login(world.a.manager)
    assert "Make a new version" not in client.get(f"/surveys/{survey.id}").get_data(as_text=True)
    response = client.post(f"/surveys/{survey.id}/new-version")
    assert response.status_code == 302 and response.location.endswith(f"/surveys/{survey.id}")
    assert "never been sent" in client.get(response.location).get_data(as_text=True)


def test_a_sent_survey_still_offers_a_new_version(world, login):
    survey = make_survey(world.a)
    send(world.a, make_campaign(world.a, survey, ["ann@customer.example"]))
    assert "Make a new version" in login(world.a.manager).get(f"/surveys/{survey.id}").get_data(as_text=True)


def test_sending_shows_the_email_and_asks_to_confirm_before_anything_is_sent(world, login):
    campaign = make_campaign(world.a, make_survey(world.a), ["ann@customer.example", "bob@customer.example"])
    client = login(world.a.partner_admins[0])
    page = client.get(f"/surveys/campaigns/{campaign.id}").get_data(as_text=True)
    assert f'href="/surveys/campaigns/{campaign.id}/send"' in page
    confirm = client.get(f"/surveys/campaigns/{campaign.id}/send")
    text = confirm.get_data(as_text=True)
    assert confirm.status_code == 200
    assert "Partner A1 would like your feedback" in text  # the subject
    assert "Hello Ann," in text and "Customer survey" in text
    assert "[the contact&#39;s personal survey link]" in text
    assert "Send to 2 contacts" in text
    assert outbox("survey_invitation") == [] and all(r.sent_at is None for r in recipients(world.a))
    assert client.post(f"/surveys/campaigns/{campaign.id}/send").status_code == 302
    assert len(outbox("survey_invitation")) == 2


def test_delivery_reads_sending_until_the_outbox_has_tried(world, login, smtp):
    campaign = make_campaign(world.a, make_survey(world.a), ["ann@customer.example"])
    send(world.a, campaign)
    client = login(world.a.partner_admins[0])
    page = client.get(f"/surveys/campaigns/{campaign.id}").get_data(as_text=True)
    assert "sending…" in page and "Delivered · <span" not in page
    deliver_all_due()
    page = client.get(f"/surveys/campaigns/{campaign.id}").get_data(as_text=True)
    assert "sending…" not in page and "100%" in page


def test_the_invitation_names_the_partner_when_the_survey_is_about_it(world):
    about_partner = make_campaign(world.a, make_survey(world.a, ABOUT_PARTNER), ["ann@customer.example"])
    about_products = make_campaign(world.a, make_survey(world.a, ABOUT_PRODUCTS, title="Product survey"),
                                   ["bob@customer.example"], name="Products")
    send(world.a, about_partner)
    send(world.a, about_products)
    by_address = {message.to_address: message for message in outbox("survey_invitation")}
    partner_text = by_address["ann@customer.example"].text_body
    assert "Partner A1 would like to hear how its service works for you." in partner_text
    assert "Vendor A's products" not in partner_text
    products_html = by_address["bob@customer.example"].html_body
    assert "how Vendor A's products and services work for you" in products_html
