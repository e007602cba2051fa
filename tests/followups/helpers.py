"""Helpers for the follow-up, rule and loop tests: feedback, follow-ups and rules made
through the services, in the right tenant's scope, committed."""

import re
from datetime import timedelta

from sqlalchemy import select

from app.extensions import db
from app.feedback.models import Channel, Source
from app.feedback.services import FeedbackInput, find_or_create_contact, record_feedback
from app.followups.models import FollowUp, FollowUpActivity, LoopReply
from app.followups.services.followups import create_follow_up, today
from app.followups.services.rules import RuleInput, create_rule
from app.mail.models import OutboxMessage
from app.tenancy import all_tenants, scoped_to

LOOP_LINK = re.compile(r"https?://[^\s/]+/loop/([A-Za-z0-9_\-]+)\?answer=(yes|no)")


def record_item(org, partner_index=0, nps=None, csat=None, text="Deal registration is slow and frustrating.",
                source=Source.PARTNER, channel=Channel.PORTAL, contact_email=None, author=None, anonymous=False):
    partner = org.partners[partner_index] if partner_index is not None else None
    with scoped_to(org.tenant.id):
        contact = find_or_create_contact(partner, contact_email, "Casey Customer") if contact_email else None
        item, _ = record_feedback(FeedbackInput(source=source, channel=channel, text=text, nps=nps, csat=csat,
                                                partner_id=partner.id if partner else None, anonymous=anonymous),
                                  author=author, contact=contact)
        db.session.commit()
        return item


def customer_item(org, email="casey@customer.example.com", nps=3, partner_index=0):
    return record_item(org, partner_index, nps=nps, source=Source.CUSTOMER, channel=Channel.EMAIL,
                       contact_email=email, text="The integration broke after the upgrade.")


def make_follow_up(org, subject, owner=None, due_in=3, actor=None, **kwargs):
    """A follow-up made by staff; one owned by a partner user is delegated, as confirmed."""
    kwargs.setdefault("delegation_confirmed", True)
    with scoped_to(org.tenant.id):
        follow_up = create_follow_up(subject, actor or org.admin, (owner or org.manager).id,
                                     today() + timedelta(days=due_in), **kwargs)
        db.session.commit()
        return follow_up


def make_rule(org, name="Detractors", **fields):
    with scoped_to(org.tenant.id):
        rule = create_rule(org.admin, RuleInput(name=name, **fields))
        db.session.commit()
        return rule


def follow_ups_of(org):
    with scoped_to(org.tenant.id):
        return db.session.scalars(select(FollowUp).order_by(FollowUp.id)).all()


def activities_of(org, follow_up):
    with scoped_to(org.tenant.id):
        return db.session.scalars(select(FollowUpActivity).where(FollowUpActivity.follow_up_id == follow_up.id)
                                  .order_by(FollowUpActivity.id)).all()


def replies_of(org):
    with scoped_to(org.tenant.id):
        return db.session.scalars(select(LoopReply).order_by(LoopReply.id)).all()


@all_tenants()
def outbox(kind):
    return db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind)
                              .order_by(OutboxMessage.id)).all()


def refreshed(org, obj):
    with scoped_to(org.tenant.id):
        db.session.refresh(obj)
        return obj
