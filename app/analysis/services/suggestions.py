"""Suggested themes: frequent phrases of a period's negative feedback that no theme tags yet.

"Negative" is what needs attention: negative sentiment, or a loop response (staff's
override first) of action needed. Of those items, the SAMPLE most recent of the period
are read — one bounded query, whatever the tenant's size — and the ones no theme tags
(no shown tag) are split into phrases: runs of one to three words without stop words
(stopwords.py), never across punctuation. Each phrase counts once per item; a shorter
phrase gives way to a longer one that most of its items use ("invoice" to "invoice
errors"), and a longer one to a shorter one already suggested.

Anonymity (docs/surveys.md): anonymous survey answers are never shown one by one, so they
give no example texts, and a suggestion counts them only when at least the anonymity
threshold of them use its phrase; fewer are left out of its count altogether.

Accepting a suggestion creates a keyword theme through create_theme (which tags the
existing items); dismissing one stores its phrase for the tenant."""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import delete, exists, func, or_, select
from sqlalchemy.exc import IntegrityError

from app.analysis.models import FeedbackTheme, Theme, ThemeSuggestionDismissal
from app.analysis.services.stopwords import STOP_WORDS
from app.analysis.services.theme_matching import compile_keywords, load_matcher, normalise
from app.analysis.services.themes import create_theme, parse_keywords
from app.core.errors import ServiceError
from app.extensions import db
from app.feedback.models import FeedbackItem, LoopResponse, SentimentLabel

SAMPLE = 2000  # negative items read per period: the most recent ones
MIN_ITEMS = 3  # a phrase used by fewer items is not suggested
LIMIT = 10  # suggestions shown
EXAMPLES = 3
MAX_WORDS = 3
MAX_PHRASE_LENGTH = 100
TEXT_CHARS = 5000  # of a long text, only the start is read (as the sentiment analysis does)
SPECIFIC_SHARE = 0.8  # a longer phrase used by this share of a shorter one's items replaces it
EXCERPT_BEFORE, EXCERPT_AFTER = 60, 90
# Words: letters and digits with inner hyphens or apostrophes ("follow-up", "partner's").
WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
# French elision: "l'équipe" is about "équipe" (and the keyword "équipe" matches "l'équipe").
ELISION = re.compile(r"^(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu)['’](?=\w)")


# --- phrases --------------------------------------------------------------------------------


def phrase_key(text):
    """How phrases are compared and stored: NFC, single spaces, lower case."""
    return normalise(" ".join((text or "").split())).lower()


def _content_word(token):
    """The token as a phrase word, or None when it breaks a phrase (stop words, numbers)."""
    word = ELISION.sub("", token.lower())
    if word.replace("’", "'") in STOP_WORDS or not any(ch.isalpha() for ch in word) or len(word) < 2:
        return None
    return word


def _runs(text):
    """Runs of consecutive content words, split wherever anything but spaces lies between two."""
    source = normalise(text[:TEXT_CHARS])
    runs, run, last_end = [], [], 0
    for match in WORD.finditer(source):
        word = _content_word(match.group())
        if word is None or (run and not source[last_end:match.start()].isspace()):
            runs.append(run)
            run = []
        if word is not None:
            run.append(word)
        last_end = match.end()
    runs.append(run)
    return [run for run in runs if run]


def phrases_of(text):
    """The distinct phrases (1-3 content words in a row) of one text."""
    found = set()
    for run in _runs(text or ""):
        for size in range(1, MAX_WORDS + 1):
            for start in range(len(run) - size + 1):
                words = run[start:start + size]
                if size > 1 or len(words[0]) >= 3:
                    found.add(" ".join(words))
    return found


