"""The lexicon-and-rules scorer behind the "partnerloop-lexicon" engine, one instance per language.

Reads the words of a text (app/analysis/engines/base.py blanks markup first), gives each
one found in the language's lexicon (whole word, stem or phrase of up to four words) its
valence, then applies the rules in this order:
- boosters ("very", "sehr") before it raise the valence, dampeners ("slightly") lower it;
- a negation in the three words before it ("not", "nie"), or right after it for languages
  that put it there ("funktioniert nicht", "ne marche pas"), flips and shrinks it, as VADER
  does (x -0.74) — but never across a comma or a full stop;
- contrast ("but", "however", "aber", "mais", "pero"): in the same sentence, what comes
  after weighs 1.5x and what comes before 0.5x (VADER's rule, for more words);
- a question or a request ("could you", "it would help if") is no evaluation: its words weigh less.
The score is VADER's normalisation of the sum, so it reads like a VADER score."""

import re
from dataclasses import dataclass, field

from app.analysis.engines.base import WORD, Evidence, label_of, normalised

N_SCALAR = -0.74  # VADER's negation factor
EMOJI = re.compile(r"[\U0001F300-\U0001FAFF\u2600-\u27BF\u2B50\u2764]")
_SENTENCE_END = re.compile(r"[.!?;\n]+|$")
_CLAUSE_BREAK = re.compile(r"[.,;:!?\n()]")
# The valence of the emoji people use in feedback; any other emoji reads as nothing.
EMOJI_VALENCE = {
    "👍": 2.0, "👏": 2.0, "🙌": 2.0, "🎉": 2.0, "❤": 2.5, "😀": 2.0, "😃": 2.0, "😄": 2.0, "😊": 2.0, "🙂": 1.5,
    "😍": 2.5, "🥳": 2.0, "💯": 2.0, "🚀": 1.5, "⭐": 1.5, "✅": 1.0, "👎": -2.0, "😡": -2.5, "😠": -2.5,
    "🤬": -3.0, "😞": -2.0, "😢": -2.0, "😭": -2.0, "🙁": -1.5, "☹": -1.5, "😤": -2.0, "🤦": -2.0,
    "💩": -2.5, "😩": -2.0, "😫": -2.0, "🐌": -1.5, "❌": -1.0, "😒": -1.5, "🙄": -1.5,
}


@dataclass(frozen=True)
class Language:
    """A language's lexicon and rule words (lower-case)."""

    code: str
    words: dict  # word -> valence in [-4, 4], like VADER's lexicon
    stems: dict = field(default_factory=dict)  # word start -> valence ("enttäusch" for enttäuscht, -ung, ...)
    phrases: dict = field(default_factory=dict)  # tuple of words -> valence; beats its words
    negations: frozenset = frozenset()
    post_negations: frozenset = frozenset()  # negations that follow the word they negate
    boosters: dict = field(default_factory=dict)  # word -> added to |valence| (negative: dampens)
    contrasts: frozenset = frozenset()
    elisions: frozenset = frozenset()  # "l'", "d'", "n'" ...: read the word after the apostrophe
    concord: frozenset = frozenset()  # negative words a negation does not flip ("ne ... rien")
    fillers: frozenset = frozenset()  # words a negation reaches across without counting them
    positive_from: float = 0.05
    negative_from: float = -0.05
    question_weight: float = 0.5
    request_weight: float = 0.5
    min_stem: int = 4


@dataclass(frozen=True)
class _Hit:
    index: int  # of the first word
    start: int
    end: int
    valence: float


