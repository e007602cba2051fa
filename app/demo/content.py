"""Sample feedback and ideas for the demo tenant: twelve months of realistic items
from every source and channel, so the insight views have something to show."""

import random
from datetime import timedelta

from sqlalchemy import select

from app.core.models import utcnow
from app.extensions import db
from app.feedback.models import Channel, ProgramElement, Source
from app.feedback.services import FeedbackInput, record_feedback
from app.ideas import services as idea_service
from app.ideas.models import IdeaStatus
from app.imports.services import batches as imports
from app.partners.models import Partner
from app.surveys.models import QuestionKind, SurveyRecipient
from app.surveys.services import builder as surveys
from app.surveys.services import campaigns as survey_campaigns
from app.surveys.services import responses as survey_responses
from app.surveys.services import sending as survey_sending
from app.tenants.models import Membership, Role

# (program element, text, nps, csat) -- a mix of praise, complaints and requests
SAMPLES = [
    ("Deal registration", "Deal registration approvals take far too long, we lost a deal waiting two weeks.", 3, 2),
    ("Deal registration", "Registration was approved within a day, great job.", 9, 5),
    ("Deal registration", "The deal registration form keeps timing out, very frustrating.", 4, 2),
    ("MDF", "MDF claims need too much paperwork and payouts are slow.", 5, 2),
    ("MDF", "Our MDF campaign worked well and the funds arrived quickly.", 9, 4),
    ("Enablement & training", "The new certification track is excellent and practical.", 10, 5),
    ("Enablement & training", "Training videos are outdated and do not cover the new product line.", 6, 3),
    ("Support", "Partner support answered within the hour and solved the issue. Thank you!", 10, 5),
    ("Support", "Support tickets bounce between teams, nobody owns our escalations.", 2, 1),
    ("Partner portal", "The portal is fine for what we need.", 8, 4),
    ("Partner portal", "Search in the portal is broken and I cannot find the price lists.", 5, 2),
    (None, "Overall the program is solid, keep it as it is.", 8, 4),
]
CUSTOMER_TEXTS = [
    ("The implementation partner was professional and on time.", 9, 5),
    ("Onboarding took longer than promised, poor communication.", 4, 2),
    ("Good product, the partner knows it well.", 8, 4),
    ("We had to chase the partner for every update, disappointing.", 3, 2),
    ("Excellent service, would recommend them to anyone.", 10, 5),
]
INTERNAL_CHANNELS = (Channel.CALL_CENTER, Channel.EMAIL, Channel.CHAT, Channel.SOCIAL)
IDEAS = [
    ("Self-service MDF claims in the portal", "Upload proof of execution and track payout status online.", "MDF"),
    ("Deal registration approval within 48 hours", "Publish an SLA and show the approval queue.", "Deal registration"),
    ("Sandbox environments for partner demos", "A demo tenant per partner, refreshed weekly.", "Enablement & training"),
    ("Shared escalation channel with support", "One owner per escalated partner ticket.", "Support"),
]


def _elements():
    return {e.name: e.id for e in db.session.scalars(select(ProgramElement))}


def _record(rng, partner, element_id, text, nps, csat, source, channel, days_ago, author=None):
    # A gradual improvement over the year makes the trend charts meaningful.
    lift = 1 if days_ago < 120 and nps is not None and nps < 9 and rng.random() < 0.4 else 0
    data = FeedbackInput(source=source, channel=channel, partner_id=partner.id, program_element_id=element_id,
                         text=text, nps=None if nps is None else min(10, nps + lift), csat=csat,
                         given_at=utcnow() - timedelta(days=days_ago, hours=rng.randint(0, 20)),
                         external_id=f"demo-{source}-{channel}-{partner.id}-{days_ago}" if channel == Channel.API else None)
    record_feedback(data, author=author)


