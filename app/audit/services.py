"""Recording the audit log centrally, and reading it back for admins.

`record_changes` (after_flush) turns every created, updated or deleted row of an
`Audited` model into an AuditEntry: the acting user (or "system"), the object and
its changed columns with old and new values. Services never log by hand.

The entries are inserted on the flush's own connection, so they commit or roll back
with the change itself, and carry the tenant of the changed row (the scoping
listener has stamped it before this runs)."""

import enum
import json
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import cache

from flask import g, has_request_context
from flask_login import current_user
from sqlalchemy import event, insert, inspect, select
from sqlalchemy.orm import Session

from app.audit.models import AuditAction, Audited, AuditEntry, audited_classes
from app.core.models import utcnow
from app.extensions import db


class AuditLogError(RuntimeError):
    """Something tried to change or delete an audit entry."""


# --- who is acting ------------------------------------------------------------------


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    label: str


SYSTEM = Actor(None, "system")
VISITOR = Actor(None, "visitor (not logged in)")
_actor_override: ContextVar[Actor | None] = ContextVar("audit_actor", default=None)


@contextmanager
def acting_as(actor):
    """Record the block's changes as done by `actor` (a job acting for someone, a command)."""
    token = _actor_override.set(actor)
    try:
        yield
    finally:
        _actor_override.reset(token)


def actor_for(user):
    return Actor(user.id, user.email)


def remember_request_actor():
    """before_request hook: note who acts in this request, before any flush needs it."""
    g.audit_actor = actor_for(current_user) if current_user.is_authenticated else VISITOR


def _request_actor():
    if not has_request_context():
        return None
    token = g.get("api_token")  # set by the API's own authentication, after the hook above
    if token is not None:
        return Actor(None, f"API token “{token.name}”")
    return g.get("audit_actor")


def current_actor():
    return _actor_override.get() or _request_actor() or SYSTEM


# --- turning a flush into entries -----------------------------------------------------


def json_value(value):
    """A value as JSON can hold it: enums by value, dates as ISO text."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if value is None or isinstance(value, bool | int | float | str | list | dict):
        return value
    return str(value)


# Columns every entry already says: which row, whose, and (for new rows) when.
IMPLIED_COLUMNS = ("id", "tenant_id", "created_at")


def _audited_keys(obj):
    cls = type(obj)
    return [prop.key for prop in inspect(cls).column_attrs if prop.key not in IMPLIED_COLUMNS
            and cls.audited_column(prop.key)]


def _snapshot(obj, side):
    """Every loaded audited column as {"old"|"new": value} (a created or deleted row)."""
    values = inspect(obj).dict
    changes = {}
    for key in _audited_keys(obj):
        value = json_value(values.get(key))
        if value is not None:
            changes[key] = {"old": None, "new": None, side: value}
    return changes


def _differences(obj):
    """The columns an update changed, with their values before and after."""
    state = inspect(obj)
    changes = {}
    for key in _audited_keys(obj):
        history = state.attrs[key].history
        if not history.added and not history.deleted:
            continue
        old = json_value(history.deleted[0]) if history.deleted else None
        new = json_value(history.added[0]) if history.added else None
        if old != new:
            changes[key] = {"old": old, "new": new}
    return changes


def _label(obj):
    """The row's name, title or email at the time, if it has one."""
    values = inspect(obj).dict
    return next((str(values[key])[:200] for key in ("name", "title", "email") if values.get(key)), "")


def _entry(obj, action, changes, actor, now):
    return {
        "tenant_id": obj.tenant_id, "created_at": now, "actor_id": actor.user_id, "actor_label": actor.label[:254],
        "object_type": type(obj).audit_kind(), "object_id": obj.id, "object_label": _label(obj),
        "action": action.value, "changes": changes,
    }


def _entries(session, actor, now):
    changed = [(session.new, AuditAction.CREATED), (session.dirty, AuditAction.UPDATED),
               (session.deleted, AuditAction.DELETED)]
    for objects, action in changed:
        for obj in objects:
            if not isinstance(obj, Audited):
                continue
            if action is AuditAction.UPDATED:
                changes = _differences(obj)
                if not changes:
                    continue  # touched, not changed
            else:
                changes = _snapshot(obj, "new" if action is AuditAction.CREATED else "old")
            yield _entry(obj, action, changes, actor, now)


def _refuse_entry_changes(session):
    deleted = any(isinstance(obj, AuditEntry) for obj in session.deleted)
    if deleted or any(isinstance(obj, AuditEntry) and session.is_modified(obj) for obj in session.dirty):
        raise AuditLogError("Audit entries are append-only.")


def load_deleted_rows(session, flush_context, instances):
    """before_flush: load the columns of audited rows about to be deleted, so the entry
    can keep what they held (an expired object would otherwise record nothing)."""
    _refuse_entry_changes(session)
    for obj in session.deleted:
        if isinstance(obj, Audited) and inspect(obj).expired_attributes:
            session.refresh(obj)


def record_changes(session, flush_context):
    """after_flush: write an entry per changed audited row (ids of new rows are known now)."""
    entries = list(_entries(session, current_actor(), utcnow()))
    if entries:
        # Core on the flush's connection: the ORM session may not add rows mid-flush.
        session.connection().execute(insert(AuditEntry.__table__), entries)


