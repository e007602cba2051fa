"""Demo follow-ups: open, overdue and resolved ones on a few feedback items, and one
automation rule, so every follow-up page has something to show."""

from datetime import timedelta

from sqlalchemy import select

from app.core.models import utcnow
from app.extensions import db
from app.feedback.models import Channel, Source
from app.feedback.services import FeedbackInput, find_or_create_contact, record_feedback
from app.followups.models import Priority
from app.followups.services.followups import create_follow_up
from app.followups.services.loop import resolve
from app.followups.services.rules import RuleInput, create_rule
from app.partners.models import Partner
from app.tenancy import scoped_to
from app.tenants.models import Membership, Role

DEMO_ITEMS = (
    # (source, nps, text, customer email or "")
    (Source.PARTNER, 3, "Deal registration approvals take two weeks. We lost a deal to a competitor over it.", ""),
    (Source.PARTNER, 5, "MDF claims get rejected without a reason; nobody answers our emails about it.", ""),
    (Source.CUSTOMER, 4, "The integration kept failing after the upgrade and support was slow to respond.",
     "casey@customer.example"),
)


def _staff(role):
    return db.session.scalars(select(Membership).where(Membership.role == role).order_by(Membership.id)).first()


def _demo_items(partner):
    items = []
    for number, (source, nps, text, email) in enumerate(DEMO_ITEMS, start=1):
        contact = find_or_create_contact(partner, email, "Casey Customer", "Casey & Co") if email else None
        data = FeedbackInput(source=source, channel=Channel.EMAIL if contact else Channel.PORTAL, text=text,
                             partner_id=partner.id, nps=nps, external_id=f"demo-follow-up-{number}")
        items.append(record_feedback(data, contact=contact)[0])
    return items


def seed_followups_demo(tenant, now=None):
    """In `tenant`'s scope: an open, an overdue and a resolved follow-up (its reply
    awaiting the customer's confirmation), and a rule for NPS detractors. The caller commits."""
    now = now or utcnow()
    today = now.date()
    with scoped_to(tenant.id):
        admin = _staff(Role.ADMIN).user
        manager = (_staff(Role.MANAGER) or _staff(Role.ADMIN)).user
        partner = db.session.scalars(select(Partner).order_by(Partner.name)).first()
        first, second, third = _demo_items(partner)
        create_follow_up(first, admin, manager.id, today + timedelta(days=5), Priority.HIGH,
                         "Call them about deal registration delays")
        overdue = create_follow_up(second, admin, manager.id, today, Priority.URGENT, "Explain the MDF rejections")
        overdue.created_at, overdue.due_on = now - timedelta(days=10), today - timedelta(days=3)
        resolved = create_follow_up(third, admin, manager.id, today + timedelta(days=2), Priority.NORMAL,
                                    "Check the integration after the upgrade")
        resolve(resolved, manager, "We found the cause: a connector setting reset by the upgrade. "
                                   "It is fixed for your account; sorry for the trouble.", now=now)
        create_rule(admin, RuleInput(name="NPS detractors: the partner manager calls within 2 days",
                                     nps_detractor=True, due_in_days=2, priority=Priority.HIGH))
        db.session.flush()