def seed_feedback(rng=None, items_per_partner=40):
    """Feedback from partners (portal), their customers (survey) and staff (calls, email ...)."""
    rng = rng or random.Random(2026)
    elements = _elements()
    partners = db.session.scalars(select(Partner).order_by(Partner.id)).all()
    for partner in partners:
        authors = [m.user for m in db.session.scalars(select(Membership).where(Membership.partner_id == partner.id))]
        for _ in range(items_per_partner):
            days_ago = rng.randint(1, 360)
            kind = rng.random()
            if kind < 0.4:
                element, text, nps, csat = rng.choice(SAMPLES)
                _record(rng, partner, elements.get(element), text, nps, csat, Source.PARTNER, Channel.PORTAL, days_ago,
                        author=rng.choice(authors) if authors else None)
            elif kind < 0.8:
                text, nps, csat = rng.choice(CUSTOMER_TEXTS)
                _record(rng, partner, None, text, nps, csat, Source.CUSTOMER, Channel.API, days_ago)
            else:
                element, text, nps, csat = rng.choice(SAMPLES)
                _record(rng, partner, elements.get(element), text, None, csat, Source.INTERNAL,
                        rng.choice(INTERNAL_CHANNELS), days_ago)
    db.session.flush()


def seed_ideas(rng=None):
    """A few ideas with votes from partners and staff, one of them planned."""
    rng = rng or random.Random(7)
    elements = _elements()
    memberships = db.session.scalars(select(Membership).order_by(Membership.id)).all()
    partner_members = [m for m in memberships if m.role in (Role.PARTNER_ADMIN, Role.PARTNER_MEMBER)]
    planned = db.session.scalars(select(IdeaStatus).where(IdeaStatus.name == "Planned")).first()
    for index, (title, description, element) in enumerate(IDEAS):
        author = partner_members[index % len(partner_members)]
        idea = idea_service.post_idea(author, title, description, elements.get(element))
        for voter in rng.sample(partner_members, k=min(len(partner_members), 1 + index)):
            idea_service.add_vote(idea, voter)
        if index == 1 and planned is not None:
            idea_service.change_status(idea, planned.id)
    db.session.flush()


def seed_survey_campaign(author, partner, rng=None):
    """A customer survey, a sent campaign of the partner, and answers to most of it."""
    rng = rng or random.Random(11)
    survey = surveys.create_survey(author, "How did your partner do?",
                                   "Two minutes about the partner who delivered your project.")
    nps = surveys.add_question(survey, QuestionKind.NPS, "How likely are you to recommend this partner?", True)
    csat = surveys.add_question(survey, QuestionKind.CSAT, "How satisfied are you with the project?", True)
    text = surveys.add_question(survey, QuestionKind.TEXT, "What should they do better?")
    db.session.flush()
    campaign = survey_campaigns.create_customer_campaign(author, survey.id, partner.id, "Spring project review")
    for number in range(1, 9):
        survey_campaigns.add_contact(campaign, f"customer{number}@{partner.name.split()[0].lower()}-client.example",
                                     f"Customer {number}", "Client Corp")
    survey_sending.send_campaign(campaign)
    db.session.flush()
    answers = [(9, 5, "Great team, on time."), (10, 5, ""), (6, 3, "Slow to respond to our questions."),
               (8, 4, "Good overall."), (3, 2, "Missed the deadline twice."), (9, 4, "")]
    recipients = db.session.scalars(select(SurveyRecipient).where(SurveyRecipient.campaign_id == campaign.id)
                                    .order_by(SurveyRecipient.id)).all()
    for recipient, (nps_value, csat_value, remark) in zip(recipients, answers, strict=False):
        survey_responses.submit_response(recipient, {nps.id: nps_value, csat.id: csat_value, text.id: remark})
    db.session.flush()
    return campaign


DEMO_CSV = """date,partner,channel,text,csat
{d1},Northwind Solutions,call center,Caller could not find the deal registration form.,2
{d2},Bluebird Consulting,chat,Chat agent explained MDF rules clearly. Thanks!,5
{d3},Cobalt Systems,social,"Partner portal down again this morning, very annoying.",1
{d4},Northwind Solutions,call center,Asked for training dates for the new certification.,4
"""


def seed_import(author):
    """Imported call-center, chat and social items, through the real CSV import."""
    days = [utcnow() - timedelta(days=n) for n in (3, 9, 14, 30)]
    content = DEMO_CSV.format(**{f"d{i}": day.strftime("%Y-%m-%d") for i, day in enumerate(days, start=1)})
    batch = imports.store_upload("contact-center-export.csv", content.encode(), "utf-8", created_by=author)
    db.session.flush()
    imports.save_mapping(batch, batch.mapping, "customer", "iso")
    imports.run_import(batch, all_or_nothing=True)
    return batch
