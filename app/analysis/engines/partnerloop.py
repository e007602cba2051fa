"""The "partnerloop-lexicon" engine: lexicons and rules for en, de, fr and es.

English stands on VADER's lexicon with a domain layer (lexicon_en.py); German, French and
Spanish on lexicons written for this project (lexicon_de.py, lexicon_fr.py, lexicon_es.py).
Any other language is "not analysed": no guess is presented as a fact. Chosen over the
candidates measured in docs/text-analysis.md; `bench/analysis.py` prints its figures."""

from functools import cache

from app.analysis.engines import linear
from app.analysis.engines.base import (
    NEGATIVE,
    NONE,
    NOT_ANALYSED,
    SUPPORTED_LANGUAGES,
    TextAnalysis,
    label_of,
    prepared,
)
from app.analysis.engines.requests import request_spans
from app.analysis.engines.scorer import Scorer

ENGINE = "partnerloop-linear 1.8"
LEXICON_ENGINE = "partnerloop-lexicon 1.0"
# The lexicon layer decides when its score is at least this far from 0; the linear layer
# reads the rest (5-fold cross-validation on the dev split: same accuracy and complaint
# recall as the linear layer alone, and strong praise or complaint is never overruled by
# a word the small model learned from sarcasm, such as "love").
CONFIDENT = 0.5
# ...except that a confident positive verdict turns negative when the linear layer gives a
# complaint at least this probability (1.3, 5-fold cross-validation on held-out dev rows:
# complaint recall 0.81 -> 0.83 at the same accuracy; mostly sarcasm, "Truly innovative.").
# Only towards negative: a strong complaint is still never overruled.
VETO = 0.5


@cache
def scorer(language):
    """The language's scorer, built once per process (English reads VADER's lexicon file)."""
    if language == "en":
        from app.analysis.engines.lexicon_en import english

        return Scorer(english())
    if language == "de":
        from app.analysis.engines.lexicon_de import GERMAN

        return Scorer(GERMAN)
    if language == "fr":
        from app.analysis.engines.lexicon_fr import FRENCH

        return Scorer(FRENCH)
    from app.analysis.engines.lexicon_es import SPANISH

    return Scorer(SPANISH)


def lexicon_reading(cleaned, language):
    """(score, evidence, request spans) of the lexicon layer; score None when there is nothing to read."""
    spans = request_spans(cleaned, language)
    score, _, evidence = scorer(language).score(cleaned, spans)
    return score, evidence, spans


def analyse(text, language, evidence=True):
    """TextAnalysis of `text` read as `language` (ISO 639-1): the lexicon layer's label when
    it is confident, else the linear layer's; the words that drove it as evidence. Never
    raises for a str (or None); deterministic; reads the first 5,000 characters and says
    so in `truncated`. `evidence=False` returns no evidence and skips explaining the linear layer's labels (bulk
    imports store no evidence)."""
    return _analysed(text, language, with_model=True, explain=evidence)


def analyse_lexicon(text, language):
    """The lexicon layer alone (a candidate measured by bench/analysis.py)."""
    return _analysed(text, language, with_model=False)


def _analysed(text, language, with_model, explain=True):
    language = (language or "").strip().lower()[:2] if isinstance(language, str) else ""
    cleaned, truncated = prepared(text)
    engine = ENGINE if with_model else LEXICON_ENGINE
    if language not in SUPPORTED_LANGUAGES:
        label = NOT_ANALYSED if _readable(cleaned) else NONE
        return TextAnalysis(None, label, (), language or None, engine, truncated, False)
    score, evidence, spans = lexicon_reading(cleaned, language)
    if score is None:
        return TextAnalysis(None, NONE, (), language, engine, truncated, False)
    lexicon = scorer(language).language
    if with_model and abs(score) < CONFIDENT:
        found = linear.features(cleaned, language, score, evidence, spans)
        label, score = linear.predicted(found, language)
        evidence = linear.explained(cleaned, language, evidence) if explain else ()
    else:
        label = label_of(score, lexicon.positive_from, lexicon.negative_from)
        if with_model and label != NEGATIVE:
            label, score, evidence = _vetoed(cleaned, language, (score, evidence, spans), label, explain)
        evidence = evidence if explain else ()
    return TextAnalysis(score, label, evidence, language, engine, truncated, bool(spans))


def _vetoed(cleaned, language, reading, label, explain):
    """(label, score, evidence): the lexicon layer's, or negative with the linear layer's
    score and evidence when it reads a complaint (VETO)."""
    score, evidence, spans = reading
    probs = linear.ensemble_probabilities(linear.features(cleaned, language, score, evidence, spans), language)
    if probs[0] < VETO:
        return label, score, evidence
    return NEGATIVE, round(probs[2] - probs[0], 4), linear.explained(cleaned, language, evidence) if explain else ()


def _readable(cleaned):
    return any(character.isalpha() for character in cleaned)
