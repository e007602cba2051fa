"""Train the linear layer of the sentiment engine (app/analysis/engines/linear.py).

    .venv/bin/python bench/train_linear.py --cv        # 5-fold cross-validation on the dev split only
    .venv/bin/python bench/train_linear.py             # train on the whole dev split, write the weights

Reads only the `dev` rows of bench/data/feedback_labelled.csv in en, de, fr and es (never
the test split). The dev split has two parts: the rows written with the set (ids below 5001)
and the development extension built from templates (bench/data/dev_extension/). Template rows
resemble each other more than real feedback does, so cross-validation holds out only rows of
the first part (the extension always trains) and scores the whole engine on them: the lexicon
layer where it is confident, the linear layer elsewhere. The extension's rows are weighted so
that, per language, its classes weigh as they do in the first part (it has more complaints).
Deterministic: a fixed seed shuffles; plain SGD with L2."""

import argparse
import json
import random
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.analysis.engines import linear, partnerloop  # noqa: E402
from app.analysis.engines.base import NEGATIVE, label_of, prepared  # noqa: E402
from bench.analysis import group_of, load_rows  # noqa: E402

EPOCHS, RATE, L2, MIN_COUNT, SEED = 10, 0.05, 1e-3, 2, 14
EXTENSION_FROM = 5001  # bench/data/split.py: ids from here are the development extension
EXTENSION_WEIGHT = 1.5  # the extension's total weight per language, relative to its row count


@dataclass
class Example:
    found: dict
    gold: int
    language: str
    score: float  # the lexicon layer's
    extension: bool
    weight: float = 1.0
    text: str = ""


def is_extension(row):
    return int(row["id"].rsplit("-", 1)[1]) >= EXTENSION_FROM


def examples(rows):
    """[Example] of the rows that have something to read."""
    found = []
    for row in rows:
        cleaned, _ = prepared(row["text"])
        reading = partnerloop.lexicon_reading(cleaned, row["language"])
        if reading[0] is None:
            continue  # nothing to read: the engine says "none" without the model
        found.append(Example(linear.features(cleaned, row["language"], *reading),
                             linear.CLASSES.index(row["sentiment"]), row["language"], reading[0], is_extension(row),
                             text=row["text"]))
    return found


def weigh(data, extension_weight=EXTENSION_WEIGHT):
    """Give the extension's examples, per language, the class shares of the rows written with the set."""
    for language in {example.language for example in data}:
        own = Counter(e.gold for e in data if e.language == language and not e.extension)
        added = Counter(e.gold for e in data if e.language == language and e.extension)
        total_own, total_added = sum(own.values()), sum(added.values())
        for example in data:
            if example.language == language and example.extension and total_own:
                share = own[example.gold] / total_own
                example.weight = extension_weight * share * total_added / added[example.gold]
    return data


def train(data, epochs=EPOCHS, rate=RATE, l2=L2, min_count=MIN_COUNT):
    counts = Counter(name for example in data for name in example.found)
    model = {name: [0.0, 0.0, 0.0] for name, count in counts.items() if count >= min_count}
    order = list(range(len(data)))
    shuffle = random.Random(SEED)
    for epoch in range(epochs):
        shuffle.shuffle(order)
        step = rate / (1 + epoch * 0.2)
        for index in order:
            _update(model, data[index], step, l2)
    return {name: [round(w, 4) for w in row] for name, row in model.items() if any(abs(w) >= 1e-4 for w in row)}


def _update(model, example, step, l2):
    probs = linear.probabilities(example.found, model)
    errors = [(probs[k] - (k == example.gold)) * example.weight for k in range(3)]
    for name, value in example.found.items():
        row = model.get(name)
        if row is not None:
            for k in range(3):
                row[k] -= step * (errors[k] * value + l2 * row[k])


def engine_label(example, model, confident=partnerloop.CONFIDENT):
    """The label the engine gives: the lexicon layer's when it is confident, else the model's."""
    if abs(example.score) >= confident:
        language = partnerloop.scorer(example.language).language
        return label_of(example.score, language.positive_from, language.negative_from)
    return linear.predicted(example.found, model)[0]


def dev_rows():
    return [row for row in load_rows() if row["split"] == "dev" and group_of(row) in ("en", "de", "fr", "es")]


def cross_validate(data, folds=5, confident=partnerloop.CONFIDENT, **settings):
    """{language or "all": (accuracy, complaint recall)} of the engine on held-out rows written
    with the set; the extension always trains."""
    own = [example for example in data if not example.extension]
    added = [example for example in data if example.extension]
    results = []
    for fold in range(folds):
        model = train([e for i, e in enumerate(own) if i % folds != fold] + added, **settings)
        results += [(e, engine_label(e, model, confident)) for i, e in enumerate(own) if i % folds == fold]
    return {group: _figures([(e, label) for e, label in results if group in ("all", e.language)])
            for group in ("en", "de", "fr", "es", "all")}


def _figures(results):
    right = sum(linear.CLASSES[e.gold] == label for e, label in results)
    complaints = [label for e, label in results if linear.CLASSES[e.gold] == NEGATIVE]
    return round(right / len(results), 3), round(complaints.count(NEGATIVE) / len(complaints), 3)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cv", action="store_true", help="cross-validate settings on the dev split; write nothing")
    args = parser.parse_args(argv)
    rows = dev_rows()
    data = weigh(examples(rows))
    if args.cv:
        for name, subset, confident in (("shipped", data, partnerloop.CONFIDENT),
                                        ("without the extension", [e for e in data if not e.extension],
                                         partnerloop.CONFIDENT),
                                        ("linear layer alone", data, 9.0)):
            figures = cross_validate(subset, confident=confident)
            print(f"{name}: " + "  ".join(f"{k} {a:.3f}/{r:.2f}" for k, (a, r) in figures.items()))
        return 0
    model = train(data)
    linear.WEIGHTS.parent.mkdir(exist_ok=True)
    payload = {"trained_on": "bench/data/feedback_labelled.csv, split=dev, languages en/de/fr/es",
               "rows": len(rows), "settings": {"epochs": EPOCHS, "rate": RATE, "l2": L2, "min_count": MIN_COUNT,
                                                "extension_weight": EXTENSION_WEIGHT},
               "weights": dict(sorted(model.items()))}
    linear.WEIGHTS.write_text(json.dumps(payload, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(model)} features written to {linear.WEIGHTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
