"""Staff's corrections of the sentiment label: making them, counting them per engine
version, and exporting a tenant's corrected items (masked) for bench/analysis.py --tenant.

A correction is stored in `sentiment_override`; `sentiment_label` then holds it too (the
effective label), so the views, rules, rollup triggers and theme counts follow it. A
"correction" that agrees with the engine is no correction: it is not stored."""

import re

from sqlalchemy import func, select

from app.analysis.services.labels import analyse, item_analysis
from app.analysis.services.themes import set_negative
from app.auth.models import User
from app.extensions import db
from app.feedback.models import CustomerContact, FeedbackItem, SentimentLabel
from app.tenants.models import Membership

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Seven or more digits, possibly split by spaces, dots, dashes, slashes or brackets, with an optional +.
_PHONE = re.compile(r"\+?\(?\d[\d\s./()\-]{5,}\d")


def correct_sentiment(item, value):
    """Staff's sentiment for `item` ("positive", "neutral", "negative"; empty: back to the
    engine's). Re-derives the effective label and loop response; theme tags follow the
    negative flag. Returns True when a correction is stored."""
    override = SentimentLabel(value) if value else None
    engine_label = item_analysis(item.text, item.language)[1].opinion
    if override is not None and override.value == engine_label:
        override = None  # agrees with the engine: nothing to correct
    was_negative = item.sentiment_label == SentimentLabel.NEGATIVE
    item.sentiment_override = override
    analyse(item)
    if item.id is not None and (item.sentiment_label == SentimentLabel.NEGATIVE) != was_negative:
        set_negative([item.id], not was_negative)
    return override is not None


def corrections_by_engine():
    """[(engine version, items analysed, items corrected)] of the active tenant, newest
    engine names last (alphabetical), items never analysed by a named engine as "—"."""
    engine = func.coalesce(FeedbackItem.analysed_by, "—")
    rows = db.session.execute(
        select(engine, func.count(FeedbackItem.id), func.count(FeedbackItem.sentiment_override))
        .where(FeedbackItem.text != "").group_by(engine).order_by(engine)
    ).all()
    return [(name, analysed, corrected) for name, analysed, corrected in rows]


def people_names():
    """Names of the active tenant's people and customer contacts (to mask in exports)."""
    users = select(User.name).join(Membership, Membership.user_id == User.id)
    contacts = select(CustomerContact.name)
    submitters = select(FeedbackItem.submitter_name).distinct()
    names = set()
    for statement in (users, contacts, submitters):
        names.update(name.strip() for name in db.session.scalars(statement) if name and name.strip())
    return names


def masker(names):
    """A function masking e-mail addresses, phone numbers and `names` (whole names and
    their parts of three letters or more, any case) in a text."""
    parts = {part for name in names for part in re.split(r"\s+", name) if len(part) >= 3} | set(names)
    pattern = None
    if parts:
        alternatives = "|".join(re.escape(part) for part in sorted(parts, key=len, reverse=True))
        pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)

    def mask(text):
        text = _EMAIL.sub("[email]", text)
        text = _PHONE.sub("[phone]", text)
        return pattern.sub("[name]", text) if pattern is not None else text

    return mask


def corrected_items():
    """The active tenant's staff-corrected items as labelled rows (bench/analysis.py's
    columns), texts masked; anonymous answers are left out (never shown individually)."""
    mask = masker(people_names())
    items = db.session.scalars(
        select(FeedbackItem).where(FeedbackItem.sentiment_override.is_not(None), FeedbackItem.shown_individually())
        .order_by(FeedbackItem.id)
    )
    return [{"id": f"item-{item.id}", "language": item.detected_language or item.language, "split": "tenant",
             "text": mask(item.text), "sentiment": item.sentiment_override.value, "tags": "",
             "loop": (item.effective_loop_response.value if item.effective_loop_response else "status_quo"),
             "request": "0", "analysed_by": item.analysed_by or ""} for item in items]
