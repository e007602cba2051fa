"""The innovation ideas board: posting, voting, commenting, the status pipeline,
merging duplicates, promoting feedback, and partner-weighted demand."""

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app.auth.models import User
from app.core.errors import ServiceError
from app.core.models import utcnow
from app.core.validation import clean_text
from app.extensions import db
from app.feedback.models import FeedbackItem, Source
from app.ideas.models import (
    DEFAULT_IDEA_STATUSES,
    Idea,
    IdeaComment,
    IdeaFeedbackLink,
    IdeaNote,
    IdeaStatus,
    IdeaVote,
)
from app.mail import enqueue_email
from app.partners.models import Partner, PartnerTier

MAX_TITLE = 200
MAX_BODY = 20_000
SORTS = ("votes", "newest", "demand")


def seed_idea_statuses():
    """Default pipeline of a new tenant (in its scope)."""
    for position, (name, on_roadmap, is_closed) in enumerate(DEFAULT_IDEA_STATUSES):
        db.session.add(IdeaStatus(name=name, position=position, on_roadmap=on_roadmap, is_closed=is_closed))


def statuses():
    return db.session.scalars(select(IdeaStatus).order_by(IdeaStatus.position, IdeaStatus.id)).all()


def _first_status():
    status = db.session.scalars(select(IdeaStatus).order_by(IdeaStatus.position, IdeaStatus.id)).first()
    if status is None:
        seed_idea_statuses()
        db.session.flush()
        return _first_status()
    return status


def shows_author_name(viewer, contribution):
    """Whether `viewer` (a membership) may read who wrote `contribution`, an idea or a
    comment on one. Staff read every name; a partner user reads the names of their own
    partner's people and of the vendor's staff (contributions without a partner), never
    those of another partner's people, who read as "a partner"."""
    if viewer.role.is_staff:
        return True
    return contribution.partner_id is None or contribution.partner_id == viewer.partner_id


def post_idea(membership, title, description="", program_element_id=None, source_feedback=None):
    """A new idea in the first status; the author votes for it."""
    idea = Idea(
        title=clean_text(title, "title", MAX_TITLE, required=True),
        description=clean_text(description, "description", MAX_BODY),
        program_element_id=program_element_id, status=_first_status(), author=membership.user,
        partner_id=membership.partner_id, source_feedback=source_feedback,
    )
    db.session.add(idea)
    db.session.flush()
    add_vote(idea, membership)
    return idea


def _promoted_description(item, description, keep_feedback_text):
    description = clean_text(description, "description", MAX_BODY)
    if not keep_feedback_text:
        return description
    if description:
        raise ServiceError("Write a description or use the feedback's text, not both.", field="description")
    return item.text[:MAX_BODY]


def promote_feedback(membership, item, title, description="", keep_feedback_text=False):
    """Turn a feedback item into an idea, keeping the (staff-only) link to where it came from.

    Every partner of the program reads the idea, while the feedback is private to its
    partner and the vendor: the idea's description is the one the staff member wrote
    (empty by default), and the feedback's text only when they ask for it explicitly."""
    idea = Idea(title=clean_text(title, "title", MAX_TITLE, required=True),
                description=_promoted_description(item, description, keep_feedback_text),
                program_element_id=item.program_element_id, status=_first_status(), author=membership.user,
                partner_id=item.partner_id, source_feedback=item)
    db.session.add(idea)
    db.session.flush()
    link_feedback(idea, item)
    return idea


def link_feedback(idea, item):
    exists = db.session.scalars(select(IdeaFeedbackLink.id).where(
        IdeaFeedbackLink.idea_id == idea.id, IdeaFeedbackLink.feedback_item_id == item.id)).first()
    if exists is None:
        db.session.add(IdeaFeedbackLink(idea_id=idea.id, feedback_item_id=item.id))


def _voter_key(membership):
    return f"user:{membership.user_id}"


def voted_idea_ids(idea_ids, membership):
    """Which of `idea_ids` this person voted for, in one query."""
    if not idea_ids:
        return set()
    return set(db.session.scalars(select(IdeaVote.idea_id).where(
        IdeaVote.idea_id.in_(list(idea_ids)), IdeaVote.voter_key == _voter_key(membership))))


def has_voted(idea, membership):
    return db.session.scalars(select(IdeaVote.id).where(
        IdeaVote.idea_id == idea.id, IdeaVote.voter_key == _voter_key(membership))).first() is not None


