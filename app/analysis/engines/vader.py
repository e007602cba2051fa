"""VADER sentiment, scored the same as vaderSentiment 3.3.2 but several times faster: the
baseline engine (vader_baseline.py) that bench/analysis.py measures the others against.

The reference `SentimentIntensityAnalyzer.polarity_scores` lower-cases every word of
the text again for each sentiment word it meets (in its negation and idiom checks),
so a text costs O(words x sentiment words), and it rebuilds the text character by
character to replace emojis. Bulk imports analyse 100,000 texts at a time; this
subclass lower-cases once and skips the emoji pass for ASCII text. The rules and
their order are unchanged (tests/imports/test_sentiment.py compares both on random
texts built from the lexicon, boosters, negations, idioms, capitals and emojis)."""

import string

from vaderSentiment.vaderSentiment import (
    BOOSTER_DICT,
    C_INCR,
    N_SCALAR,
    NEGATE,
    SPECIAL_CASES,
    SentimentIntensityAnalyzer,
    normalize,
    scalar_inc_dec,
)

# Text beyond this adds little to a lexicon score and costs linear time.
MAX_ANALYSED_CHARS = 5000
_NEGATE = frozenset(NEGATE)
# Words never hold whitespace, so "a b" == " ".join(words) exactly when ("a", "b") == words.
_SPECIAL_CASES = {tuple(phrase.split(" ")): value for phrase, value in SPECIAL_CASES.items()}
_BOOSTER_NGRAMS = {tuple(phrase.split(" ")): value for phrase, value in BOOSTER_DICT.items() if " " in phrase}
# Extra weight of the k-th preceding booster word (0 = adjacent), as in the reference.
_BOOSTER_DAMPING = (1.0, 0.95, 0.9)


def _words_and_emoticons(text):
    # SentiText's tokens: strip surrounding punctuation unless that leaves <= 2 characters (emoticons).
    punctuation = string.punctuation
    return [token if len(stripped := token.strip(punctuation)) <= 2 else stripped for token in text.split()]


def _is_cap_differential(words):
    # allcap_differential: some but not all words are ALL CAPS.
    capitals = sum(map(str.isupper, words))
    return 0 < len(words) - capitals < len(words)


def _negated(lower_word):
    return lower_word in _NEGATE or "n't" in lower_word


