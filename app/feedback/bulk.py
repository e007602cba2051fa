"""Bulk changes to feedback items picked on the list: a status, a theme tag, a follow-up.

Items are read through the tenant (and partner) scope, so ids of another tenant's or
another partner's items are simply not found and never changed. Every change to an item
is written to the audit log, one entry per item with its value before and after; those
entries are what "Undo" reverts, exactly and only where nothing changed the item since.
A follow-up (the "assign" change) is audited by its own model and is not undone here:
its owner has been emailed."""

from dataclasses import dataclass, field

from sqlalchemy import select

from app.analysis.models import FeedbackTheme, TagSource, Theme
from app.analysis.services.themes import link_values
from app.audit.models import AuditAction, AuditEntry
from app.audit.services import current_actor
from app.core.errors import ServiceError
from app.extensions import db
from app.feedback.models import FeedbackItem, FeedbackStatus
from app.followups.models import ACTIVE_STATUSES, FollowUp
from app.followups.services.followups import create_follow_up
from app.followups.services.service_levels import check_staff_user

MAX_ITEMS = 100  # a list page is 25 items; more is not a person's selection
ITEM = "feedback_item"  # the audit log's name for an item (FeedbackItem is not an Audited model)


@dataclass
class BulkResult:
    """What a bulk change did: the audit entries it wrote (the undo's handle), how many
    items it changed, and how many it left as they were (and why)."""

    changed: int = 0
    unchanged: int = 0
    entry_ids: list = field(default_factory=list)
    note: str = ""


def selected_items(ids):
    """The items among `ids` the acting user may see, one by one (anonymous answers never)."""
    ids = sorted({i for i in ids if isinstance(i, int)})
    if not ids:
        raise ServiceError("Select at least one feedback item.")
    if len(ids) > MAX_ITEMS:
        raise ServiceError(f"Select at most {MAX_ITEMS} items at once.")
    return db.session.scalars(select(FeedbackItem).where(FeedbackItem.id.in_(ids),
                                                         FeedbackItem.shown_individually())
                              .order_by(FeedbackItem.id)).all()


def _audit(item, changes):
    actor = current_actor()
    entry = AuditEntry(actor_id=actor.user_id, actor_label=actor.label[:254], object_type=ITEM, object_id=item.id,
                       object_label=(item.text or "")[:80], action=AuditAction.UPDATED, changes=changes)
    db.session.add(entry)
    return entry


def _finish(result, entries):
    db.session.flush()
    result.entry_ids = [entry.id for entry in entries]
    result.changed = len(entries)
    return result


def set_status(ids, status):
    """Set the status of the selected items; those already in it are left alone."""
    if status not in {s.value for s in FeedbackStatus}:
        raise ServiceError("Choose one of the statuses.", field="status")
    status = FeedbackStatus(status)
    items = selected_items(ids)
    entries = []
    for item in items:
        if item.status != status:
            entries.append(_audit(item, {"status": {"old": item.status.value, "new": status.value}}))
            item.status = status
    return _finish(BulkResult(unchanged=len(items) - len(entries)), entries)


def _tag_state(link):
    return (None, None) if link is None else (link.source.value, link.suppressed)


def tag(ids, theme_id):
    """Tag the selected items with a theme by hand (as on an item's page); items that show
    it as a manual tag already are left alone."""
    theme = db.session.scalars(select(Theme).where(Theme.id == theme_id)).first()
    if theme is None:
        raise ServiceError("Choose one of your themes.", field="theme_id")
    items = selected_items(ids)
    links = {link.feedback_item_id: link for link in db.session.scalars(select(FeedbackTheme).where(
        FeedbackTheme.theme_id == theme.id, FeedbackTheme.feedback_item_id.in_([i.id for i in items])))}
    entries = []
    for item in items:
        link = links.get(item.id)
        source, suppressed = _tag_state(link)
        if (source, suppressed) == (TagSource.MANUAL.value, False):
            continue
        entries.append(_audit(item, {"theme_id": {"old": None, "new": theme.id},
                                     "tag_source": {"old": source, "new": TagSource.MANUAL.value},
                                     "tag_suppressed": {"old": suppressed, "new": False}}))
        if link is None:
            db.session.add(FeedbackTheme(**link_values(item, theme.id, TagSource.MANUAL)))
        else:
            link.source, link.suppressed = TagSource.MANUAL, False
    return _finish(BulkResult(unchanged=len(items) - len(entries)), entries)


def assign(ids, owner_id, due_on, actor):
    """A follow-up for each selected item without an active one, owned by a staff member."""
    check_staff_user(owner_id, "owner_id")
    items = selected_items(ids)
    busy = set(db.session.scalars(select(FollowUp.feedback_item_id).where(
        FollowUp.feedback_item_id.in_([i.id for i in items]), FollowUp.status.in_(ACTIVE_STATUSES))))
    created = [create_follow_up(item, actor, owner_id, due_on) for item in items if item.id not in busy]
    note = f"{len(busy)} already had an open follow-up." if busy else ""
    return BulkResult(changed=len(created), unchanged=len(items) - len(created), note=note)


# --- undo -----------------------------------------------------------------------------


def _undo_status(item, change):
    if item.status.value != change["new"]:
        return None  # changed again since: leave the newer change alone
    item.status = FeedbackStatus(change["old"])
    return {"status": {"old": change["new"], "new": change["old"]}}


def _undo_tag(item, changes):
    theme_id = changes["theme_id"]["new"]
    link = db.session.scalars(select(FeedbackTheme).where(FeedbackTheme.feedback_item_id == item.id,
                                                          FeedbackTheme.theme_id == theme_id)).first()
    before = (changes["tag_source"]["old"], changes["tag_suppressed"]["old"])
    if _tag_state(link) != (TagSource.MANUAL.value, False):
        return None
    if before[0] is None:
        db.session.delete(link)
    else:
        link.source, link.suppressed = TagSource(before[0]), before[1]
    return {"theme_id": {"old": theme_id, "new": None}, "tag_source": {"old": TagSource.MANUAL.value,
                                                                       "new": before[0]},
            "tag_suppressed": {"old": False, "new": before[1]}}


def _undo_one(entry, item):
    if "status" in entry.changes:
        return _undo_status(item, entry.changes["status"])
    if "theme_id" in entry.changes:
        return _undo_tag(item, entry.changes)
    return None


def undo(entry_ids):
    """Revert the bulk changes recorded by the audit entries `entry_ids`, item by item,
    where the item still holds what the change set (else a later change stands)."""
    entries = db.session.scalars(select(AuditEntry).where(
        AuditEntry.id.in_(sorted(set(entry_ids))[:MAX_ITEMS]), AuditEntry.object_type == ITEM,
        AuditEntry.action == AuditAction.UPDATED)).all()
    items = {item.id: item for item in db.session.scalars(select(FeedbackItem).where(
        FeedbackItem.id.in_([entry.object_id for entry in entries])))}
    written, skipped = [], 0
    for entry in entries:
        item = items.get(entry.object_id)
        reverse = _undo_one(entry, item) if item is not None else None
        if reverse is None:
            skipped += 1
            continue
        written.append(_audit(item, reverse))
    return _finish(BulkResult(unchanged=skipped), written)


def bulk_entries(entry_ids):
    """The audit entries of one bulk change (for its result page), in this tenant."""
    return db.session.scalars(select(AuditEntry).where(
        AuditEntry.id.in_(sorted(set(entry_ids))[:MAX_ITEMS]), AuditEntry.object_type == ITEM)
        .order_by(AuditEntry.id)).all()
