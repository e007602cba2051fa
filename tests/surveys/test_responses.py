"""The public response page /s/<token>: emailed link, answering, single use, expiry,
opt-out, escaping, rate limit, and the FeedbackItem every answer produces."""

from datetime import timedelta

from sqlalchemy import select

from app.core.models import utcnow
from app.core.tokens import hash_token
from app.extensions import db
from app.feedback.models import Channel, Source
from app.surveys.models import SurveyAnswer, SurveyRecipient
from app.tenancy import scoped_to
from tests.smtp import html_part, text_part
from tests.surveys.helpers import (
    OPT_OUT_LINK,
    feedback_items,
    fields,
    full_answers,
    links_by_address,
    make_survey,
    recipients,
    response_count,
    sent_campaign,
)

CUSTOMER = "carol@customer.example"


def _link(world, smtp, email=CUSTOMER, survey=None):
    campaign = sent_campaign(world.a, [email], survey=survey)
    return campaign, links_by_address(smtp)[email]


def test_emailed_link_opens_the_survey_with_vendor_and_partner_names(world, client, smtp):
    _, token = _link(world, smtp)
    response = client.get(f"/s/{token}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Vendor A" in page and "Partner A1" in page
    assert "How likely are you to recommend us?" in page
    assert 'name="csrf_token"' in page or "<form" in page


def test_email_names_partner_and_vendor_and_carries_an_opt_out_link(world, smtp):
    _link(world, smtp)
    [message] = smtp.to(CUSTOMER)
    assert message["Subject"] == "Partner A1 would like your feedback"
    assert "Vendor A" in text_part(message)
    assert OPT_OUT_LINK.search(text_part(message))
    assert "/opt-out" in html_part(message)


def test_only_the_hash_of_the_link_token_is_stored(world, smtp):
    _, token = _link(world, smtp)
    [recipient] = recipients(world.a)
    assert len(token) >= 43  # 256 bits, base64url
    assert recipient.token_hash == hash_token(token)
    assert token not in (recipient.token_hash, recipient.reminder_token_hash)


def test_answering_stores_the_answers_and_marks_the_recipient(world, client, smtp):
    campaign, token = _link(world, smtp)
    survey = campaign.survey
    response = client.post(f"/s/{token}", data=full_answers(survey))
    assert response.status_code == 200
    assert "Thank you" in response.get_data(as_text=True)
    [recipient] = recipients(world.a)
    assert recipient.answered_at is not None
    with scoped_to(world.a.tenant.id):
        stored = {a.question.kind.value: a for a in db.session.scalars(select(SurveyAnswer)).all()}
    assert stored["nps"].number_value == 9
    assert stored["multiple_choice"].choice_values == ["Reports", "API"]
    assert stored["single_choice"].choice_values == ["Pro"]
    assert stored["text"].text_value == "Great support, slow invoices."


def test_answer_becomes_one_customer_survey_feedback_item(world, client, smtp):
    campaign, token = _link(world, smtp)
    client.post(f"/s/{token}", data=full_answers(campaign.survey))
    [item] = feedback_items(world.a)
    assert (item.source, item.channel) == (Source.CUSTOMER, Channel.SURVEY)
    assert item.partner_id == world.a.partners[0].id
    assert (item.nps, item.csat, item.rating) == (9, 4, 5)
    assert item.text == "Great support, slow invoices."
    assert item.contact.email == CUSTOMER
    assert item.author_id is None and not item.anonymous


def test_second_submission_shows_already_answered_and_stores_nothing_more(world, client, smtp):
    campaign, token = _link(world, smtp)
    data = full_answers(campaign.survey)
    client.post(f"/s/{token}", data=data)
    again = client.post(f"/s/{token}", data=full_answers(campaign.survey, nps="2"))
    assert again.status_code == 200
    assert "already answered" in again.get_data(as_text=True)
    assert response_count(world.a) == 1
    assert [item.nps for item in feedback_items(world.a)] == [9]


def test_opening_an_answered_link_shows_already_answered(world, client, smtp):
    campaign, token = _link(world, smtp)
    client.post(f"/s/{token}", data=full_answers(campaign.survey))
    page = client.get(f"/s/{token}").get_data(as_text=True)
    assert "already answered" in page
    assert "How likely are you" not in page


def test_unknown_token_gives_a_clear_404_page(world, client):
    response = client.get("/s/not-a-real-token")
    assert response.status_code == 404
    assert "not valid" in response.get_data(as_text=True)
    assert client.post("/s/not-a-real-token", data={"q1": "3"}).status_code == 404
    for odd in ("%00", "%ff%fe", "x" * 5000, "..%2F..%2Fetc"):
        assert client.get(f"/s/{odd}").status_code == 404


def test_expired_link_gives_410_and_refuses_answers(world, client, smtp):
    campaign, token = _link(world, smtp)
    with scoped_to(world.a.tenant.id):
        db.session.scalars(select(SurveyRecipient)).one().expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    assert client.get(f"/s/{token}").status_code == 410
    assert client.post(f"/s/{token}", data=full_answers(campaign.survey)).status_code == 410
    assert response_count(world.a) == 0


def test_link_expires_after_the_tenants_configured_days(world, smtp):
    _link(world, smtp)
    [recipient] = recipients(world.a)
    assert recipient.expires_at - recipient.sent_at == timedelta(days=14)


def test_missing_required_answer_rerenders_with_message_and_keeps_answers(world, client, smtp):
    campaign, token = _link(world, smtp)
    data = full_answers(campaign.survey)
    del data[fields(campaign.survey)["nps"]]
    response = client.post(f"/s/{token}", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Please answer this question." in page
    assert "Great support, slow invoices." in page
    assert response_count(world.a) == 0 and feedback_items(world.a) == []


def test_out_of_range_and_unknown_options_are_refused(world, client, smtp):
    campaign, token = _link(world, smtp)
    names = fields(campaign.survey)
    data = full_answers(campaign.survey) | {names["nps"]: "11", names["single_choice"]: "Platinum"}
    response = client.post(f"/s/{token}", data=data)
    assert response.status_code == 422
    assert "Not a valid choice" in response.get_data(as_text=True)
    assert response_count(world.a) == 0


def test_optional_questions_may_stay_unanswered(world, client, smtp):
    campaign, token = _link(world, smtp)
    response = client.post(f"/s/{token}", data={fields(campaign.survey)["nps"]: "0"})
    assert response.status_code == 200
    [item] = feedback_items(world.a)
    assert (item.nps, item.csat, item.rating, item.text) == (0, None, None, "")


def test_hostile_answer_is_stored_as_given_and_shown_escaped(world, client, login, smtp):
    campaign, token = _link(world, smtp)
    hostile = "<script>alert('x')</script> & \"quotes\""
    client.post(f"/s/{token}", data=full_answers(campaign.survey, text=hostile))
    [item] = feedback_items(world.a)
    assert item.text == hostile
    page = login(world.a.admin).get(f"/surveys/campaigns/{campaign.id}/results").get_data(as_text=True)
    assert "&lt;script&gt;alert(" in page
    assert "<script>alert(" not in page


def test_opening_the_link_is_counted_once(world, client, smtp):
    _, token = _link(world, smtp)
    client.get(f"/s/{token}")
    first = recipients(world.a)[0].opened_at
    client.get(f"/s/{token}")
    assert first is not None and recipients(world.a)[0].opened_at == first


def test_opt_out_page_asks_first_and_opts_out_on_post(world, client, smtp):
    _link(world, smtp)
    token = OPT_OUT_LINK.search(text_part(smtp.to(CUSTOMER)[0])).group(1)
    asked = client.get(f"/s/{token}/opt-out")
    assert asked.status_code == 200 and "Stop survey emails?" in asked.get_data(as_text=True)
    assert recipients(world.a)[0].opted_out_at is None
    done = client.post(f"/s/{token}/opt-out")
    assert done.status_code == 200
    assert "no more surveys from Vendor A" in done.get_data(as_text=True)
    assert recipients(world.a)[0].opted_out_at is not None


def test_opt_out_with_unknown_token_is_404(client, world):
    assert client.post("/s/unknown/opt-out").status_code == 404


def test_response_page_works_without_javascript(world, client, smtp):
    _, token = _link(world, smtp)
    page = client.get(f"/s/{token}").get_data(as_text=True)
    assert "<script" not in page
    assert 'type="radio"' in page and 'type="checkbox"' in page and "<textarea" in page
    assert 'name="viewport"' in page


def test_public_pages_are_rate_limited(world, client, smtp, app):
    _, token = _link(world, smtp)
    app.config["TOKEN_RATE_LIMIT"] = "2 per minute"
    try:
        assert client.get("/s/guess-1").status_code == 404
        assert client.get("/s/guess-2").status_code == 404
        assert client.get("/s/guess-3").status_code == 429
        assert client.get(f"/s/{token}/opt-out").status_code == 429
    finally:
        app.config["TOKEN_RATE_LIMIT"] = "10000 per minute"


def test_other_tenants_cannot_see_the_response(world, client, login, smtp):
    campaign, token = _link(world, smtp)
    client.post(f"/s/{token}", data=full_answers(campaign.survey))
    assert login(world.b.admin).get(f"/surveys/campaigns/{campaign.id}/results").status_code == 404
    assert feedback_items(world.b) == []


def test_survey_with_two_text_questions_labels_each_answer_in_the_feedback(world, client, smtp):
    survey = make_survey(
        world.a,
        [
            ("nps", "Recommend?", True, ""),
            ("text", "What works?", False, ""),
            ("text", "What is missing?", False, ""),
        ],
    )
    _, token = _link(world, smtp, survey=survey)
    names = fields(survey)
    with scoped_to(world.a.tenant.id):
        text_ids = [
            f"q{q.id}" for q in db.session.get(type(survey), survey.id).questions if q.kind.value == "text"
        ]
    client.post(f"/s/{token}", data={names["nps"]: "8", text_ids[0]: "Support", text_ids[1]: "Exports"})
    [item] = feedback_items(world.a)
    assert item.text == "What works?\nSupport\n\nWhat is missing?\nExports"
