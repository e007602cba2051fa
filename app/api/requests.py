"""What clients send: the new item's body and the list query parameters, as pydantic models.

These models validate requests (app/api/validation.py) and are the schemas and
parameters of openapi.json (app/api/openapi.py). Fields the API does not define
(tenant_id, author_id, status ...) are refused, never applied."""

from pydantic import Field

from app.api.fields import (
    Contract,
    Id,
    Language,
    Moment,
    QueryId,
    email,
    limited_text,
    score,
    score_between,
)
from app.feedback import services
from app.feedback.constants import (
    ANY_SCORE_RANGE,
    DEFAULT_LANGUAGE,
    MAX_EXTERNAL_ID_LENGTH,
    MAX_SUBMITTER_EMAIL_LENGTH,
    MAX_SUBMITTER_NAME_LENGTH,
    MAX_TEXT_LENGTH,
)
from app.feedback.models import Channel, Source

MAX_LIMIT = 200
DEFAULT_LIMIT = 50


# Named like the schema it is in openapi.json; feedback_input() turns it into the
# service's dataclass of the same name.
class FeedbackInput(Contract):
    """The body of POST /feedback."""

    source: Source
    channel: Channel = Channel.API
    partner_id: Id | None = Field(None, description="A partner of the token's tenant.")
    program_element_id: Id | None = None
    category_id: Id | None = None
    nps: score("nps") | None = None
    csat: score("csat") | None = None
    rating: score("rating") | None = None
    text: limited_text(MAX_TEXT_LENGTH, one_line=False) | None = Field(
        None, description="Any Unicode except NUL; stored exactly."
    )
    language: Language | None = DEFAULT_LANGUAGE
    given_at: Moment | None = Field(None, description="Not in the future. Default: now.")
    external_id: limited_text(MAX_EXTERNAL_ID_LENGTH) | None = Field(
        None,
        description=(
            "Your id for the item. A repeat with the same values returns the stored item (200); "
            "with different values it is a 409."
        ),
    )
    submitter_name: limited_text(MAX_SUBMITTER_NAME_LENGTH) | None = None
    submitter_email: email(MAX_SUBMITTER_EMAIL_LENGTH) | None = None

    def feedback_input(self):
        """The service's FeedbackInput (null and empty mean "not given")."""
        return services.FeedbackInput(
            source=self.source,
            channel=self.channel,
            partner_id=self.partner_id,
            program_element_id=self.program_element_id,
            category_id=self.category_id,
            nps=self.nps,
            csat=self.csat,
            rating=self.rating,
            given_at=self.given_at,
            text=self.text or "",
            language=self.language or DEFAULT_LANGUAGE,
            external_id=self.external_id or None,
            submitter_name=self.submitter_name or "",
            submitter_email=self.submitter_email or "",
        )


class PageQuery(Contract):
    """Query parameters of every list."""

    limit: score_between(1, MAX_LIMIT, from_query=True) = Field(DEFAULT_LIMIT, description="Items per page.")
    cursor: str | None = Field(None, description="The `next_cursor` of the previous page.")


class FeedbackQuery(PageQuery):
    """Query parameters of GET /feedback."""

    partner_id: QueryId | None = Field(None, description="Only items about this partner.")
    source: Source | None = Field(None, description="Only items from this source.")
    channel: Channel | None = Field(None, description="Only items from this channel.")
    since: Moment | None = Field(None, description="ISO 8601 date or date-time: given at or after it.")
    until: Moment | None = Field(None, description="ISO 8601 date or date-time: given before it.")
    min_score: score_between(*ANY_SCORE_RANGE, from_query=True) | None = Field(
        None, description="Score (NPS, else CSAT, else rating) at least this."
    )
    max_score: score_between(*ANY_SCORE_RANGE, from_query=True) | None = Field(
        None, description="Score (NPS, else CSAT, else rating) at most this."
    )

    def filters(self):
        return services.FeedbackFilters(
            partner_id=self.partner_id,
            source=self.source,
            channel=self.channel,
            since=self.since,
            until=self.until,
            min_score=self.min_score,
            max_score=self.max_score,
        )


def matches_item(data, item):
    """True when `data` (a FeedbackInput) describes the stored `item`: a harmless repeat, not a conflict."""
    names = [name for name in FeedbackInput.model_fields if name != "given_at"]
    if data.given_at is not None:  # omitted means "now", which a repeat cannot match
        names.append("given_at")
    return all(getattr(item, name) == getattr(data, name) for name in names)
