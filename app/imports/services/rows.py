"""One CSV row -> one FeedbackInput: the importable fields, their header guesses, value
parsers and the tenant's partners, program elements and categories looked up by name."""

import re
from dataclasses import dataclass
from datetime import UTC, datetime, time
from functools import partial

from sqlalchemy import select

from app.extensions import db
from app.feedback.constants import (
    DEFAULT_LANGUAGE,
    MAX_EXTERNAL_ID_LENGTH,
    MAX_LANGUAGE_LENGTH,
    MAX_SUBMITTER_EMAIL_LENGTH,
    MAX_SUBMITTER_NAME_LENGTH,
    SCORE_RANGES,
    score_label,
)
from app.feedback.models import Channel, FeedbackCategory, ProgramElement, Source
from app.feedback.services import FeedbackInput
from app.imports.models import DateFormat
from app.partners.models import Partner

# Field limits of FeedbackItem columns that a long cell would otherwise overflow.
MAX_LENGTHS = {
    "submitter_name": MAX_SUBMITTER_NAME_LENGTH,
    "submitter_email": MAX_SUBMITTER_EMAIL_LENGTH,
    "external_id": MAX_EXTERNAL_ID_LENGTH,
    "language": MAX_LANGUAGE_LENGTH,
}
EMPTY_MARKERS = frozenset({"", "-", "n/a", "na", "null", "none"})
SCORE_FIELDS = tuple(SCORE_RANGES)
CHANNEL_ALIASES = {
    "call": Channel.CALL_CENTER, "callcenter": Channel.CALL_CENTER, "callcentre": Channel.CALL_CENTER,
    "phone": Channel.CALL_CENTER, "voice": Channel.CALL_CENTER, "telephone": Channel.CALL_CENTER,
    "livechat": Channel.CHAT, "webchat": Channel.CHAT, "messaging": Channel.CHAT,
    "socialmedia": Channel.SOCIAL, "twitter": Channel.SOCIAL, "x": Channel.SOCIAL, "facebook": Channel.SOCIAL,
    "linkedin": Channel.SOCIAL, "instagram": Channel.SOCIAL, "reddit": Channel.SOCIAL,
    "mail": Channel.EMAIL, "e-mail": Channel.EMAIL,
}
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_DAY_MONTH_YEAR = re.compile(
    r"(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?"
)


@dataclass(frozen=True)
class ImportField:
    name: str
    label: str
    guesses: tuple  # normalised header names (lower case, letters and digits only)


FIELDS = (
    ImportField("text", "Text", ("text", "feedback", "comment", "comments", "message", "body", "content",
                                 "verbatim", "transcript", "review", "response", "answer", "post", "notes")),
    ImportField("partner", "Partner (name or id)", ("partner", "partnername", "partnerid", "reseller",
                                                    "distributor", "partnerorganisation", "partnerorganization")),
    ImportField("given_at", "Date given", ("date", "givenat", "createdat", "created", "timestamp", "datetime",
                                           "submittedat", "submitted", "calldate", "chatdate", "postedat",
                                           "posted", "time", "startedat")),
    ImportField("nps", score_label("nps"), ("nps", "npsscore", "likelihoodtorecommend", "recommend")),
    ImportField("csat", score_label("csat"), ("csat", "csatscore", "satisfaction", "customersatisfaction")),
    ImportField("rating", score_label("rating"), ("rating", "stars", "starrating", "score")),
    ImportField("channel", "Channel", ("channel", "medium", "contactchannel", "platform", "network")),
    ImportField("source", "Source (customer, partner, internal)", ("source", "feedbacksource", "sourcetype",
                                                                  "respondenttype")),
    ImportField("program_element", "Program element (name)", ("programelement", "program", "programarea",
                                                              "element", "area")),
    ImportField("category", "Category (name)", ("category", "feedbackcategory", "feedbacktype", "kind")),
    ImportField("submitter_name", "Submitter name", ("name", "customername", "contactname", "submittername",
                                                     "submitter", "author", "username", "handle", "caller")),
    ImportField("submitter_email", "Submitter email", ("email", "emailaddress", "customeremail",
                                                       "contactemail", "submitteremail", "mail")),
    ImportField("external_id", "External id", ("id", "externalid", "ticketid", "callid", "chatid",
                                               "conversationid", "postid", "messageid", "caseid",
                                               "interactionid", "reference")),
    ImportField("language", "Language", ("language", "lang", "locale", "languagecode")),
)
FIELD_NAMES = tuple(field.name for field in FIELDS)


