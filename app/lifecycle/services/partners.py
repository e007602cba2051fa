"""Deleting a partner, with an explicit choice of what happens to its feedback.

Archiving (status "suspended") stays the soft option. Deleting is final, one of:

- KEEP ("keep feedback, anonymised"): the partner's feedback items stay in the program
  figures without the partner link (partner_id NULL), without the submitter's name,
  email and customer-contact link ("Former partner"); ideas, comments and votes stay
  as anonymous contributions; follow-ups and loop replies stay with the vendor
  (delegation ended, reply addresses cleared).
- DELETE ("delete everything"): the partner's feedback items, its ideas, its votes
  and comments, and every row depending on them (notes, follow-ups, replies, links)
  are deleted.

Both: the partner's people lose their membership (their accounts stay; see
lifecycle_people), its customer contacts, invitations, survey campaigns, recipients
and responses are deleted (the feedback items the responses created follow the
choice above), and the partner row goes. Follow-ups delegated to the partner about
someone else's feedback return to the vendor. An audit entry records the choice and
the counts."""

import enum

from sqlalchemy import delete, func, or_, select, update

from app.audit.models import AuditAction
from app.core.errors import ServiceError
from app.extensions import db
from app.feedback.models import CustomerContact, FeedbackItem
from app.followups.models import FollowUp, FollowUpActivity, LoopReply
from app.ideas.models import Idea, IdeaComment, IdeaVote
from app.lifecycle.services.people import anonymise_person
from app.lifecycle.services.tenants import app_tenant_classes, bulk, numbered, record_event, references_to
from app.surveys.models import SurveyCampaign, SurveyResponse
from app.tenancy import PartnerScoped, scoped_to
from app.tenants.models import Invitation, Membership

FORMER_PARTNER = "Former partner"


class PartnerDeletion(enum.StrEnum):
    KEEP = "keep"
    DELETE = "delete"


# Partner rows that return to the vendor instead of being deleted.
HANDED_BACK = (FollowUp, FollowUpActivity, LoopReply)


def _count(model, *conditions):
    return db.session.scalar(select(func.count()).select_from(model).where(*conditions))


def partner_footprint(partner):
    """What the partner has, by kind (shown before deletion, recorded after it)."""
    pid = partner.id
    return {
        "members": _count(Membership, Membership.partner_id == pid),
        "pending_invitations": _count(Invitation, Invitation.partner_id == pid, Invitation.accepted_at.is_(None),
                                      Invitation.revoked_at.is_(None)),
        "feedback_items": _count(FeedbackItem, FeedbackItem.partner_id == pid),
        "ideas": _count(Idea, Idea.partner_id == pid),
        "votes": _count(IdeaVote, IdeaVote.partner_id == pid),
        "comments": _count(IdeaComment, IdeaComment.partner_id == pid),
        "follow_ups": _count(FollowUp, or_(FollowUp.partner_id == pid, FollowUp.about_partner_id == pid)),
        "survey_contacts": _count(CustomerContact, CustomerContact.partner_id == pid),
        "survey_campaigns": _count(SurveyCampaign, SurveyCampaign.partner_id == pid),
        "survey_responses": _count(SurveyResponse, SurveyResponse.partner_id == pid),
    }


def _keep_contributions(pid):
    bulk(update(FeedbackItem).where(FeedbackItem.partner_id == pid).values(
        partner_id=None, contact_id=None, submitter_name=FORMER_PARTNER, submitter_email=""))
    bulk(update(Idea).where(Idea.partner_id == pid).values(partner_id=None))
    bulk(update(IdeaComment).where(IdeaComment.partner_id == pid).values(partner_id=None))
    bulk(update(IdeaVote).where(IdeaVote.partner_id == pid).values(
        partner_id=None, user_id=None, voter_key=numbered("former:", IdeaVote.id)))
    bulk(update(LoopReply).where(LoopReply.partner_id == pid).values(to_address=""))


def _delete_contributions(pid):
    # Dependent rows (notes, follow-ups, replies, votes on the ideas, links) go by
    # their ON DELETE CASCADE foreign keys.
    bulk(delete(Idea).where(Idea.partner_id == pid))
    bulk(delete(IdeaComment).where(IdeaComment.partner_id == pid))
    bulk(delete(IdeaVote).where(IdeaVote.partner_id == pid))
    bulk(delete(FeedbackItem).where(FeedbackItem.partner_id == pid))


def _hand_back_and_delete_rest(pid):
    for model in HANDED_BACK:
        bulk(update(model).where(model.partner_id == pid).values(partner_id=None))
    # Every other partner-owned table, children first (including tables added later).
    classes = app_tenant_classes()
    for table in reversed(db.metadata.sorted_tables):
        cls = classes.get(table.name)
        if cls is not None and issubclass(cls, PartnerScoped):
            bulk(delete(cls).where(cls.partner_id == pid))
    for cls, column in references_to("partners"):
        if column.nullable:
            bulk(update(cls).where(column == pid).values({column.key: None}))
        else:
            bulk(delete(cls).where(column == pid))


def _remove_people(partner):
    members = db.session.scalars(select(Membership).where(Membership.partner_id == partner.id)).all()
    for membership in members:
        anonymise_person(partner.tenant_id, membership.user_id, membership.user.email)
        db.session.delete(membership)  # audited
    db.session.flush()


def deletion_choice(choice):
    """The PartnerDeletion named by `choice`, or a ServiceError for the form."""
    try:
        return PartnerDeletion(choice)
    except ValueError as error:
        raise ServiceError("Choose what happens to the partner's feedback.", field="choice") from error


DELETION_STEPS = 4  # the progress a deletion reports: steps done of these


def delete_partner(partner, choice, report=None):
    """Delete `partner` with the chosen fate of its feedback; returns its footprint.
    `report(steps done, DELETION_STEPS)` follows its progress. The caller commits (and
    is an admin of the partner's tenant, or the job one asked for: app/lifecycle/tasks.py)."""
    choice = deletion_choice(choice)
    report = report or (lambda done, total: None)
    pid, name, tenant_id = partner.id, partner.name, partner.tenant_id
    report(0, DELETION_STEPS)  # before the first write (SQLite: progress waits for the writer after it)
    with scoped_to(tenant_id):  # the vendor's view, whoever calls
        footprint = partner_footprint(partner)
        _remove_people(partner)
        report(1, DELETION_STEPS)
        if choice is PartnerDeletion.KEEP:
            _keep_contributions(pid)
        else:
            _delete_contributions(pid)
        report(2, DELETION_STEPS)
        _hand_back_and_delete_rest(pid)
        report(3, DELETION_STEPS)
        db.session.delete(partner)  # audited, with its last values
        db.session.flush()
    record_event(tenant_id, "partner_deletion", pid, f"{name}: {choice.value}", AuditAction.DELETED,
                 {"choice": choice.value, **footprint})
    report(4, DELETION_STEPS)
    return footprint