def _insert_vote(vote):
    """Insert in a savepoint: a concurrent or repeated vote hits the unique constraint."""
    try:
        with db.session.begin_nested():
            db.session.add(vote)
        return True
    except IntegrityError:
        return False


def add_vote(idea, membership):
    _ensure_open(idea)
    return _insert_vote(IdeaVote(idea_id=idea.id, voter_key=_voter_key(membership), user_id=membership.user_id,
                                 partner_id=membership.partner_id))


def retract_vote(idea, membership):
    db.session.execute(delete(IdeaVote).where(IdeaVote.idea_id == idea.id,
                                              IdeaVote.voter_key == _voter_key(membership)))


def record_vote_for_partner(idea, staff_membership, partner):
    """Staff record a partner's vote, e.g. from a call; one per partner and idea."""
    _ensure_open(idea)
    vote = IdeaVote(idea_id=idea.id, voter_key=f"partner:{partner.id}", partner_id=partner.id,
                    recorded_by_id=staff_membership.user_id)
    if not _insert_vote(vote):
        raise ServiceError(f"A vote for {partner.name} is recorded already.", field="partner_id")


def _ensure_open(idea):
    if idea.merged_into_id is not None:
        raise ServiceError("This idea was merged into another one; vote and comment there.")


def add_comment(idea, membership, body):
    _ensure_open(idea)
    comment = IdeaComment(idea_id=idea.id, author_id=membership.user_id, partner_id=membership.partner_id,
                          body=clean_text(body, "body", MAX_BODY, required=True))
    db.session.add(comment)
    return comment


def add_note(idea, membership, body):
    note = IdeaNote(idea_id=idea.id, author_id=membership.user_id, body=clean_text(body, "body", MAX_BODY, True))
    db.session.add(note)
    return note


def _people_to_notify(idea):
    voters = select(IdeaVote.user_id).where(IdeaVote.idea_id == idea.id, IdeaVote.user_id.is_not(None))
    return db.session.scalars(
        select(User).where((User.id.in_(voters)) | (User.id == idea.author_id)).order_by(User.id)
    ).all()


def change_status(idea, status_id, changed_by=None):
    """Move an idea to another status and email its author and voters."""
    _ensure_open(idea)
    status = db.session.scalars(select(IdeaStatus).where(IdeaStatus.id == status_id)).first()
    if status is None:
        raise ServiceError("Choose one of your statuses.", field="status_id")
    if status.id == idea.status_id:
        return idea
    idea.status = status
    idea.status_changed_at = utcnow()
    for person in _people_to_notify(idea):
        enqueue_email("idea_status", person.email, f"Idea update: {idea.title[:80]} is now {status.name}",
                      "idea_status", tenant_id=idea.tenant_id, idea=idea, status=status, person=person)
    return idea


def check_merge(duplicate, target):
    """ServiceError unless `duplicate` can be merged into `target`."""
    if duplicate.merged_into_id is not None:
        raise ServiceError("This idea was merged already.")
    if duplicate.id == target.id:
        raise ServiceError("An idea cannot be merged into itself.", field="target_id")
    if target.merged_into_id is not None:
        raise ServiceError("That idea was itself merged; pick the idea it was merged into.", field="target_id")


def _keep_description(duplicate, target):
    """The duplicate's details stay readable on the idea that replaces it."""
    if not duplicate.description.strip():
        return
    kept = f"From the merged idea “{duplicate.title}”:\n{duplicate.description.strip()}"
    target.description = f"{target.description.rstrip()}\n\n{kept}" if target.description.strip() else kept


def _tell_author(duplicate, target):
    author = duplicate.author
    if author is None:
        return
    enqueue_email("idea_merged", author.email, f"Your idea was merged: {duplicate.title[:80]}", "idea_merged",
                  tenant_id=duplicate.tenant_id, idea=duplicate, target=target, person=author)


def merge_ideas(duplicate, target):
    """Fold `duplicate` into `target`: votes (without double votes), comments, links and
    its description move; its author is emailed where their idea went."""
    check_merge(duplicate, target)
    target_keys = select(IdeaVote.voter_key).where(IdeaVote.idea_id == target.id).scalar_subquery()
    db.session.execute(update(IdeaVote).where(IdeaVote.idea_id == duplicate.id, IdeaVote.voter_key.not_in(target_keys))
                       .values(idea_id=target.id).execution_options(synchronize_session=False))
    db.session.execute(delete(IdeaVote).where(IdeaVote.idea_id == duplicate.id))
    db.session.execute(update(IdeaComment).where(IdeaComment.idea_id == duplicate.id).values(idea_id=target.id)
                       .execution_options(synchronize_session=False))
    for link in db.session.scalars(select(IdeaFeedbackLink).where(IdeaFeedbackLink.idea_id == duplicate.id)).all():
        link_feedback(target, link.feedback_item)
        db.session.delete(link)
    _keep_description(duplicate, target)
    duplicate.merged_into_id = target.id
    _tell_author(duplicate, target)
    return target


