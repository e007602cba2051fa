"""Answering a survey through its emailed link (/s/<token>, no login), and opting out.

The link's token is the respondent's only credential: it resolves the recipient, and
so the tenant, partner and survey. Everything after the look-up runs in that
tenant's scope (`respondent_scope`). A link answers once: the answer first claims its
recipient row (sets `answered_at` where it is still NULL, in the answer's transaction),
so two submissions racing each other (two tabs, a double click) store exactly one
response; the loser gets AlreadyAnswered. UNIQUE(recipient_id) guards named responses too.

An anonymous campaign's response names no recipient, and every time stored about it is
a day: the recipient's opened and answered days, and for the response and its feedback
item the day the pulse was sent, the same for all its answers (docs/surveys.md).
"""

from dataclasses import dataclass

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from app.core.errors import ServiceError, TokenError
from app.core.models import start_of_day, utcnow
from app.core.tokens import hash_token
from app.extensions import db
from app.feedback.constants import MAX_TEXT_LENGTH
from app.feedback.models import Channel, Source
from app.feedback.services import FeedbackInput, build_feedback, record_feedback
from app.jobs.services.submit import submit_row
from app.partners.models import Partner
from app.surveys.models import (
    CampaignKind,
    QuestionKind,
    SuppressionReason,
    Survey,
    SurveyCampaign,
    SurveyRecipient,
)
from app.surveys.services.answer_rows import insert_answers, insert_item, insert_response, link_item
from app.surveys.services.sending import suppress_address
from app.tenancy import scoped_to, unscoped

MAX_ANSWER_LENGTH = 10_000


class LinkNotFound(TokenError):
    """No recipient has this token (mistyped, or a link that never existed)."""


class LinkExpired(TokenError):
    """The link is real but too old to answer."""


class AlreadyAnswered(ServiceError):
    """This recipient's response is already stored."""


# Everything the public page and an answer read, in the token look-up's one SELECT:
# lazy loads under the tenant criteria would each be a statement of their own.
_PAGE_LOADS = (
    joinedload(SurveyRecipient.campaign).options(
        joinedload(SurveyCampaign.tenant),
        joinedload(SurveyCampaign.partner),
        joinedload(SurveyCampaign.survey).joinedload(Survey.questions),
    ),
    joinedload(SurveyRecipient.partner),
    joinedload(SurveyRecipient.contact),
    joinedload(SurveyRecipient.user),
)


def find_recipient(raw_token):
    """The recipient behind a link token (first email's or reminder's), in any tenant,
    with its campaign, survey, questions, tenant, partner and contact loaded."""
    token_hash = hash_token(raw_token or "")
    statement = (
        select(SurveyRecipient)
        .where(or_(SurveyRecipient.token_hash == token_hash, SurveyRecipient.reminder_token_hash == token_hash))
        .options(*_PAGE_LOADS)
    )
    recipient = db.session.scalars(unscoped(statement)).unique().first()
    if recipient is None:
        raise LinkNotFound(
            "This survey link is not valid. Check that you copied the whole link from the email."
        )
    return recipient


def respondent_scope(recipient):
    """The tenant scope a token's respondent acts in (no partner: they are no partner user)."""
    return scoped_to(recipient.tenant_id)


@dataclass(frozen=True)
class SurveyContext:
    """What the public page shows around the questions."""

    vendor_name: str
    partner_name: str
    pulse: bool


def survey_context(recipient):
    campaign = recipient.campaign
    partner = campaign.partner or recipient.partner
    return SurveyContext(
        vendor_name=campaign.tenant.name,
        partner_name=partner.name if partner else "",
        pulse=campaign.kind == CampaignKind.PULSE,
    )


def check_answerable(recipient):
    """Raise AlreadyAnswered or LinkExpired when the form should not be shown."""
    if recipient.answered_at is not None:
        raise AlreadyAnswered("You have already answered this survey. Thank you!")
    if recipient.is_expired:
        raise LinkExpired("This survey has closed: its link has expired. Thank you for your interest.")


def _recipient_time(recipient, now):
    """What the recipient row records of `now`: in an anonymous campaign only the day."""
    return start_of_day(now) if recipient.campaign.anonymous else now


