"""How theme keywords match text.

A keyword or phrase matches whole words in any case: "delay" matches "Delay," but not
"delayed"; a phrase matches across any whitespace ("price  list" = "price list"). Each
theme compiles to one regex (cached by its keywords), so a tenant's matcher costs one
query. Matching uses Python's Unicode-aware `re` (word characters of every script), and
texts are NFC-normalised before matching, as keywords are when stored."""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import select

from app.analysis.models import Theme
from app.extensions import db


def normalise(text):
    """NFC, so a keyword typed with combining accents matches text typed with precomposed ones."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def _phrase_pattern(keyword):
    return r"\s+".join(re.escape(word) for word in keyword.split())


@lru_cache(maxsize=1024)
def compile_keywords(keywords):
    """One regex for a tuple of keywords: any of them as whole words, ignoring case.
    Lookarounds instead of \\b, so keywords that start or end with a symbol (c++) work too."""
    if not keywords:
        return None
    alternatives = "|".join(_phrase_pattern(k) for k in sorted(keywords, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


@dataclass(frozen=True)
class ThemeMatcher:
    """The compiled keyword rules of one tenant's themes."""

    patterns: tuple  # (theme id, compiled regex) of the themes that have keywords

    def __bool__(self):
        return bool(self.patterns)

    def themes_in(self, text):
        """Ids of the themes whose keywords occur in `text`."""
        if not text or not self.patterns:
            return set()
        text = normalise(text)
        return {theme_id for theme_id, pattern in self.patterns if pattern.search(text)}


def matcher_for(themes):
    """A matcher for (theme id, keywords) pairs."""
    pairs = ((theme_id, compile_keywords(tuple(keywords or ()))) for theme_id, keywords in themes)
    return ThemeMatcher(tuple((theme_id, pattern) for theme_id, pattern in pairs if pattern is not None))


def load_matcher():
    """The active tenant's matcher (one query)."""
    return matcher_for(db.session.execute(select(Theme.id, Theme.keywords).order_by(Theme.id)).all())