def _sub_phrases(phrase):
    words = phrase.split()
    return {" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1)} - {phrase}


# --- suggestions ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Excerpt:
    item_id: int
    before: str
    match: str
    after: str


@dataclass(frozen=True)
class Suggestion:
    phrase: str
    items: int  # negative items of the sample using it (anonymous ones only at the threshold)
    examples: tuple  # Excerpts of up to EXAMPLES identified items, most recent first


@dataclass
class Suggestions:
    suggestions: list
    examined: int  # negative items read (anonymous ones only at the threshold)
    uncovered: int  # of those, items no theme tags (the same rule)
    capped: bool  # the sample limit was reached: older items of the period were left out
    sample_limit: int
    start: date
    end: date
    min_items: int = MIN_ITEMS


@dataclass
class _PhraseUse:
    item_ids: list = field(default_factory=list)  # identified items, most recent first
    anonymous: int = 0

    def counted(self, threshold):
        return len(self.item_ids) + (self.anonymous if self.anonymous >= threshold else 0)


def negative_condition():
    """Items that need attention: negative sentiment, or action needed (staff's override first)."""
    loop = func.coalesce(FeedbackItem.loop_response_override, FeedbackItem.loop_response)
    return or_(FeedbackItem.sentiment_label == SentimentLabel.NEGATIVE, loop == LoopResponse.ACTION_NEEDED.value)


def sample_query(start, end, limit):
    """(id, text, anonymous, covered) of the `limit` most recent negative items given in
    start..end (inclusive dates); `covered`: a theme is shown on it. The scan walks the
    (tenant, given_at) index backwards and stops after `limit` negative items, so its cost
    follows the sample, not the tenant's size."""
    covered = exists().where(FeedbackTheme.feedback_item_id == FeedbackItem.id, FeedbackTheme.suppressed.is_(False))
    return (
        select(FeedbackItem.id, FeedbackItem.text, FeedbackItem.anonymous, covered.label("covered"))
        .where(FeedbackItem.given_at >= datetime.combine(start, time.min),
               FeedbackItem.given_at < datetime.combine(end + timedelta(days=1), time.min), negative_condition())
        .order_by(FeedbackItem.given_at.desc(), FeedbackItem.id.desc()).limit(limit)
    )


def _phrase_uses(rows):
    uses = defaultdict(_PhraseUse)
    for row in rows:
        for phrase in phrases_of(row.text):
            if row.anonymous:
                uses[phrase].anonymous += 1
            else:
                uses[phrase].item_ids.append(row.id)
    return uses


def _rank(counts, limit, hidden):
    """The most used phrases, a shorter one giving way to a longer one most of its items
    use. `hidden` phrases (dismissed, covered by a theme) are not suggested but still
    replace their shorter parts: dismissing "sandbox environment" does not bring up "sandbox"."""
    superseded = {sub for phrase, count in counts.items() for sub in _sub_phrases(phrase)
                  if sub in counts and count >= SPECIFIC_SHARE * counts[sub]}
    ranked = sorted((p for p in counts if p not in superseded and p not in hidden),
                    key=lambda p: (-counts[p], -len(p.split()), p))
    chosen = []
    for phrase in ranked:
        if not _sub_phrases(phrase) & set(chosen):
            chosen.append(phrase)
        if len(chosen) == limit:
            break
    return chosen


def excerpt(item_id, text, phrase):
    """The part of `text` around the phrase's first use, split for highlighting."""
    text = " ".join(normalise(text[:TEXT_CHARS]).split())
    found = compile_keywords((phrase,)).search(text)
    if found is None:
        return Excerpt(item_id, "", "", _clip_end(text))
    before = text[max(0, found.start() - EXCERPT_BEFORE):found.start()]
    if found.start() > EXCERPT_BEFORE:
        before = "…" + before.split(" ", 1)[-1] if " " in before else "…" + before
    return Excerpt(item_id, before, found.group(), _clip_end(text[found.end():]))


def _clip_end(text):
    if len(text) <= EXCERPT_AFTER:
        return text
    return text[:EXCERPT_AFTER].rsplit(" ", 1)[0] + "…"


def dismissed_phrases():
    return set(db.session.scalars(select(ThemeSuggestionDismissal.phrase)))


def suggest_themes(start, end, anonymity_threshold, limit=LIMIT, sample=SAMPLE, min_items=MIN_ITEMS):
    """Suggested themes for the period start..end (inclusive dates), most used first."""
    rows = db.session.execute(sample_query(start, end, sample)).all()
    uncovered = [row for row in rows if not row.covered]
    uses = _phrase_uses(uncovered)
    matcher, dismissed = load_matcher(), dismissed_phrases()
    counts = {phrase: use.counted(anonymity_threshold) for phrase, use in uses.items()}
    counts = {phrase: count for phrase, count in counts.items() if count >= min_items}
    hidden = {phrase for phrase in counts if phrase in dismissed or matcher.themes_in(phrase)}
    texts = {row.id: row.text for row in uncovered}
    suggestions = [
        Suggestion(phrase, counts[phrase],
                   tuple(excerpt(item_id, texts[item_id], phrase) for item_id in uses[phrase].item_ids[:EXAMPLES]))
        for phrase in _rank(counts, limit, hidden)
    ]
    return Suggestions(suggestions, _shown_count(rows, anonymity_threshold),
                       _shown_count(uncovered, anonymity_threshold), len(rows) >= sample, sample, start, end,
                       min_items)


def _shown_count(rows, threshold):
    """How many rows, counting anonymous answers only when at least `threshold` of them."""
    anonymous = sum(1 for row in rows if row.anonymous)
    return len(rows) - anonymous + (anonymous if anonymous >= threshold else 0)


# --- accepting and dismissing ---------------------------------------------------------------


def _clean_phrase(phrase):
    key = phrase_key(phrase)
    if not key:
        raise ServiceError("Choose a suggestion: the phrase is empty.", field="phrase")
    if len(key) > MAX_PHRASE_LENGTH:
        raise ServiceError("That is not a suggested phrase.", field="phrase")
    parse_keywords(key)  # the same checks as a keyword typed by hand
    return key


def _require_current(key, start, end, anonymity_threshold):
    current = {s.phrase for s in suggest_themes(start, end, anonymity_threshold).suggestions}
    if key not in current:
        raise ServiceError(f"“{key}” is not among the suggestions for {start:%d %b %Y} – {end:%d %b %Y} "
                           "(new feedback or another person's choice may have changed them): "
                           "see the current ones below.", field="phrase")


def _covering_theme_name(key):
    theme_ids = load_matcher().themes_in(key)
    if not theme_ids:
        return None
    return db.session.scalars(select(Theme.name).where(Theme.id.in_(theme_ids)).order_by(Theme.name)).first()


def accept_suggestion(phrase, start, end, anonymity_threshold, started_by=None):
    """Make a suggested phrase a keyword theme named after it (whose job tags existing items).
    Returns (theme, job) as create_theme does; ServiceError for a phrase that is not
    a current suggestion or that a theme already covers."""
    key = _clean_phrase(phrase)
    covering = _covering_theme_name(key)
    if covering is not None:
        raise ServiceError(f"“{key}” is already covered by the theme “{covering}”.", field="phrase")
    _require_current(key, start, end, anonymity_threshold)
    return create_theme(key[:1].upper() + key[1:], key, started_by)


def dismiss_suggestion(phrase, start, end, anonymity_threshold, user_id=None):
    """Never suggest this phrase to the tenant again."""
    key = _clean_phrase(phrase)
    if key in dismissed_phrases():
        raise ServiceError(f"“{key}” was dismissed already.", field="phrase")
    _require_current(key, start, end, anonymity_threshold)
    db.session.add(ThemeSuggestionDismissal(phrase=key, dismissed_by_id=user_id))
    try:
        db.session.flush()
    except IntegrityError as error:  # dismissed at the same moment by someone else
        raise ServiceError(f"“{key}” was dismissed already.", field="phrase") from error
    return key


def list_dismissals():
    return db.session.scalars(select(ThemeSuggestionDismissal).order_by(ThemeSuggestionDismissal.phrase)).all()


def restore_suggestion(phrase):
    """Let a dismissed phrase be suggested again."""
    key = phrase_key(phrase)
    removed = db.session.execute(delete(ThemeSuggestionDismissal).where(ThemeSuggestionDismissal.phrase == key),
                                 execution_options={"synchronize_session": False}).rowcount
    if not removed:
        raise ServiceError(f"“{key}” is not a dismissed suggestion." if key else "Choose a dismissed suggestion.",
                           field="phrase")
    return key
