"""The demo's action: a change to deal registration with feedback clearly better after it."""

from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from app.actions.services import ActionInput, create_action, link_feedback
from app.extensions import db
from app.feedback.models import Channel, ProgramElement, Source
from app.feedback.services import FeedbackInput, record_feedback
from app.partners.models import Partner
from app.tenancy import scoped_to

DEMO_BEFORE = (  # (days before the change, NPS, CSAT, text)
    (28, 3, 2, "Deal registration approvals take two weeks; we lost a deal while waiting."),
    (25, 5, 2, "Still no answer on our deal registration from last month. Frustrating."),
    (21, 6, 3, "Approvals are slow and nobody tells us why a registration is rejected."),
    (17, 4, 2, "Deal reg is a bottleneck: too slow, too many manual steps."),
    (12, 7, 3, "Registration works but approvals are slow."),
    (8, 2, 1, "Terrible turnaround on deal registrations, customers are annoyed."),
    (4, 6, 3, "We waited ten days for a simple approval."),
)
DEMO_AFTER = (  # (days after the change, NPS, CSAT, text)
    (3, 9, 4, "Approvals now come back within a day. Great improvement!"),
    (7, 10, 5, "Love the new fast deal registration, approved the same afternoon."),
    (11, 8, 4, "Much quicker approvals, thank you."),
    (15, 9, 5, "Deal registration is finally easy and fast."),
    (19, 7, 4, "Approvals are faster; the status page helps."),
    (24, 10, 5, "Excellent: registration approved in hours, customer was happy."),
    (27, 9, 4, "Good experience with deal registration this month."),
)


def _demo_feedback(partners, element, effective_on, rows, sign):
    items = []
    for index, (days, nps, csat, text) in enumerate(rows):
        given_at = datetime.combine(effective_on + timedelta(days=sign * days), time(10))
        partner_id = partners[index % len(partners)].id if partners else None
        data = FeedbackInput(source=Source.PARTNER, channel=Channel.PORTAL, partner_id=partner_id,
                             program_element_id=element.id if element else None, nps=nps, csat=csat, text=text,
                             given_at=given_at)
        items.append(record_feedback(data)[0])
    return items


def seed_actions_demo(tenant, created_by=None):
    """One demo action, "Faster deal registration approvals", 45 days ago, with backdated
    deal-registration feedback that is clearly better in the 30 days after it than before.
    The caller commits."""
    with scoped_to(tenant.id):
        partners = db.session.scalars(select(Partner).order_by(Partner.id)).all()
        element = db.session.scalars(select(ProgramElement).where(ProgramElement.name == "Deal registration")).first()
        effective_on = date.today() - timedelta(days=45)
        before = _demo_feedback(partners, element, effective_on, DEMO_BEFORE, -1)
        _demo_feedback(partners, element, effective_on, DEMO_AFTER, +1)
        action = create_action(ActionInput(
            title="Faster deal registration approvals", effective_on=effective_on,
            description="Approvals within one business day, a status page for every registration and a named "
                        "reviewer per region, because partners told us approvals took weeks.",
            program_element_id=element.id if element else None), created_by=created_by)
        for item in before:
            link_feedback(action, item)
        return action
