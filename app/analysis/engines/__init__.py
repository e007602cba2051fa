"""Sentiment engines behind one interface: `analyse(text, language) -> TextAnalysis`
(app/analysis/engines/base.py). app/analysis/services/labels.py applies the current one
to feedback items; bench/analysis.py measures them all on the labelled set."""

from app.analysis.engines import partnerloop, vader_baseline

CURRENT = partnerloop
ENGINES = {"vader": vader_baseline.analyse, "lexicon": partnerloop.analyse_lexicon, "partnerloop": partnerloop.analyse}


def analyse(text, language, evidence=True):
    """The current engine's TextAnalysis of `text` in `language` (evidence=False: without
    evidence, for bulk paths that do not store it)."""
    return CURRENT.analyse(text, language, evidence=evidence)
