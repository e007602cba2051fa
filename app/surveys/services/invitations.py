"""What a customer campaign's invitation says: whom the survey is about, and a preview
of the email, shown before anything is sent."""

import re
from dataclasses import dataclass
from datetime import timedelta
from types import SimpleNamespace

from flask import render_template
from sqlalchemy import select

from app.core.models import utcnow
from app.extensions import db
from app.surveys.models import SurveyRecipient
from app.surveys.services.settings import survey_settings

PARTNER_WORD = re.compile(r"\bpartners?\b")
# No token exists before the email is sent: the preview shows where each personal link goes.
PREVIEW_LINKS = {"survey_public.respond": "[the contact's personal survey link]",
                 "survey_public.opt_out_page": "[the contact's personal opt-out link]"}


def about_partner(survey, partner):
    """Whether the survey asks about the partner sending it rather than about the
    vendor's products: its title, intro or questions say "partner" or name it. (The
    survey stores no subject of its own; the words it shows the customer decide.)"""
    if partner is None:
        return False
    texts = " ".join([survey.title, survey.intro, *(question.prompt for question in survey.questions)]).lower()
    return partner.name.lower() in texts or PARTNER_WORD.search(texts) is not None


@dataclass(frozen=True)
class InvitationPreview:
    to_address: str
    subject: str
    text_body: str


def _sample_recipient(campaign, now):
    first = db.session.scalars(select(SurveyRecipient).where(
        SurveyRecipient.campaign_id == campaign.id, SurveyRecipient.sent_at.is_(None),
        SurveyRecipient.skip_reason.is_(None)).order_by(SurveyRecipient.id).limit(1)).first()
    expires_at = now + timedelta(days=survey_settings().link_expiry_days)
    return SimpleNamespace(email=first.email if first else "customer@example.com", name=first.name if first else "",
                           campaign=campaign, partner=campaign.partner, expires_at=expires_at)


def invitation_preview(campaign, subject_of, context_of, now=None):
    """The invitation as the first contact still to be sent to would get it; nothing is
    stored or sent. `subject_of` and `context_of` are the sender's own builders."""
    recipient = _sample_recipient(campaign, now or utcnow())
    context = context_of(recipient, None)
    context["link"] = lambda endpoint, **values: PREVIEW_LINKS.get(endpoint, "[link]")
    return InvitationPreview(to_address=recipient.email, subject=subject_of(recipient, False),
                             text_body=render_template("mail/survey_invitation.txt", **context))
