"""A small linear model over the lexicon engine: the "partnerloop-linear" engine's second layer.

Multinomial logistic regression (three classes) on the words and word pairs of the text
(per language), plus what the lexicon layer found: its score, the sums of its positive
and negative evidence, requests, questions, contrast, figures, length. Pure Python: the
weights are a JSON file (app/analysis/engines/data/linear.json), trained by
bench/train_linear.py on the development split of bench/data/feedback_labelled.csv only
(texts written for this project); the test split is never read by the training."""

import json
import math
import re
from functools import lru_cache
from pathlib import Path

from app.analysis.engines.base import NEGATIVE, NEUTRAL, POSITIVE, WORD, Evidence
from app.analysis.engines.language import COMMON

WEIGHTS = Path(__file__).resolve().parent / "data" / "linear.json"
CLASSES = (NEGATIVE, NEUTRAL, POSITIVE)
_FIGURE = re.compile(r"\d")
# Added to P(negative) before the argmax: missing a complaint costs more than a false alarm
# (5-fold cross-validation on the dev split: complaint recall 0.61 -> 0.64, accuracy equal).
NEGATIVE_BIAS = 0.1
_TIME_WORDS = frozenset(["day", "days", "week", "weeks", "month", "months", "year", "hours", "since", "still", "again", "yet", "twice", "third", "tage", "wochen", "monate", "seit", "noch", "wieder", "jours", "semaines", "mois", "depuis", "encore", "toujours", "días", "semanas", "meses", "desde", "todavía", "aún"])


def features(text, language, score, evidence, request_spans):
    """{feature: value} of a prepared text and the lexicon layer's reading of it."""
    words = [word.lower() for word in WORD.findall(text)]
    common = COMMON.get(language, frozenset())
    # Function words alone are noise at this training size (and meaningless as evidence);
    # they count inside word pairs ("not bad", "no one").
    found = {f"w:{language}:{word}": 1.0 for word in words if word not in common}
    found.update({f"b:{language}:{a} {b}": 1.0 for a, b in zip(words, words[1:], strict=False)
                  if a not in common or b not in common})
    positive = sum(item.weight for item in evidence if item.weight > 0)
    negative = sum(item.weight for item in evidence if item.weight < 0)
    found.update({
        "bias": 1.0, "lex:score": score, "lex:positive": min(positive / 4, 2.0), "lex:negative": max(negative / 4, -2.0),
        "lex:none": 1.0 if not evidence else 0.0, "request": 1.0 if request_spans else 0.0,
        "question": 1.0 if "?" in text else 0.0, "exclaim": 1.0 if "!" in text else 0.0,
        "figures": 1.0 if _FIGURE.search(text) else 0.0, "time": 1.0 if _TIME_WORDS.intersection(words) else 0.0,
        "short": 1.0 if len(words) <= 3 else 0.0, "long": 1.0 if len(words) > 30 else 0.0,
        f"lang:{language}": 1.0,
    })
    return found


@lru_cache(maxsize=1)
def weights():
    """{feature: [weight per class]} (read once per process)."""
    with WEIGHTS.open(encoding="utf-8") as handle:
        return json.load(handle)["weights"]


def probabilities(found, model=None):
    """Class probabilities (CLASSES order) of a feature dict."""
    model = weights() if model is None else model
    sums = [0.0, 0.0, 0.0]
    for name, value in found.items():
        row = model.get(name)
        if row is not None:
            sums[0] += row[0] * value
            sums[1] += row[1] * value
            sums[2] += row[2] * value
    top = max(sums)
    exps = [math.exp(total - top) for total in sums]
    total = sum(exps)
    return [value / total for value in exps]


def predicted(found, model=None):
    """(label, signed confidence in [-1, 1]: P(positive) - P(negative))."""
    probs = probabilities(found, model)
    biased = [probs[0] + NEGATIVE_BIAS, probs[1], probs[2]]
    return CLASSES[biased.index(max(biased))], round(probs[2] - probs[0], 4)


def explained(text, language, evidence, least=0.3):
    """The lexicon layer's evidence with the model's own pull of each word added (P(positive)
    against P(negative) weights): what drove the label, strongest first."""
    model, pulls = weights(), {}
    for match in WORD.finditer(text):
        row = model.get(f"w:{language}:{match.group().lower()}")
        if row is not None and abs(pull := row[2] - row[0]) >= least:
            pulls[match.span()] = pull
    merged = []
    for item in evidence:
        inside = [span for span in pulls if item.start <= span[0] < item.end]
        merged.append(Evidence(item.start, item.end, item.text, round(item.weight + sum(pulls.pop(s) for s in inside), 3)))
    merged += [Evidence(start, end, text[start:end], round(pull, 3)) for (start, end), pull in pulls.items()]
    return tuple(sorted(merged, key=lambda item: -abs(item.weight)))
