"""Train the linear layer of the sentiment engine (app/analysis/engines/linear.py).

    .venv/bin/python bench/train_linear.py --cv        # 5-fold cross-validation on the dev split only
    .venv/bin/python bench/train_linear.py             # train on the whole dev split, write the weights

Reads only the `dev` rows of bench/data/feedback_labelled.csv in en, de, fr and es (never
the test split). Deterministic: a fixed seed shuffles; plain SGD with L2."""

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.analysis.engines import linear  # noqa: E402
from app.analysis.engines.base import prepared  # noqa: E402
from app.analysis.engines.partnerloop import lexicon_reading  # noqa: E402
from bench.analysis import group_of, load_rows  # noqa: E402

EPOCHS, RATE, L2, MIN_COUNT, SEED = 10, 0.1, 3e-3, 2, 14


def examples(rows):
    """[(features, class index)] of the rows."""
    found = []
    for row in rows:
        cleaned, _ = prepared(row["text"])
        reading = lexicon_reading(cleaned, row["language"])
        if reading[0] is None:
            continue  # nothing to read: the engine says "none" without the model
        found.append((linear.features(cleaned, row["language"], *reading), linear.CLASSES.index(row["sentiment"])))
    return found


def train(data, epochs=EPOCHS, rate=RATE, l2=L2, min_count=MIN_COUNT):
    counts = {}
    for found, _ in data:
        for name in found:
            counts[name] = counts.get(name, 0) + 1
    model = {name: [0.0, 0.0, 0.0] for name, count in counts.items() if count >= min_count}
    order = list(range(len(data)))
    shuffle = random.Random(SEED)
    for epoch in range(epochs):
        shuffle.shuffle(order)
        step = rate / (1 + epoch * 0.2)
        for index in order:
            found, gold = data[index]
            probs = linear.probabilities(found, model)
            for name, value in found.items():
                row = model.get(name)
                if row is None:
                    continue
                for k in range(3):
                    row[k] -= step * (((probs[k] - (k == gold)) * value) + l2 * row[k])
    return {name: [round(w, 4) for w in row] for name, row in model.items() if any(abs(w) >= 1e-4 for w in row)}


def accuracy(model, data):
    return sum(linear.predicted(found, model)[0] == linear.CLASSES[gold] for found, gold in data) / len(data)


def dev_rows():
    return [row for row in load_rows() if row["split"] == "dev" and group_of(row) in ("en", "de", "fr", "es")]


def cross_validate(data, folds=5, **settings):
    scores = []
    for fold in range(folds):
        held = [example for i, example in enumerate(data) if i % folds == fold]
        kept = [example for i, example in enumerate(data) if i % folds != fold]
        scores.append(accuracy(train(kept, **settings), held))
    return sum(scores) / folds


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cv", action="store_true", help="cross-validate settings on the dev split; write nothing")
    args = parser.parse_args(argv)
    rows = dev_rows()
    data = examples(rows)
    if args.cv:
        for epochs in (10, 30):
            for l2 in (1e-4, 1e-3):
                for min_count in (1, 2):
                    print(f"epochs={epochs} l2={l2} min_count={min_count}: "
                          f"{cross_validate(data, epochs=epochs, l2=l2, min_count=min_count):.3f}")
        return 0
    model = train(data)
    linear.WEIGHTS.parent.mkdir(exist_ok=True)
    payload = {"trained_on": "bench/data/feedback_labelled.csv, split=dev, languages en/de/fr/es",
               "rows": len(rows), "settings": {"epochs": EPOCHS, "rate": RATE, "l2": L2, "min_count": MIN_COUNT},
               "weights": dict(sorted(model.items()))}
    linear.WEIGHTS.write_text(json.dumps(payload, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(model)} features written to {linear.WEIGHTS.relative_to(ROOT)}; dev accuracy {accuracy(model, data):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
