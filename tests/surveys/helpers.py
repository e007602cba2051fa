"""Helpers for the survey tests: build surveys and campaigns through the services,
and read the survey link out of a really delivered email."""

import re

from sqlalchemy import func, select

from app.extensions import db
from app.feedback.models import FeedbackItem
from app.mail.sender import deliver_all_due
from app.surveys.models import QuestionKind, SurveyAudience, SurveyQuestion, SurveyRecipient, SurveyResponse
from app.surveys.services import builder as surveys
from app.surveys.services import campaigns as survey_campaigns
from app.surveys.services import sending as survey_sending
from app.tenancy import scoped_to
from tests.smtp import text_part

SURVEY_LINK = re.compile(r"https?://[^\s/]+/s/([A-Za-z0-9_\-]+)(?=\s)")
OPT_OUT_LINK = re.compile(r"https?://[^\s/]+/s/([A-Za-z0-9_\-]+)/opt-out")

STANDARD_QUESTIONS = (
    (QuestionKind.NPS, "How likely are you to recommend us?", True, ""),
    (QuestionKind.CSAT, "How satisfied are you with support?", False, ""),
    (QuestionKind.RATING, "Rate the onboarding", False, ""),
    (QuestionKind.SINGLE_CHOICE, "Which plan do you use?", False, "Basic\nPro\nEnterprise"),
    (QuestionKind.MULTIPLE_CHOICE, "What do you use?", False, "Reports\nAPI\nMobile app"),
    (QuestionKind.TEXT, "What should we improve?", False, ""),
)


def make_survey(org, questions=STANDARD_QUESTIONS, audience=SurveyAudience.CUSTOMER, title="Customer survey"):
    with scoped_to(org.tenant.id):
        survey = surveys.create_survey(org.admin, title, "Thanks for helping us.", audience)
        for kind, prompt, required, choices in questions:
            surveys.add_question(survey, kind, prompt, required, choices)
        db.session.commit()
        return survey


def make_campaign(org, survey, emails=(), partner=None, name="Spring survey"):
    partner = partner or org.partners[0]
    with scoped_to(org.tenant.id):
        campaign = survey_campaigns.create_customer_campaign(org.admin, survey.id, partner.id, name)
        for email in emails:
            survey_campaigns.add_contact(campaign, email, email.split("@")[0].capitalize())
        db.session.commit()
        return campaign


def send(org, campaign, now=None):
    with scoped_to(org.tenant.id):
        result = survey_sending.send_campaign(campaign, now=now)
        db.session.commit()
        return result


def sent_campaign(org, emails, survey=None, partner=None, questions=STANDARD_QUESTIONS):
    survey = survey or make_survey(org, questions)
    campaign = make_campaign(org, survey, emails, partner=partner)
    send(org, campaign)
    return campaign


def survey_messages(smtp, to=None):
    """The survey emails (not the world's invitations) the SMTP server received."""
    return [
        m
        for m in smtp.messages
        if m["X-Partnerloop-Kind"].startswith("survey") and (to is None or m["To"] == to)
    ]


def links_by_address(smtp):
    """{address: raw survey token} from the emails the SMTP server received."""
    deliver_all_due()
    links = {}
    for message in smtp.messages:
        match = SURVEY_LINK.search(text_part(message))
        if match:
            links[message["To"]] = match.group(1)
    return links


def fresh():
    """Forget what the test's session loaded, so the next query shows the database's rows."""
    db.session.expire_all()


def recipients(org):
    fresh()
    with scoped_to(org.tenant.id):
        return db.session.scalars(select(SurveyRecipient).order_by(SurveyRecipient.id)).all()


def response_count(org):
    with scoped_to(org.tenant.id):
        return db.session.scalar(select(func.count()).select_from(SurveyResponse))


def feedback_items(org):
    fresh()
    with scoped_to(org.tenant.id):
        return db.session.scalars(select(FeedbackItem).order_by(FeedbackItem.id)).all()


def fields(survey):
    """{question kind: form field name} (the first question of each kind)."""
    with scoped_to(survey.tenant_id):
        questions = db.session.scalars(
            select(SurveyQuestion)
            .where(SurveyQuestion.survey_id == survey.id)
            .order_by(SurveyQuestion.position.desc())
        ).all()
        return {question.kind.value: f"q{question.id}" for question in questions}


def full_answers(survey, nps="9", text="Great support, slow invoices."):
    names = fields(survey)
    return {
        names["nps"]: nps,
        names["csat"]: "4",
        names["rating"]: "5",
        names["single_choice"]: "Pro",
        names["multiple_choice"]: ["Reports", "API"],
        names["text"]: text,
    }
