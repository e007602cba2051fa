"""Small input checks shared by the services."""

from app.services.errors import ServiceError


def clean_text(value, field, limit, required=False, missing_message="This field is required."):
    """`value` stripped, or ServiceError (on `field`) when missing, too long or with a NUL."""
    value = (value or "").strip()
    if required and not value:
        raise ServiceError(missing_message, field=field)
    if len(value) > limit:
        raise ServiceError(f"Keep it under {limit:,} characters.", field=field)
    if "\x00" in value:
        raise ServiceError("Remove the NUL character.", field=field)
    return value