class RowError(Exception):
    """A cell (or the whole row, field "") cannot be imported."""

    def __init__(self, message, field="", value=""):
        super().__init__(message)
        self.message, self.field, self.value = message, field, value


def _normalise_header(header):
    return re.sub(r"[^a-z0-9]", "", header.lower())


def guess_mapping(columns):
    """{field: column index} from header names: exact names first, then names containing one."""
    headers = [_normalise_header(column) for column in columns]
    mapping = {}
    for exact in (True, False):
        for field in FIELDS:
            if field.name in mapping:
                continue
            for index, header in enumerate(headers):
                taken = index in mapping.values()
                fits = header in field.guesses if exact else any(g in header for g in field.guesses if len(g) > 3)
                if header and not taken and fits:
                    mapping[field.name] = index
                    break
    return mapping


def parse_score(raw, field):
    """An int, or None for an empty cell; Excel's 9.0 is 9 (the range is build_feedback's check)."""
    value = raw.strip()
    if value.lower() in EMPTY_MARKERS:
        return None
    try:
        return int(value)
    except ValueError:
        pass
    try:
        number = float(value)
    except ValueError:
        raise RowError(f"{field.upper()} is not a number.", field, raw) from None
    if not number.is_integer():
        raise RowError(f"{field.upper()} must be a whole number.", field, raw)
    return int(number)


def _naive_utc(moment):
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def _local_date(value, date_format):
    match = _DAY_MONTH_YEAR.fullmatch(value)
    if match is None:
        return None
    first, second, year, hour, minute, second_of_minute, half = match.groups()
    day, month = (first, second) if date_format == DateFormat.DAY_FIRST else (second, first)
    hour = int(hour or 12)  # a date alone is taken as noon, like the portal's date field
    if half:
        hour = hour % 12 + (12 if half.lower() == "pm" else 0)
    return datetime(int(year), int(month), int(day), hour, int(minute or 0), int(second_of_minute or 0))


def parse_date(raw, date_format):
    """A naive UTC datetime, or None for an empty cell. ISO 8601 is read in every format."""
    value = raw.strip()
    if value.lower() in EMPTY_MARKERS:
        return None
    try:
        if date_format != DateFormat.ISO and (moment := _local_date(value, date_format)) is not None:
            return moment
        moment = datetime.fromisoformat(value.replace("/", "-"))
    except ValueError:
        raise RowError("The date is not valid (expected e.g. " + _example(date_format) + ").", "given_at",
                       raw) from None
    if len(value) <= 10:  # a date without a time: noon
        moment = datetime.combine(moment.date(), time(12))
    return _naive_utc(moment)


def _example(date_format):
    return {DateFormat.ISO: "2026-01-31 or 2026-01-31T14:05:00Z", DateFormat.DAY_FIRST: "31/01/2026 14:05",
            DateFormat.MONTH_FIRST: "01/31/2026 2:05 PM"}[date_format]


def parse_channel(raw):
    value = raw.strip().lower()
    if not value:
        return Channel.IMPORT
    key = value.replace(" ", "_").replace("-", "_")
    if key in Channel._value2member_map_:
        return Channel(key)
    channel = CHANNEL_ALIASES.get(key.replace("_", "")) or CHANNEL_ALIASES.get(value)
    if channel is None:
        raise RowError("Unknown channel (use " + ", ".join(c.value for c in Channel) + ").", "channel", raw)
    return channel


def parse_source(raw, default):
    value = raw.strip().lower()
    if not value:
        return default
    if value not in Source._value2member_map_:
        raise RowError("Unknown source (use customer, partner or internal).", "source", raw)
    return Source(value)


