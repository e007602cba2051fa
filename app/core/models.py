"""Column helpers shared by the models."""

import enum
from datetime import UTC, datetime, time

from sqlalchemy import DateTime, Enum
from sqlalchemy.orm import mapped_column

# Ids are Integer columns, 32-bit on PostgreSQL: a larger number names no row, and the
# database fails comparing a column with it instead of finding nothing.
MAX_ID = 2**31 - 1


def is_id(value):
    """True for an int that can be a row's id (1 to MAX_ID), bools excluded."""
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_ID


def utcnow():
    """Naive UTC now: stored the same way on SQLite and PostgreSQL."""
    return datetime.now(UTC).replace(tzinfo=None)


def start_of_day(moment):
    """Midnight of `moment`'s day: a date stored in a DateTime column, with no time."""
    return datetime.combine(moment.date(), time.min)


def created_at_column():
    return mapped_column(DateTime, default=utcnow, nullable=False)


def enum_column(enum_cls: type[enum.Enum], **kwargs):
    """An enum stored as its string value (VARCHAR), not a native database enum."""
    return mapped_column(
        Enum(
            enum_cls,
            native_enum=False,
            length=32,
            values_callable=lambda members: [m.value for m in members],
            validate_strings=True,
        ),
        **kwargs,
    )
