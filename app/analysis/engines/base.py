"""What every sentiment engine returns, and the text preparation they share.

An engine reads at most MAX_ANALYSED_CHARS characters (and says so in `truncated`).
Markup, links, e-mail addresses and control characters are blanked out with spaces of
the same length, so every evidence offset points into the text the caller gave."""

import re
from dataclasses import dataclass, field
from functools import lru_cache

MAX_ANALYSED_CHARS = 5000

POSITIVE = "positive"
NEUTRAL = "neutral"
NEGATIVE = "negative"
NONE = "none"  # nothing readable: empty, whitespace, markup, links, unknown emoji
NOT_ANALYSED = "not analysed"  # a language the product has no engine for
OPINION_LABELS = (POSITIVE, NEUTRAL, NEGATIVE)
SUPPORTED_LANGUAGES = ("en", "de", "fr", "es")

# Blanked before reading: HTML tags and entities, links, e-mail addresses, ANSI colour
# codes, and every control or zero-width character (they carry no opinion).
_BLANKED = re.compile(
    r"<[^<>]{0,200}>|&[a-zA-Z]{2,8};|&#\d{1,6};|\x1b\[[0-9;]*[A-Za-z]"
    r"|https?://\S+|www\.\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]"
)
# A word: letters, with inner apostrophes or hyphens ("don't", "e-mail", "aujourd'hui").
WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")


@dataclass(frozen=True)
class Evidence:
    """A word or phrase of the text that moved the score: text[start:end], its signed weight."""

    start: int
    end: int
    text: str
    weight: float


@dataclass(frozen=True)
class TextAnalysis:
    """The result of analysing one text. `score` is in [-1, 1] (None for the labels "none"
    and "not analysed"); `evidence` lists what drove it, strongest first; `engine` names the
    engine and its version; `requests_change` is True when the text asks for something
    (a request, a suggestion or a question to answer)."""

    score: float | None
    label: str
    evidence: tuple = field(default_factory=tuple)
    language: str | None = None
    engine: str = ""
    truncated: bool = False
    requests_change: bool = False

    @property
    def opinion(self):
        """The label when it is positive, neutral or negative; None otherwise."""
        return self.label if self.label in OPINION_LABELS else None


def prepared(text):
    """(the first MAX_ANALYSED_CHARS characters with markup blanked, whether it was cut)."""
    return _prepared(text if isinstance(text, str) else "")


@lru_cache(maxsize=8)
def _prepared(text):
    # Cached for the few latest texts: detection and analysis of one text both need it.
    truncated = len(text) > MAX_ANALYSED_CHARS
    text = text[:MAX_ANALYSED_CHARS]
    return _BLANKED.sub(lambda match: " " * len(match.group()), text), truncated


def label_of(score, positive_from, negative_from):
    if score >= positive_from:
        return POSITIVE
    if score <= negative_from:
        return NEGATIVE
    return NEUTRAL


def normalised(total, alpha=15.0):
    """VADER's squashing of a sum of valences into (-1, 1)."""
    return total / (total * total + alpha) ** 0.5
