"""The JSON shapes the API returns and webhooks send (see app/api/openapi.py).

Kept out of app/api so webhooks (called from the feedback service) can use them
without importing the blueprint."""

from datetime import UTC


def iso_datetime(value):
    """A stored naive-UTC datetime as RFC 3339 with a Z (None stays None)."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC).isoformat().replace("+00:00", "Z")


def _enum_value(value):
    return value.value if value is not None else None


def feedback_resource(item):
    """One feedback item. Submitter details of anonymous items are withheld."""
    return {
        "id": item.id,
        "source": item.source.value,
        "channel": item.channel.value,
        "status": item.status.value,
        "partner_id": item.partner_id,
        "program_element_id": item.program_element_id,
        "category_id": item.category_id,
        "nps": item.nps,
        "csat": item.csat,
        "rating": item.rating,
        "text": item.text,
        "language": item.language,
        "link_url": item.link_url,
        "given_at": iso_datetime(item.given_at),
        "recorded_at": iso_datetime(item.recorded_at),
        "external_id": item.external_id,
        "submitter_name": "" if item.anonymous else item.submitter_name,
        "submitter_email": "" if item.anonymous else item.submitter_email,
        "anonymous": item.anonymous,
        "sentiment": {"score": item.sentiment_score, "label": _enum_value(item.sentiment_label)},
        "loop_response": _enum_value(item.effective_loop_response),
    }


def partner_resource(partner):
    return {
        "id": partner.id,
        "name": partner.name,
        "status": partner.status.value,
        "tier": partner.tier.name if partner.tier is not None else None,
        "region": partner.region,
        "vertical": partner.vertical,
        "created_at": iso_datetime(partner.created_at),
    }