class FastSentimentIntensityAnalyzer(SentimentIntensityAnalyzer):
    """Drop-in replacement: `polarity_scores` returns exactly what the reference returns."""

    def polarity_scores(self, text):
        sentiments, text = self._sentiments(text)
        return self.score_valence(sentiments, text)

    def score(self, text):
        """The baseline's score of a stripped, non-empty text: compound() of its first
        MAX_ANALYSED_CHARS characters."""
        return self.compound(text[:MAX_ANALYSED_CHARS])

    def compound(self, text):
        """polarity_scores(text)["compound"], without the positive/neutral/negative shares
        that the analysis never reads (the same sum, emphasis and normalisation)."""
        sentiments, text = self._sentiments(text)
        if not sentiments:
            return 0.0
        total = float(sum(sentiments))
        emphasis = self._punctuation_emphasis(text)
        if total > 0:
            total += emphasis
        elif total < 0:
            total -= emphasis
        return round(normalize(total), 4)

    def _sentiments(self, text):
        """The valence of every word, and the text they were read from."""
        text = text.strip() if text.isascii() else self._replace_emojis(text)
        words = _words_and_emoticons(text)
        lower = [word.lower() for word in words]
        lexicon = self.lexicon
        if lexicon.keys().isdisjoint(lower):
            return [0] * len(words), text  # no sentiment word: no rule can give a valence
        is_cap_diff = _is_cap_differential(words)
        # Most words carry no sentiment: skip the call for them (the rules give them 0).
        sentiments = [
            self._valence(words, lower, i, is_cap_diff) if word in lexicon else 0 for i, word in enumerate(lower)
        ]
        if "but" in lower:
            sentiments = self._but_check(words, sentiments)
        return sentiments, text

    def _replace_emojis(self, text):
        # Only non-ASCII text can hold an emoji; the reference's loop, unchanged.
        pieces, prev_space = [], True
        for char in text:
            description = self.emojis.get(char)
            if description is not None:
                if not prev_space:
                    pieces.append(" ")
                pieces.append(description)
                prev_space = False
            else:
                pieces.append(char)
                prev_space = char == " "
        return "".join(pieces).strip()

    def _valence(self, words, lower, i, is_cap_diff):
        item = lower[i]
        if item in BOOSTER_DICT:
            return 0
        if item == "kind" and i < len(words) - 1 and lower[i + 1] == "of":
            return 0
        valence = self._own_valence(words, lower, i, is_cap_diff)
        for start_i in range(3):
            if i > start_i and lower[i - start_i - 1] not in self.lexicon:
                boost = 0.0  # what scalar_inc_dec returns for a word that is no booster
                if lower[i - start_i - 1] in BOOSTER_DICT:
                    boost = scalar_inc_dec(words[i - start_i - 1], valence, is_cap_diff)
                    if boost != 0:
                        boost *= _BOOSTER_DAMPING[start_i]
                valence = self._negation_check_lower(valence + boost, lower, start_i, i)
                if start_i == 2:
                    valence = self._special_idioms_lower(valence, lower, i)
        return self._least_check_lower(valence, lower, i)

    def _own_valence(self, words, lower, i, is_cap_diff):
        item = lower[i]
        valence = self.lexicon[item]
        if item == "no" and i != len(words) - 1 and lower[i + 1] in self.lexicon:
            valence = 0.0
        if (i > 0 and lower[i - 1] == "no") or (i > 1 and lower[i - 2] == "no") or (
            i > 2 and lower[i - 3] == "no" and lower[i - 1] in ("or", "nor")
        ):
            valence = self.lexicon[item] * N_SCALAR
        if words[i].isupper() and is_cap_diff:
            valence = valence + C_INCR if valence > 0 else valence - C_INCR
        return valence

    @staticmethod
    def _negation_check_lower(valence, lower, start_i, i):
        if start_i == 0:
            if _negated(lower[i - 1]):
                valence = valence * N_SCALAR
        elif start_i == 1:
            if lower[i - 2] == "never" and lower[i - 1] in ("so", "this"):
                valence = valence * 1.25
            elif lower[i - 2] == "without" and lower[i - 1] == "doubt":
                pass
            elif _negated(lower[i - 2]):
                valence = valence * N_SCALAR
        else:
            if (lower[i - 3] == "never" and lower[i - 2] in ("so", "this")) or lower[i - 1] in ("so", "this"):
                valence = valence * 1.25
            elif lower[i - 3] == "without" and (lower[i - 2] == "doubt" or lower[i - 1] == "doubt"):
                pass
            elif _negated(lower[i - 3]):
                valence = valence * N_SCALAR
        return valence

    @staticmethod
    def _special_idioms_lower(valence, lower, i):
        # The reference joins words into strings and looks them up; tuples are the same test, cheaper.
        one_zero, two_one_zero = (lower[i - 1], lower[i]), (lower[i - 2], lower[i - 1], lower[i])
        two_one, three_two = (lower[i - 2], lower[i - 1]), (lower[i - 3], lower[i - 2])
        three_two_one = (lower[i - 3], lower[i - 2], lower[i - 1])
        for sequence in (one_zero, two_one_zero, two_one, three_two_one, three_two):
            if sequence in _SPECIAL_CASES:
                valence = _SPECIAL_CASES[sequence]
                break
        if len(lower) - 1 > i and (lower[i], lower[i + 1]) in _SPECIAL_CASES:
            valence = _SPECIAL_CASES[(lower[i], lower[i + 1])]
        if len(lower) - 1 > i + 1 and (lower[i], lower[i + 1], lower[i + 2]) in _SPECIAL_CASES:
            valence = _SPECIAL_CASES[(lower[i], lower[i + 1], lower[i + 2])]
        for n_gram in (three_two_one, three_two, two_one):
            if n_gram in _BOOSTER_NGRAMS:
                valence = valence + _BOOSTER_NGRAMS[n_gram]
        return valence

    def _least_check_lower(self, valence, lower, i):
        if i > 1 and lower[i - 1] not in self.lexicon and lower[i - 1] == "least":
            if lower[i - 2] != "at" and lower[i - 2] != "very":
                valence = valence * N_SCALAR
        elif i > 0 and lower[i - 1] not in self.lexicon and lower[i - 1] == "least":
            valence = valence * N_SCALAR
        return valence
