"""The evidence behind an item's label, ready for its page: the text cut into plain and
highlighted pieces, each highlight with its signed weight."""

from dataclasses import dataclass

from app.analysis.engines import analyse as analyse_text
from app.analysis.engines.base import NOT_ANALYSED
from app.analysis.engines.language import detect_language

LANGUAGE_NAMES = {"en": "English", "de": "German", "fr": "French", "es": "Spanish", "other": "another language"}


@dataclass(frozen=True)
class Piece:
    text: str
    weight: float | None = None  # None: plain text; else the word's signed weight

    @property
    def direction(self):
        if self.weight is None:
            return None
        return "positive" if self.weight > 0 else "negative"


@dataclass(frozen=True)
class ItemEvidence:
    pieces: tuple  # the whole text, in order
    words: tuple  # the Evidence items, strongest first
    engine: str
    language: str
    not_analysed: bool
    truncated: bool


def item_evidence(item):
    """ItemEvidence of an item's text, by the current engine (deterministic, so it matches
    the stored label when the item was analysed by the same engine version)."""
    text = item.text or ""
    language = item.detected_language or detect_language(text, item.language)
    analysis = analyse_text(text, language)
    return ItemEvidence(_pieces(text, analysis.evidence), analysis.evidence[:8], analysis.engine,
                        LANGUAGE_NAMES.get(language, language), analysis.label == NOT_ANALYSED, analysis.truncated)


def _pieces(text, evidence):
    pieces, position = [], 0
    for item in sorted(evidence, key=lambda item: item.start):
        if item.start < position:
            continue  # overlapping spans: the first one shown wins
        if item.start > position:
            pieces.append(Piece(text[position:item.start]))
        pieces.append(Piece(text[item.start:item.end], item.weight))
        position = item.end
    if position < len(text):
        pieces.append(Piece(text[position:]))
    return tuple(pieces)
