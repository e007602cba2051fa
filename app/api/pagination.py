"""Cursor (keyset) pagination: stable under inserts, no duplicates or gaps between pages.

A cursor is opaque to clients: URL-safe base64 of the sort key of the last row
returned. Feedback is ordered newest first by (given_at, id); partners by id."""

import base64
import binascii
import json
from datetime import datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import selectinload

from app.core.models import is_id
from app.extensions import db
from app.feedback.models import FeedbackItem
from app.feedback.services import filtered_feedback
from app.partners.models import Partner


class InvalidCursor(ValueError):
    pass


def encode_cursor(*values):
    raw = json.dumps(values, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor):
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
    except (UnicodeError, binascii.Error, ValueError, RecursionError) as error:
        raise InvalidCursor(cursor) from error
    if not isinstance(values, list):
        raise InvalidCursor(cursor)
    return values


def _feedback_cursor_key(cursor):
    values = _decode_cursor(cursor)
    try:
        given_at_text, item_id = values
        if not is_id(item_id):  # client input: a huge number is possible
            raise TypeError(item_id)
        return datetime.fromisoformat(given_at_text), item_id
    except (TypeError, ValueError) as error:
        raise InvalidCursor(cursor) from error


def _partner_cursor_key(cursor):
    values = _decode_cursor(cursor)
    if len(values) != 1 or not is_id(values[0]):
        raise InvalidCursor(cursor)
    return values[0]


def _page(statement, limit, cursor_of):
    rows = db.session.scalars(statement.limit(limit + 1)).all()
    page, more = rows[:limit], len(rows) > limit
    return page, (cursor_of(page[-1]) if more else None)


def feedback_page(filters, limit, cursor=None):
    """(items, next cursor or None) of the active scope's items matching `filters`.
    Raises InvalidCursor."""
    statement = filtered_feedback(filters)
    if cursor:
        given_at, item_id = _feedback_cursor_key(cursor)
        statement = statement.where(
            or_(
                FeedbackItem.given_at < given_at,
                and_(FeedbackItem.given_at == given_at, FeedbackItem.id < item_id),
            )
        )
    return _page(statement, limit, lambda item: encode_cursor(item.given_at.isoformat(), item.id))


def partners_page(limit, cursor=None):
    """(partners, next cursor or None) of the active tenant, oldest first. Raises InvalidCursor."""
    statement = select(Partner).options(selectinload(Partner.tier)).order_by(Partner.id)
    if cursor:
        statement = statement.where(Partner.id > _partner_cursor_key(cursor))
    return _page(statement, limit, lambda partner: encode_cursor(partner.id))
