"""Analysis of feedback items: sentiment of the text and the loop response.

Sentiment uses VADER (vaderSentiment), a lexicon model made for short, informal
text; its compound score is already in [-1, 1]. The usual VADER cut-offs of
±0.05 separate positive, neutral and negative."""

from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache

from app.analysis.engines.vader import (  # noqa: F401 (re-exported)
    MAX_ANALYSED_CHARS,
    FastSentimentIntensityAnalyzer,
)
from app.feedback.models import LoopResponse, SentimentLabel

POSITIVE_THRESHOLD = 0.05
NEGATIVE_THRESHOLD = -0.05
# {stripped text: score} computed ahead by a bulk import's worker process (import_sentiment).
_known_scores = ContextVar("known_sentiment_scores", default=None)


@lru_cache(maxsize=1)
def _analyzer():
    # Loading the lexicon takes ~0.1 s; once per process is enough (read-only after).
    # The fast subclass scores exactly like vaderSentiment's, ~5x faster (bulk imports).
    return FastSentimentIntensityAnalyzer()


def sentiment_of(text):
    """(score in [-1, 1], label), or (None, None) for empty text."""
    text = (text or "").strip()
    if not text:
        return None, None
    known = _known_scores.get()
    score = known.get(text) if known else None
    if score is None:
        score = _analyzer().score(text)  # rounded to 4 places
    if score >= POSITIVE_THRESHOLD:
        return score, SentimentLabel.POSITIVE
    if score <= NEGATIVE_THRESHOLD:
        return score, SentimentLabel.NEGATIVE
    return score, SentimentLabel.NEUTRAL


@contextmanager
def known_scores(scores):
    """Within the block, sentiment_of takes a text's score from `scores` ({stripped text:
    FastSentimentIntensityAnalyzer.score(text)}) when it is there, and computes it otherwise."""
    token = _known_scores.set(scores)
    try:
        yield
    finally:
        _known_scores.reset(token)


def loop_response_of(nps=None, csat=None, rating=None, sentiment_label=None):
    """Does the item ask for a change (action_needed) or say the status quo works?

    Scores speak first: an NPS detractor (0-6), CSAT or rating of 1-2 needs action;
    a promoter (9-10) or 4-5 is status quo. Without a decisive score, negative text
    needs action and anything else is status quo; no scores and no text: unknown."""
    low = (nps is not None and nps <= 6) or (csat is not None and csat <= 2) or (
        rating is not None and rating <= 2
    )
    if low:
        return LoopResponse.ACTION_NEEDED
    if sentiment_label == SentimentLabel.NEGATIVE:
        return LoopResponse.ACTION_NEEDED
    if nps is None and csat is None and rating is None and sentiment_label is None:
        return None
    return LoopResponse.STATUS_QUO


def analyse(item):
    """Fill the derived fields of a feedback item (idempotent; overrides are kept)."""
    item.sentiment_score, item.sentiment_label = sentiment_of(item.text)
    item.loop_response = loop_response_of(item.nps, item.csat, item.rating, item.sentiment_label)
    return item
