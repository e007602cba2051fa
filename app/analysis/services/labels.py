"""Analysis of feedback items: language, sentiment, evidence and the loop response.

The sentiment engine is app/analysis/engines' current one ("partnerloop-lexicon": lexicons
and rules for en, de, fr, es; other languages are "not analysed" and get no label).
`sentiment_label` holds the effective label: staff's correction (`sentiment_override`)
when there is one, else the engine's; so the views, rules, rollups and themes that read it
follow corrections without knowing of them."""

from contextlib import contextmanager
from contextvars import ContextVar

from app.analysis.engines import CURRENT
from app.analysis.engines import analyse as analyse_text
from app.analysis.engines.base import MAX_ANALYSED_CHARS  # noqa: F401 (re-exported)
from app.analysis.engines.language import detect_language
from app.feedback.models import LoopResponse, SentimentLabel

ENGINE = CURRENT.ENGINE
# {(stripped text, declared language): ItemAnalysis} computed ahead by a bulk import's worker process.
_known = ContextVar("known_analyses", default=None)


def item_analysis(text, declared_language="en"):
    """(detected language, TextAnalysis) of a feedback text; a bulk import's precomputed
    answer when it has one (the same values: the engine is deterministic)."""
    text = (text or "").strip() if isinstance(text, str) else ""
    known = _known.get()
    if known and (found := known.get((text, declared_language))) is not None:
        return found
    language = detect_language(text, declared_language)
    return language, analyse_text(text, language)


def sentiment_of(text, language="en"):
    """(score in [-1, 1], SentimentLabel) of a text, or (None, None) when it has no opinion
    to read (empty, markup only) or is in a language without an engine."""
    analysis = item_analysis(text, language)[1]
    return analysis.score, (SentimentLabel(analysis.label) if analysis.opinion else None)


@contextmanager
def known_analyses(analyses):
    """Within the block, item_analysis takes its answer from `analyses` ({(stripped text,
    declared language): (detected language, TextAnalysis)}) when it is there."""
    token = _known.set(analyses)
    try:
        yield
    finally:
        _known.reset(token)


def loop_response_of(nps=None, csat=None, rating=None, sentiment_label=None, requests_change=False):
    """Does the item ask for a change (action_needed) or say the status quo works?

    Any of these needs action, whatever else the item says (a promoter too): a low score
    (NPS 0-6, CSAT or rating 1-2), negative text, or a text that asks for something (a
    request, a suggestion, a question: "please add SSO", "it would help if payouts were
    weekly"). Otherwise a score or an analysed text means status quo; with neither, the
    loop response is unknown (None)."""
    low = (nps is not None and nps <= 6) or (csat is not None and csat <= 2) or (
        rating is not None and rating <= 2
    )
    if low or sentiment_label == SentimentLabel.NEGATIVE or requests_change:
        return LoopResponse.ACTION_NEEDED
    if nps is None and csat is None and rating is None and sentiment_label is None:
        return None
    return LoopResponse.STATUS_QUO


def analysed_values(text, language, nps=None, csat=None, rating=None, override=None):
    """{column: value} of the analysis of one item: detected language, score, effective
    label (staff's `override` wins), loop response and the engine that analysed it."""
    detected, analysis = item_analysis(text, language)
    label = override or (SentimentLabel(analysis.label) if analysis.opinion else None)
    return {"detected_language": detected, "sentiment_score": analysis.score, "sentiment_label": label,
            "loop_response": loop_response_of(nps, csat, rating, label, analysis.requests_change),
            "analysed_by": analysis.engine}


def analyse(item):
    """Fill the derived fields of a feedback item (idempotent; staff's overrides are kept)."""
    values = analysed_values(item.text, item.language, item.nps, item.csat, item.rating, item.sentiment_override)
    for name, value in values.items():
        setattr(item, name, value)
    return item