def install_audit_trail(app):
    """Attach the flush listeners (idempotent) and the per-request actor hook."""
    if not event.contains(Session, "after_flush", record_changes):
        event.listen(Session, "before_flush", load_deleted_rows)
        event.listen(Session, "after_flush", record_changes)
    app.before_request(remember_request_actor)


# --- reading the log --------------------------------------------------------------------


@dataclass(frozen=True)
class AuditFilters:
    kind: str | None = None
    object_id: int | None = None
    actor_id: int | None = None
    action: str | None = None
    start: date | None = None
    end: date | None = None  # inclusive


def audit_kinds():
    return sorted(audited_classes())


def _statement(filters):
    statement = select(AuditEntry).order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    direct = {AuditEntry.object_type: filters.kind, AuditEntry.object_id: filters.object_id,
              AuditEntry.actor_id: filters.actor_id, AuditEntry.action: filters.action}
    statement = statement.where(*[column == value for column, value in direct.items() if value not in (None, "")])
    if filters.start:
        statement = statement.where(AuditEntry.created_at >= datetime.combine(filters.start, time.min))
    if filters.end:
        statement = statement.where(AuditEntry.created_at < datetime.combine(filters.end + timedelta(days=1), time.min))
    return statement


def audit_page(filters, page=1, per_page=50):
    return db.paginate(_statement(filters), page=page, per_page=per_page, error_out=False)


def audit_entries(filters):
    """Every entry matching `filters`, newest first (for exports)."""
    return db.session.scalars(_statement(filters)).all()


def audit_actors():
    """(user id, label) of the people who appear in the log, for the filter."""
    rows = db.session.execute(
        select(AuditEntry.actor_id, AuditEntry.actor_label).where(AuditEntry.actor_id.is_not(None)).distinct()
    ).all()
    return sorted({row.actor_id: row.actor_label for row in rows}.items(), key=lambda pair: pair[1].lower())


# --- presenting entries -------------------------------------------------------------------


def _label_column(cls):
    return next((getattr(cls, key) for key in ("name", "title", "email") if key in inspect(cls).column_attrs), None)


def _mapped_class_of(table_name):
    return next((mapper.class_ for mapper in db.Model.registry.mappers
                 if getattr(mapper.local_table, "name", None) == table_name), None)


@cache
def _reference_targets(cls):
    """{column key: (class, label column)} for the foreign keys of an audited class."""
    targets = {}
    for prop in inspect(cls).column_attrs:
        for foreign_key in getattr(prop.columns[0], "foreign_keys", ()):
            target = _mapped_class_of(foreign_key.column.table.name)
            label = _label_column(target) if target is not None else None
            if label is not None and foreign_key.column.name == "id":
                targets[prop.key] = (target, label)
    return targets


def _referenced_ids(entries, classes):
    wanted = {}
    for entry in entries:
        targets = _reference_targets(classes[entry.object_type]) if entry.object_type in classes else {}
        for key, change in (entry.changes or {}).items():
            if key in targets:
                ids = wanted.setdefault(targets[key], set())
                ids.update(value for value in change.values() if isinstance(value, int))
    return wanted


def reference_names(entries):
    """{(object type, column): {id: name}} for the ids the entries' foreign keys hold,
    one query per referenced table, in the active scope."""
    classes = audited_classes()
    names_by_target = {
        target: dict(db.session.execute(select(target[0].id, target[1]).where(target[0].id.in_(ids))).all())
        for target, ids in _referenced_ids(entries, classes).items() if ids
    }
    names = {}
    for kind, cls in classes.items():
        for key, target in _reference_targets(cls).items():
            names[(kind, key)] = names_by_target.get(target, {})
    return names


def shown_value(entry, key, value, names, empty=""):
    """A recorded value as people read it: a referenced row's name next to its id, lists
    and objects (a theme's keywords) as JSON. Never raises for a value JSON can hold."""
    if value is None:
        return empty
    # Only an id can name a row; lists and dicts are not even hashable.
    name = names.get((entry.object_type, key), {}).get(value) if _is_id(value) else None
    if name:
        return f"{name} (#{value})"
    return json.dumps(value, ensure_ascii=False) if isinstance(value, bool | dict | list) else value


def _is_id(value):
    return isinstance(value, int) and not isinstance(value, bool)


EXPORT_COLUMNS = ("entry_id", "at", "actor", "actor_user_id", "kind", "object_id", "object", "action",
                  "field", "old", "new")


def export_rows(entries):
    """One row per changed field (an entry without changes gives one row), header first."""
    names = reference_names(entries)
    yield EXPORT_COLUMNS
    for entry in entries:
        head = (entry.id, entry.created_at.isoformat(timespec="seconds"), entry.actor_label, entry.actor_id,
                entry.object_type, entry.object_id, entry.object_label, entry.action.value)
        for key, change in sorted((entry.changes or {}).items()) or [("", {})]:
            yield head + (key, shown_value(entry, key, change.get("old"), names),
                          shown_value(entry, key, change.get("new"), names))


def export_document(entries):
    """The entries as JSON-ready dicts, values as recorded."""
    return [
        {"id": entry.id, "at": entry.created_at.isoformat(timespec="seconds"), "actor": entry.actor_label,
         "actor_user_id": entry.actor_id, "kind": entry.object_type, "object_id": entry.object_id,
         "object": entry.object_label, "action": entry.action.value, "changes": entry.changes}
        for entry in entries
    ]