class Scorer:
    """Scores texts of one language; read-only after construction, so one per process."""

    def __init__(self, language):
        self.language = language
        self.phrase_lengths = sorted({len(phrase) for phrase in language.phrases}, reverse=True)
        self.phrase_starts = frozenset(phrase[0] for phrase in language.phrases)
        self.stem_lengths = sorted({len(stem) for stem in language.stems}, reverse=True)

    def score(self, text, request_spans=()):
        """(score, label, evidence) of a prepared text; (None, None, ()) when it has no
        word and no emoji to read. `request_spans` are (start, end) of requests in it."""
        tokens = [(m.start(), m.end(), m.group().lower()) for m in WORD.finditer(text)]
        if self.language.elisions:
            tokens = [self._token(*token) for token in tokens]
        emoji = [] if text.isascii() else [(m.start(), m.end(), m.group()) for m in EMOJI.finditer(text)]
        if not tokens and not any(char in EMOJI_VALENCE for _, _, char in emoji):
            return None, None, ()
        hits = self._hits(text, tokens) + [_Hit(-1, s, e, EMOJI_VALENCE[c]) for s, e, c in emoji if c in EMOJI_VALENCE]
        weighted = self._weighted(text, tokens, hits, request_spans)
        total = sum(weight for _, weight in weighted)
        score = round(normalised(total), 4) if weighted else 0.0
        language = self.language
        evidence = tuple(Evidence(hit.start, hit.end, text[hit.start:hit.end], round(weight, 3))
                         for hit, weight in sorted(weighted, key=lambda pair: -abs(pair[1])) if weight)
        return score, label_of(score, language.positive_from, language.negative_from), evidence

    # --- reading the lexicon ------------------------------------------------------------

    def _token(self, start, end, word):
        """(start, end, word), the elided article or pronoun cut off ("l'argent" -> "argent")."""
        if "'" in word and self.language.elisions:
            head, _, rest = word.partition("'")
            if head in self.language.elisions and rest:
                return start + len(head) + 1, end, rest
        return start, end, word

    def _hits(self, text, tokens):
        hits, i, count = [], 0, len(tokens)
        words, starts, stems = self.language.words, self.phrase_starts, self.stem_lengths
        while i < count:
            word = tokens[i][2]
            if not stems and word not in words and word not in starts:
                i += 1  # most words: in no lexicon entry (a dict look-up instead of a call)
                continue
            length, valence = self._lookup(tokens, i)
            if valence:
                valence = self._modified(text, tokens, i, length, valence)
                hits.append(_Hit(i, tokens[i][0], tokens[i + length - 1][1], valence))
            i += length
        return hits

    def _lookup(self, tokens, i):
        """(words consumed, valence) of the lexicon entry starting at word i."""
        language, word = self.language, tokens[i][2]
        if word in self.phrase_starts:
            for length in self.phrase_lengths:
                phrase = tuple(token[2] for token in tokens[i:i + length])
                if len(phrase) == length and phrase in language.phrases:
                    return length, language.phrases[phrase]
        valence = language.words.get(word)
        if valence is None and self.stem_lengths:
            valence = self._stem_valence(word)
        return 1, valence or 0.0

    def _stem_valence(self, word):
        stems = self.language.stems
        for length in self.stem_lengths:
            if length <= len(word) and (valence := stems.get(word[:length])) is not None:
                return valence
        return None

    def _modified(self, text, tokens, i, length, valence):
        language = self.language
        for back in (1, 2):
            boost = language.boosters.get(tokens[i - back][2]) if i >= back else None
            if boost is not None and not _CLAUSE_BREAK.search(text, tokens[i - back][1], tokens[i][0]):
                valence += boost if valence > 0 else -boost
        if tokens[i][2] not in language.concord and self._negated(text, tokens, i, length):
            valence *= N_SCALAR
        return valence

    def _negated(self, text, tokens, i, length):
        language = self.language
        counted = 0  # words that count towards the three of the scope ("a single" does not)
        for back in range(1, 7):
            if i < back or counted == 3:
                break
            word = tokens[i - back][2]
            if word in language.negations:
                return not _CLAUSE_BREAK.search(text, tokens[i - back][1], tokens[i][0])
            counted += word not in language.fillers
        last = i + length - 1
        for ahead in (1, 2):
            if last + ahead < len(tokens) and tokens[last + ahead][2] in language.post_negations:
                return not _CLAUSE_BREAK.search(text, tokens[last][1], tokens[last + ahead][0])
        return False

    # --- sentence-level rules ------------------------------------------------------------

    def _weighted(self, text, tokens, hits, request_spans):
        """[(hit, weight)]: each hit's valence after the contrast, question and request rules."""
        language = self.language
        contrast_at = [token[0] for token in tokens if token[2] in language.contrasts]
        if not contrast_at and not request_spans and "?" not in text:
            return [(hit, hit.valence) for hit in hits]  # no sentence-level rule applies
        sentences = [(m.start(), m.end(), "?" in m.group()) for m in _SENTENCE_END.finditer(text)]
        weighted, sentence = [], 0
        for hit in sorted(hits, key=lambda hit: hit.start):
            while sentence < len(sentences) - 1 and sentences[sentence][1] <= hit.start:
                sentence += 1
            begins = sentences[sentence - 1][1] if sentence else 0
            ends, question = sentences[sentence][0], sentences[sentence][2]
            weight = hit.valence
            if any(begins <= at < hit.start for at in contrast_at):
                weight *= 1.5
            elif any(hit.end <= at < ends for at in contrast_at):
                weight *= 0.5
            if question:
                weight *= language.question_weight
            if any(start <= hit.start < end for start, end in request_spans):
                weight *= language.request_weight
            weighted.append((hit, weight))
        return weighted
