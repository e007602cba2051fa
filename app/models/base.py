"""Column helpers shared by the models."""

import enum
from datetime import UTC, datetime, time

from sqlalchemy import DateTime, Enum
from sqlalchemy.orm import mapped_column


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
