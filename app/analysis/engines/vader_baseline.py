"""Today's VADER as an engine with the common interface: the baseline bench/analysis.py
measures the other engines against. It reads every language as English, as the product did."""

from functools import lru_cache

from app.analysis.engines.base import NONE, TextAnalysis, label_of, prepared
from app.analysis.engines.vader import FastSentimentIntensityAnalyzer

ENGINE = "vader 3.3.2"


@lru_cache(maxsize=1)
def _analyzer():
    return FastSentimentIntensityAnalyzer()


def analyse(text, language):
    """TextAnalysis by VADER's compound score and its usual cut-offs of ±0.05 (no evidence)."""
    cleaned, truncated = prepared(text)
    if not cleaned.strip():
        return TextAnalysis(None, NONE, (), language, ENGINE, truncated)
    score = _analyzer().score(cleaned.strip())
    return TextAnalysis(score, label_of(score, 0.05, -0.05), (), language, ENGINE, truncated)