def _anonymous_answer_date(campaign, now):
    """The date every answer of an anonymous campaign carries: the day it was first sent.
    One date for all, so neither a time nor an order of days tells who answered what."""
    return start_of_day(campaign.first_sent_at or now)


def mark_opened(recipient, now=None):
    """Record the first opening of the link (later openings change nothing)."""
    db.session.execute(
        update(SurveyRecipient)
        .where(SurveyRecipient.id == recipient.id, SurveyRecipient.opened_at.is_(None))
        .values(opened_at=_recipient_time(recipient, now or utcnow()))
    )


def _missing(value):
    return value is None or value == "" or value == []


def _answer(question, number_value=None, text_value="", choice_values=()):
    # A row to insert; every column set, so all answers of a response share one executemany.
    return {"question_id": question.id, "number_value": number_value, "text_value": text_value,
            "choice_values": list(choice_values)}


def _number_answer(question, value):
    low, high = question.kind.scale
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = None
    if number is None or isinstance(value, bool) or not low <= number <= high:
        raise ServiceError(f"Choose a number from {low} to {high}.", field=f"q{question.id}")
    return _answer(question, number_value=number)


def _choice_answer(question, value):
    chosen = value if isinstance(value, list) else [value]
    if question.kind == QuestionKind.SINGLE_CHOICE and len(chosen) != 1:
        raise ServiceError("Choose one option.", field=f"q{question.id}")
    if any(choice not in question.choices for choice in chosen):
        raise ServiceError("Choose from the options shown.", field=f"q{question.id}")
    ordered = [choice for choice in question.choices if choice in chosen]  # the question's order, no repeats
    return _answer(question, choice_values=ordered)


def _text_answer(question, value):
    text = str(value).strip()
    if len(text) > MAX_ANSWER_LENGTH:
        raise ServiceError(
            f"Keep your answer under {MAX_ANSWER_LENGTH:,} characters.", field=f"q{question.id}"
        )
    if "\x00" in text:
        raise ServiceError("Your answer contains a NUL character.", field=f"q{question.id}")
    return _answer(question, text_value=text) if text else None


def build_answer(question, value):
    """The answer row for `value` (None for an unanswered optional question), or ServiceError."""
    if isinstance(value, str) and question.kind != QuestionKind.TEXT:
        value = value.strip()
    if _missing(value) or (question.kind == QuestionKind.TEXT and not str(value).strip()):
        if question.required:
            raise ServiceError("Please answer this question.", field=f"q{question.id}")
        return None
    if question.kind.scale:
        return _number_answer(question, value)
    if question.kind.has_choices:
        return _choice_answer(question, value)
    return _text_answer(question, value)


def _first_number(pairs, kind):
    return next((answer["number_value"] for question, answer in pairs if question.kind == kind), None)


def _feedback_text(pairs):
    texts = [(question, answer) for question, answer in pairs if question.kind == QuestionKind.TEXT]
    if len(texts) == 1:
        text = texts[0][1]["text_value"]
    else:
        text = "\n\n".join(f"{question.prompt}\n{answer['text_value']}" for question, answer in texts)
    return text[:MAX_TEXT_LENGTH]  # the answers themselves are kept whole


def _feedback_input(recipient, response_id, submitted_at, pairs):
    campaign = recipient.campaign
    anonymous = campaign.anonymous
    return FeedbackInput(
        source=Source.PARTNER if campaign.kind == CampaignKind.PULSE else Source.CUSTOMER,
        channel=Channel.SURVEY,
        text=_feedback_text(pairs),
        nps=_first_number(pairs, QuestionKind.NPS),
        csat=_first_number(pairs, QuestionKind.CSAT),
        rating=_first_number(pairs, QuestionKind.RATING),
        # An anonymous answer names no partner: in a small partner team that alone would tell who it was.
        partner_id=None if anonymous else (campaign.partner_id or recipient.partner_id),
        # Nor the response: its id would tell the order of answering.
        external_id=None if anonymous else f"survey-response-{response_id}",
        anonymous=anonymous,
        given_at=submitted_at,
    )


