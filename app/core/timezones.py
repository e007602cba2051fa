"""Time zones: "today" and the dates shown are the viewer's, the database stays in UTC.

A tenant has a time zone (default UTC) and a person may choose their own, which wins
(app/auth/models.py User.time_zone; NULL follows the organisation). Both store the IANA
name the person chose ("Europe/Berlin"), never an offset, so summer time follows.
Stored moments are naive UTC (app/core/models.py utcnow); this module turns them into
the viewer's local time for display and turns a local date a form was given back
into a stored moment."""

from datetime import UTC, datetime, time
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from flask import g, has_request_context

from app.core.errors import ServiceError
from app.core.models import utcnow

DEFAULT_ZONE = "UTC"
_NOON = time(12)


@cache
def zone_names():
    """Every IANA zone name the system knows, sorted (the valid choices)."""
    return tuple(sorted(available_timezones() | {DEFAULT_ZONE}))


@cache
def _zone_set():
    return frozenset(zone_names())


def is_valid_zone(name):
    return name in _zone_set()


def checked_zone(name, field="time_zone"):
    """`name` if it is a known zone (surrounding spaces ignored), else a ServiceError."""
    name = (name or "").strip()
    if not is_valid_zone(name):
        raise ServiceError("Choose a time zone from the list, e.g. Europe/Berlin.", field=field)
    return name


@cache
def _zone(name):
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_ZONE)


def viewer_zone_name():
    """The zone name of whoever is acting: their own choice, else their organisation's,
    else UTC (outside a request, e.g. a scheduled job)."""
    if not has_request_context():
        return DEFAULT_ZONE
    from flask_login import current_user

    own = getattr(current_user, "time_zone", None) if current_user else None
    membership = g.get("membership")
    tenant_zone = membership.tenant.time_zone if membership is not None else None
    return own or tenant_zone or DEFAULT_ZONE


def viewer_zone():
    return _zone(viewer_zone_name())


def local_today(zone=None):
    """Today's date where the viewer is (or in `zone`)."""
    return to_local(utcnow(), zone).date()


def to_local(moment, zone=None):
    """A stored naive-UTC datetime as an aware datetime in the viewer's zone; a date
    (a day with no time, e.g. a due date) is returned as it is."""
    if not isinstance(moment, datetime):
        return moment
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(zone or viewer_zone())


def moment_of_local_day(day, zone=None, now=None):
    """The stored (naive UTC) moment for feedback given on local `day`: noon there, or
    now if noon has not come yet, so today's date is never "in the future" and the day
    shown back in that zone is the one chosen."""
    noon = datetime.combine(day, _NOON, tzinfo=zone or viewer_zone()).astimezone(UTC).replace(tzinfo=None)
    return min(noon, now or utcnow())


def format_local(value, fmt="%d %b %Y"):
    """Jinja filter `local`: a stored moment or a date formatted in the viewer's zone."""
    if value is None:
        return ""
    return to_local(value).strftime(fmt)


def zone_choices(blank=None):
    choices = [(name, name) for name in zone_names()]
    return ([("", blank)] if blank else []) + choices


def register(app):
    app.add_template_filter(format_local, "local")
    app.add_template_global(viewer_zone_name, "viewer_zone_name")

