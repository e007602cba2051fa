"""The tenant's survey settings: frequency cap, anonymity threshold, reminders, link expiry."""

from sqlalchemy import select

from app.core.errors import ServiceError
from app.extensions import db
from app.surveys.models import DEFAULT_SETTINGS, TenantSettings

# (lowest, highest) accepted for each setting.
SETTING_RANGES = {
    "survey_frequency_cap_days": (0, 365),
    "anonymity_threshold": (1, 100),
    "reminder_after_days": (0, 60),
    "link_expiry_days": (1, 365),
}


def survey_settings():
    """The active tenant's settings; an unsaved row with the defaults when none is stored."""
    settings = db.session.scalars(select(TenantSettings)).first()
    return settings if settings is not None else TenantSettings(**DEFAULT_SETTINGS)


def update_survey_settings(**values):
    """Store new values (every key of SETTING_RANGES); raises ServiceError for a value out of range."""
    for name, (low, high) in SETTING_RANGES.items():
        value = values.get(name)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ServiceError(f"Enter a whole number from {low} to {high}.", field=name)
    settings = survey_settings()
    for name in SETTING_RANGES:
        setattr(settings, name, values[name])
    db.session.add(settings)
    return settings