class References:
    """The active tenant's partners, program elements and categories, loaded once per run."""

    def __init__(self):
        self.partners = db.session.scalars(select(Partner)).all()
        self.elements = db.session.scalars(select(ProgramElement)).all()
        self.categories = db.session.scalars(select(FeedbackCategory)).all()
        self.partner_by_name = {p.name.strip().casefold(): p for p in self.partners}
        self.partner_by_id = {p.id: p for p in self.partners}
        self.element_by_name = {e.name.strip().casefold(): e for e in self.elements}
        self.category_by_name = {c.name.strip().casefold(): c for c in self.categories}
        # What build_feedback / feedback_values would otherwise query once per row.
        self.known = {(type(obj), obj.id): obj for obj in (*self.partners, *self.elements, *self.categories)}

    def partner_id(self, raw):
        value = raw.strip()
        if not value:
            return None
        partner = self.partner_by_name.get(value.casefold())
        if partner is None and value.isdigit():
            partner = self.partner_by_id.get(int(value))
        if partner is None:
            raise RowError("Unknown partner.", "partner", raw)
        return partner.id

    @staticmethod
    def _by_name(table, raw, field, label):
        value = raw.strip()
        if not value:
            return None
        found = table.get(value.casefold())
        if found is None:
            raise RowError(f"Unknown {label}.", field, raw)
        return found.id

    def element_id(self, raw):
        return self._by_name(self.element_by_name, raw, "program_element", "program element")

    def category_id(self, raw):
        return self._by_name(self.category_by_name, raw, "category", "category")


class RowReader:
    """Reads the mapped cells of one row into a FeedbackInput (raises RowError)."""

    def __init__(self, mapping, references, default_source, date_format):
        self.mapping = {field: index for field, index in mapping.items() if index is not None}
        self.references = references
        self.default_source = default_source
        self.date_format = date_format
        # Exports repeat the same channels, partners and timestamps: read each distinct cell once.
        self._known = {kind: {} for kind in ("date", "channel", "source", "partner", "element", "category",
                                             *SCORE_FIELDS)}
        self._score_parsers = {field: partial(parse_score, field=field) for field in SCORE_FIELDS}

    def cells(self, row):
        """{field: cell} for the mapped fields ("" where the field is not mapped)."""
        cells = dict.fromkeys(FIELD_NAMES, "")
        for field, index in self.mapping.items():
            cells[field] = row[index]
        return cells

    def feedback_input(self, cells):
        if "\x00" in "".join(cells.values()):
            field, value = next((f, v) for f, v in cells.items() if "\x00" in v)
            raise RowError("The cell contains a NUL character.", field, value.replace("\x00", ""))
        for field, limit in MAX_LENGTHS.items():
            if len(cells[field].strip()) > limit:
                raise RowError(f"Too long (at most {limit} characters).", field, cells[field])
        scores = {field: self._read(field, cells[field], parse) for field, parse in self._score_parsers.items()}
        text = cells["text"].strip()
        if not text and all(score is None for score in scores.values()):
            raise RowError("The row has no text and no score.", "text")
        references = self.references
        return FeedbackInput(
            source=self._read("source", cells["source"], lambda raw: parse_source(raw, self.default_source)),
            channel=self._read("channel", cells["channel"], parse_channel), text=text,
            partner_id=self._read("partner", cells["partner"], references.partner_id),
            program_element_id=self._read("element", cells["program_element"], references.element_id),
            category_id=self._read("category", cells["category"], references.category_id), **scores,
            language=cells["language"].strip().lower() or DEFAULT_LANGUAGE,
            given_at=self._read("date", cells["given_at"], lambda raw: parse_date(raw, self.date_format)),
            external_id=cells["external_id"].strip() or None, submitter_name=cells["submitter_name"].strip(),
            submitter_email=self._email(cells["submitter_email"]),
        )

    def _read(self, kind, raw, parse):
        """parse(raw), remembered per distinct cell (a RowError is raised again, not remembered)."""
        known = self._known[kind]
        if raw not in known:
            known[raw] = parse(raw)
        return known[raw]

    @staticmethod
    def _email(raw):
        value = raw.strip()
        if value and not _EMAIL.fullmatch(value):
            raise RowError("Not an email address.", "submitter_email", raw)
        return value