def _feedback_for(recipient, response_id, submitted_at, pairs):
    """The FeedbackItem every answered survey produces, in the same transaction."""
    campaign = recipient.campaign
    data = _feedback_input(recipient, response_id, submitted_at, pairs)
    author = recipient.user if campaign.kind == CampaignKind.PULSE and not campaign.anonymous else None
    contact = None if campaign.anonymous else recipient.contact
    partner = campaign.partner or recipient.partner  # loaded with the recipient: no second read
    known = {(Partner, partner.id): partner} if partner is not None else None
    if not data.text.strip():  # nothing to analyse: the shared path analyses the scores at once
        item, _ = record_feedback(data, author=author, contact=contact, new_external_id=True, known=known,
                                  defer_analysis=True)
        return item
    # The external id names this new response: no stored item can carry it yet (and an
    # anonymous item has none), so no look-up for a repeat. The text's analysis, themes,
    # webhook and rules run as a job once the answer is committed: the respondent does not wait.
    item = build_feedback(data, author=author, contact=contact, known=known, analyse_text=False)
    stored = insert_item(item, recipient.tenant_id)
    submit_row("feedback.analyse", "Analyse new feedback", {"item_id": stored.id}, recipient.tenant_id)
    return stored


def _claim_recipient(recipient, now):
    """Mark the recipient answered, only if it is not yet: the claim that keeps a link
    single-use. Of two submissions racing, the second waits for the first's row lock
    (PostgreSQL) or write lock (SQLite), then updates no row and gets AlreadyAnswered."""
    answered_at = _recipient_time(recipient, now)
    claimed = db.session.execute(
        update(SurveyRecipient)
        .where(SurveyRecipient.id == recipient.id, SurveyRecipient.answered_at.is_(None))
        .values(answered_at=answered_at)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        raise AlreadyAnswered("You have already answered this survey. Thank you!")
    set_committed_value(recipient, "answered_at", answered_at)


def _response_row(recipient, now):
    campaign = recipient.campaign
    if campaign.anonymous:
        return {"tenant_id": recipient.tenant_id, "partner_id": None, "recipient_id": None,
                "campaign_id": campaign.id, "submitted_at": _anonymous_answer_date(campaign, now)}
    return {"tenant_id": recipient.tenant_id, "partner_id": recipient.partner_id, "recipient_id": recipient.id,
            "campaign_id": campaign.id, "submitted_at": now}


def _claim_response(recipient, answers, now):
    """Claim the recipient, then insert the response row with its answers."""
    _claim_recipient(recipient, now)
    row = _response_row(recipient, now)
    try:
        response = insert_response(row)
    except IntegrityError as error:  # a named response stored without the claim (UNIQUE(recipient_id))
        raise AlreadyAnswered("You have already answered this survey. Thank you!") from error
    insert_answers(response, answers)
    return response, row["submitted_at"]


def submit_response(recipient, values, now=None):
    """Store the answers (`values`: question id -> number, option, options or text) and
    their FeedbackItem; returns the response. Raises ServiceError for an invalid
    answer, LinkExpired, or AlreadyAnswered (after which the caller must roll back).
    An anonymous campaign's response is linked to neither its recipient nor its item.
    The rows are written by plain INSERTs (answer_rows.py), not the ORM's unit of work."""
    now = now or utcnow()
    if recipient.is_expired:
        raise LinkExpired("This survey has closed: its link has expired. Thank you for your interest.")
    questions = recipient.campaign.survey.questions
    pairs = [(question, build_answer(question, values.get(question.id))) for question in questions]
    pairs = [(question, answer) for question, answer in pairs if answer is not None]
    response, submitted_at = _claim_response(recipient, [answer for _question, answer in pairs], now)
    item = _feedback_for(recipient, response.id, submitted_at, pairs)
    if not recipient.campaign.anonymous:
        link_item(response, item)
    return response


def opt_out(recipient, now=None):
    """Never survey this address again, from the vendor or any partner of it."""
    suppress_address(recipient.email, SuppressionReason.OPTED_OUT)
    if recipient.opted_out_at is None:
        recipient.opted_out_at = now or utcnow()
