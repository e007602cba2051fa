"""What the API returns and webhooks send: pydantic models, one per shape.

The models are the response schemas of openapi.json (app/api/openapi.py) and build
every response body, so a body cannot drift from its documented shape. Webhooks
(called from the feedback service) send the same Feedback model; nothing here
imports a service, so they can."""

import enum
from typing import Generic, Literal, TypeVar

from pydantic import Field

from app.api.fields import Contract, UtcDateTime, score
from app.feedback.models import Channel, FeedbackStatus, LoopResponse, SentimentLabel, Source
from app.partners.models import PartnerStatus

FEEDBACK_CREATED = "feedback.created"
EVENT_TYPES = (FEEDBACK_CREATED,)


class Analysis(enum.StrEnum):
    PENDING = "pending"
    DONE = "done"


ANALYSIS_DESCRIPTION = (
    "`pending`: the item is stored and its text's analysis (sentiment, loop response, themes) runs "
    "in the background, usually within seconds; until then `sentiment` and `loop_response` are null. "
    "Read the item again (GET /feedback/{id}) for its labels. `done`: the analysis ran and the labels "
    "are set (null for a text with no opinion or in a language without an engine; staff corrections "
    "may change them later). An item without text is analysed at once. The `feedback.created` webhook is sent once the analysis is done, so its "
    "`data` always says `done`."
)


class Sentiment(Contract):
    score: float | None
    label: SentimentLabel | None


class Feedback(Contract):
    """One feedback item. Submitter details of anonymous items are withheld."""

    id: int
    source: Source
    channel: Channel
    status: FeedbackStatus
    partner_id: int | None
    program_element_id: int | None
    category_id: int | None
    nps: score("nps") | None
    csat: score("csat") | None
    rating: score("rating") | None
    text: str
    language: str
    link_url: str
    given_at: UtcDateTime
    recorded_at: UtcDateTime
    external_id: str | None
    submitter_name: str = Field(description="Empty for anonymous items.")
    submitter_email: str = Field(description="Empty for anonymous items.")
    anonymous: bool = Field(
        description="Always false: anonymous survey answers are never listed or returned one by one."
    )
    analysis: Analysis = Field(description=ANALYSIS_DESCRIPTION)
    sentiment: Sentiment
    loop_response: LoopResponse | None

    @classmethod
    def of(cls, item):
        pending = item.analysis_pending
        return cls(
            **{name: getattr(item, name) for name in _ITEM_COLUMNS},
            submitter_name="" if item.anonymous else item.submitter_name,
            submitter_email="" if item.anonymous else item.submitter_email,
            analysis=Analysis.PENDING if pending else Analysis.DONE,
            sentiment=Sentiment(score=item.sentiment_score, label=item.sentiment_label),
            # The scores' loop response alone could turn once the text is read: none yet.
            loop_response=None if pending else item.effective_loop_response,
        )


# Feedback fields copied from the item's attribute of the same name.
_ITEM_COLUMNS = tuple(
    name
    for name in Feedback.model_fields
    if name not in ("submitter_name", "submitter_email", "analysis", "sentiment", "loop_response")
)


class Partner(Contract):
    id: int
    name: str
    status: PartnerStatus
    tier: str | None = Field(description="The partner tier's name.")
    region: str
    vertical: str
    created_at: UtcDateTime

    @classmethod
    def of(cls, partner):
        return cls(
            id=partner.id,
            name=partner.name,
            status=partner.status,
            tier=partner.tier.name if partner.tier is not None else None,
            region=partner.region,
            vertical=partner.vertical,
            created_at=partner.created_at,
        )


Item = TypeVar("Item")


class Page(Contract, Generic[Item]):
    """The envelope of every list."""

    data: list[Item]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last.")


class FeedbackList(Page[Feedback]):
    pass


class PartnerList(Page[Partner]):
    pass


class WebhookEvent(Contract):
    """The body of every webhook request."""

    id: str = Field(description="Unique per event; the same on every retry. Deduplicate on it.")
    type: Literal[EVENT_TYPES]
    created_at: UtcDateTime
    data: Feedback


def feedback_resource(item):
    """One item as the API's JSON object."""
    return Feedback.of(item).model_dump(mode="json")


def partner_resource(partner):
    return Partner.of(partner).model_dump(mode="json")


def page_resource(page_model, resources, next_cursor):
    """A list envelope of `resources` (Feedback or Partner models) as JSON."""
    return page_model(data=resources, next_cursor=next_cursor).model_dump(mode="json")