def _vote_counts():
    return (select(IdeaVote.idea_id, func.count(IdeaVote.id).label("votes"))
            .group_by(IdeaVote.idea_id).subquery())


def _weighted_votes():
    """Each vote weighs its partner's tier weight (1 without a partner or tier)."""
    weight = func.coalesce(PartnerTier.weight, 1)
    return (select(IdeaVote.idea_id, func.sum(weight).label("weighted"))
            .outerjoin(Partner, Partner.id == IdeaVote.partner_id)
            .outerjoin(PartnerTier, PartnerTier.id == Partner.tier_id)
            .group_by(IdeaVote.idea_id).subquery())


def _customer_links():
    return (select(IdeaFeedbackLink.idea_id, func.count(IdeaFeedbackLink.id).label("customers"))
            .join(FeedbackItem, FeedbackItem.id == IdeaFeedbackLink.feedback_item_id)
            .where(FeedbackItem.source == Source.CUSTOMER)
            .group_by(IdeaFeedbackLink.idea_id).subquery())


def _board_statement():
    votes, weighted, customers = _vote_counts(), _weighted_votes(), _customer_links()
    vote_count = func.coalesce(votes.c.votes, 0)
    demand = func.coalesce(weighted.c.weighted, 0) + func.coalesce(customers.c.customers, 0)
    statement = (select(Idea, vote_count.label("votes"), demand.label("demand"))
                 .outerjoin(votes, votes.c.idea_id == Idea.id)
                 .outerjoin(weighted, weighted.c.idea_id == Idea.id)
                 .outerjoin(customers, customers.c.idea_id == Idea.id)
                 .options(selectinload(Idea.status), selectinload(Idea.program_element)))
    return statement, vote_count, demand


def board(sort="votes", status_id=None, program_element_id=None, include_demand=False, limit=200):
    """Ideas of the board with vote counts and partner-weighted demand, set-based.

    Demand = the tier weight of each voting partner (1 for votes without a partner
    or tier) + the number of customer feedback items linked to the idea."""
    statement, vote_count, demand = _board_statement()
    statement = statement.where(Idea.merged_into_id.is_(None))
    if status_id:
        statement = statement.where(Idea.status_id == status_id)
    if program_element_id:
        statement = statement.where(Idea.program_element_id == program_element_id)
    if sort == "demand" and not include_demand:
        sort = "votes"
    order = {"newest": [Idea.created_at.desc()], "demand": [demand.desc(), vote_count.desc()]}.get(
        sort, [vote_count.desc()])
    return db.session.execute(statement.order_by(*order, Idea.id.desc()).limit(limit)).all()


def idea_demand(idea):
    """(votes, demand) of one idea."""
    statement, _, _ = _board_statement()
    row = db.session.execute(statement.where(Idea.id == idea.id)).first()
    return (row.votes, row.demand) if row else (0, 0)


def roadmap():
    """Open ideas in roadmap statuses, grouped by status (for the public page)."""
    rows = db.session.execute(
        select(IdeaStatus, Idea).join(Idea, Idea.status_id == IdeaStatus.id)
        .where(IdeaStatus.on_roadmap.is_(True), Idea.merged_into_id.is_(None))
        .order_by(IdeaStatus.position, Idea.status_changed_at.desc())
    ).all()
    grouped = {}
    for status, idea in rows:
        grouped.setdefault(status, []).append(idea)
    return grouped


def rename_status(status, name):
    status.name = clean_text(name, "name", 60, required=True)


def add_status(name, on_roadmap=False, is_closed=False):
    name = clean_text(name, "name", 60, required=True)
    if db.session.scalars(select(IdeaStatus.id).where(func.lower(IdeaStatus.name) == name.lower())).first():
        raise ServiceError("A status with this name exists.", field="name")
    position = (db.session.scalar(select(func.max(IdeaStatus.position))) or 0) + 1
    status = IdeaStatus(name=name, position=position, on_roadmap=on_roadmap, is_closed=is_closed)
    db.session.add(status)
    return status


def set_roadmap_public(tenant, public):
    tenant.roadmap_public = bool(public)
