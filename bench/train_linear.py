"""Train the linear layer of the sentiment engine (app/analysis/engines/linear.py).

    .venv/bin/python bench/train_linear.py --cv        # 5-fold cross-validation on the dev split only
    .venv/bin/python bench/train_linear.py             # train on the whole dev split, write every language's weights
    .venv/bin/python bench/train_linear.py --languages de,es   # ...and write only these languages' files

The weights are one file per language (app/analysis/engines/data/linear_<language>.json, see
linear.py): retrain a language's file when its texts or the features change, and leave the
others alone, so that their labels do not move. `--split FILE --languages en,fr` writes those
languages' files from an older joint weights file instead of training (how 1.8 kept 1.4's
English and French weights: `git show ad3388e:app/analysis/engines/data/linear.json`).

Reads only the `dev` rows of bench/data/feedback_labelled.csv in en, de, fr and es (never
the test split). The dev split has three parts: the rows written with the set (ids below 5001,
"own"), and the development extension (ids from 5001, bench/data/dev_extension/): rows built
from templates ("template") and hand-written rows, one per line ("hand"). Template rows
resemble each other more than real feedback does, so cross-validation holds out only own and
hand-written rows (the template rows always train) and scores the whole engine on them: the
lexicon layer where it is confident, the linear layer elsewhere. The template rows, and since
1.7 the hand-written rows, are weighted so that, per language, their classes weigh as they do in
the own rows (templates have more complaints, product batches hardly any neutral text). The linear layer is a logistic regression (plain SGD with L2, a fixed seed
shuffles) averaged with a multinomial naive Bayes model on the words, negated words and word
pairs (linear.MIX). Deterministic."""

import argparse
import json
import math
import random
import subprocess
import sys
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.analysis.engines import linear, partnerloop  # noqa: E402
from app.analysis.engines.base import NEGATIVE, label_of, prepared  # noqa: E402
from bench.analysis import group_of, load_rows  # noqa: E402

EPOCHS, RATE, L2, MIN_COUNT, SEED = 10, 0.05, 1e-3, 2, 14
VERSION = "1.7"  # of the training data and code: written into the files this trains
LANGUAGES = ("en", "de", "fr", "es")
_WORD_PREFIXES = ("w:", "n:", "b:", "lang:")  # features of one language; all others are shared
NB_ALPHA = 0.5  # naive Bayes' additive smoothing (dev cross-validation: 0.25, 0.5 and 1.0 within 0.005)
NB_PREFIXES = ("w:", "n:", "b:")  # words, negated words, word pairs
EXTENSION_FROM = 5001  # bench/data/split.py: ids from here are the development extension
EXTENSION_WEIGHT = 1.5  # the template rows' total weight per language, relative to their row count
HAND = "hand-written"  # in the note of the extension's hand-written rows (build.py)


@dataclass
class Example:
    found: dict
    gold: int
    language: str
    score: float  # the lexicon layer's
    extension: bool  # a template row: always trains, weighted to the own rows' class shares
    weight: float = 1.0
    text: str = ""
    kind: str = "own"  # "own", "hand" or "template"
    element: str = ""  # program element; "product" rows are the product-review goal's


def is_extension(row):
    return int(row["id"].rsplit("-", 1)[1]) >= EXTENSION_FROM


def kind_of(row):
    if not is_extension(row):
        return "own"
    return "hand" if HAND in row["note"] else "template"


def examples(rows):
    """[Example] of the rows that have something to read."""
    found = []
    for row in rows:
        cleaned, _ = prepared(row["text"])
        reading = partnerloop.lexicon_reading(cleaned, row["language"])
        if reading[0] is None:
            continue  # nothing to read: the engine says "none" without the model
        kind = kind_of(row)
        found.append(Example(linear.features(cleaned, row["language"], *reading),
                             linear.CLASSES.index(row["sentiment"]), row["language"], reading[0], kind == "template",
                             text=row["text"], kind=kind, element=row["element"]))
    return found


def weigh(data, extension_weight=EXTENSION_WEIGHT):
    """Give the template rows and (since 1.7) the hand-written rows, per language, the class shares
    of the rows written with the set: batches written for one goal (product opinions with hardly a
    neutral text, say) would otherwise move the model's idea of how often each class occurs."""
    for language in {example.language for example in data}:
        own = Counter(e.gold for e in data if e.language == language and e.kind == "own")
        total_own = sum(own.values())
        for kind, scale in (("template", extension_weight), ("hand", 1.0)):
            added = Counter(e.gold for e in data if e.language == language and e.kind == kind)
            total_added = sum(added.values())
            for example in data:
                if example.language == language and example.kind == kind and total_own:
                    example.weight = scale * (own[example.gold] / total_own) * total_added / added[example.gold]
    return data


def train(data, epochs=EPOCHS, rate=RATE, l2=L2, min_count=MIN_COUNT, alpha=NB_ALPHA):
    """(model, naive Bayes' log priors): a row per feature, the regression's three weights
    followed by naive Bayes' three log-probabilities (zeros where either does not read it)."""
    counts = Counter(name for example in data for name in example.found)
    model = _regression(data, counts, epochs, rate, l2, min_count)
    bayes, prior = _naive_bayes(data, counts, min_count, alpha)
    zeros = [0.0, 0.0, 0.0]
    return {name: model.get(name, zeros) + bayes.get(name, zeros) for name in model.keys() | bayes.keys()}, prior


def _naive_bayes(data, counts, min_count, alpha):
    """Multinomial naive Bayes on binary word features (weighted like the regression); each
    row centred, so a word both models lack adds nothing."""
    totals, priors, per_class = [0.0] * 3, [0.0] * 3, {}
    for example in data:
        priors[example.gold] += example.weight
        for name in example.found:
            if name.startswith(NB_PREFIXES) and counts[name] >= min_count:
                per_class.setdefault(name, [0.0, 0.0, 0.0])[example.gold] += example.weight
                totals[example.gold] += example.weight
    size, rows = len(per_class), {}
    for name, row in per_class.items():
        logs = [math.log((row[k] + alpha) / (totals[k] + alpha * size)) for k in range(3)]
        middle = sum(logs) / 3
        rows[name] = [round(value - middle, 4) for value in logs]
    return rows, [round(math.log(p / sum(priors)), 4) for p in priors]


def _regression(data, counts, epochs, rate, l2, min_count):
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


def engine_label(example, trained, confident=partnerloop.CONFIDENT, bias=linear.NEGATIVE_BIAS, mix=linear.MIX,
                 veto=partnerloop.VETO):
    """The label the engine gives: the lexicon layer's when it is confident (unless it is not
    negative and the models give a complaint at least `veto`), else the models'."""
    model, prior = trained
    if abs(example.score) >= confident:
        language = partnerloop.scorer(example.language).language
        label = label_of(example.score, language.positive_from, language.negative_from)
        if veto is not None and label != NEGATIVE and \
                linear.ensemble_probabilities(example.found, example.language, model, prior, mix)[0] >= veto:
            return NEGATIVE
        return label
    probs = linear.ensemble_probabilities(example.found, example.language, model, prior, mix)
    bias = bias.get(example.language, 0.0) if isinstance(bias, dict) else bias
    biased = [probs[0] + bias, probs[1], probs[2]]
    return linear.CLASSES[biased.index(max(biased))]


PLAIN_TEXTS = ROOT / "bench" / "data" / "plain_texts.csv"


def plain_texts(known_misses=None):
    """[(language, sentiment, text)] of bench/data/plain_texts.csv: plain, sincere texts with the
    label nobody would argue about (tests/analysis/test_plain_texts.py); `known_misses` True or
    False keeps only the known weak spots or only the others."""
    import csv

    with PLAIN_TEXTS.open(newline="", encoding="utf-8") as handle:
        return [(row["language"], row["sentiment"], row["text"]) for row in csv.DictReader(handle)
                if known_misses is None or (row["known_miss"] == "1") == known_misses]


def plain_misses(trained, known_misses=False):
    """[(text, expected, got)] of the plain texts (by default those that are no known weak spot)
    that the engine with these weights labels otherwise; `trained`: (model, prior), or a function
    of the language giving them."""
    misses = []
    for language, expected, text in plain_texts(known_misses):
        example = examples([{"id": "plain-0001", "language": language, "text": text, "sentiment": expected,
                             "note": "", "element": ""}])
        model = trained(language) if callable(trained) else trained
        got = engine_label(example[0], model) if example else "none"
        if got != expected:
            misses.append((text, expected, got))
    return misses


def _print_plain(trained):
    """The plain-text check (tests/analysis/test_plain_texts.py) of the weights just trained or written."""
    misses, known = plain_misses(trained), plain_misses(trained, known_misses=True)
    print(f"plain texts (bench/data/plain_texts.csv): {len(misses)} missed, {len(plain_texts(True)) - len(known)} "
          f"of the known weak spots right" + "".join(f"\n  {e} -> {g}: {t}" for t, e, g in misses))


def dev_rows():
    return [row for row in load_rows() if row["split"] == "dev" and group_of(row) in ("en", "de", "fr", "es")]


def cross_validate(data, folds=5, decisions=None, **settings):
    """{decision name: {kind: {language or "all": (accuracy, complaint recall)}}} of the engine
    on held-out own and hand-written rows (the template rows always train); `decisions`:
    {name: {engine_label keyword arguments}}, scored on the same folds."""
    decisions = decisions or {"shipped": {}}
    held = [example for example in data if not example.extension]
    added = [example for example in data if example.extension]
    results = {name: [] for name in decisions}
    for fold in range(folds):
        trained = train([e for e in held if _fold(e, folds) != fold] + added, **settings)
        for name, keywords in decisions.items():
            results[name] += [(e, engine_label(e, trained, **keywords)) for e in held if _fold(e, folds) == fold]
    kinds = ("own", "hand", "all", "product") + (("base",) if BASE_TEXTS else ())
    return {name: {kind: {group: _figures([(e, label) for e, label in found if group in ("all", e.language)
                                           and _in_kind(e, kind)])
                          for group in ("en", "de", "fr", "es", "all")}
                   for kind in kinds}
            for name, found in results.items()}


def _fold(example, folds):
    """A row's fold follows from its text, so adding rows moves no other row to another fold."""
    return zlib.crc32(example.text.encode("utf-8")) % folds


def _in_kind(example, kind):
    if kind == "base":  # held-out rows that an earlier version of the set had too (--base)
        return example.text in BASE_TEXTS
    if kind == "product":  # opinions of the product itself (issue #14's product-review goal)
        return example.element == "product"
    return kind in ("all", example.kind)


BASE_TEXTS = set()


def base_texts(ref):
    """The dev texts of bench/data/feedback_labelled.csv at git `ref` (to compare versions of
    the set on the same held-out rows)."""
    import csv
    import io

    blob = subprocess.run(["git", "show", f"{ref}:bench/data/feedback_labelled.csv"], cwd=ROOT, check=True,
                          capture_output=True).stdout.decode("utf-8")
    return {row["text"] for row in csv.DictReader(io.StringIO(blob, newline="")) if row["split"] == "dev"}


def _figures(results):
    if not results:
        return 0.0, 0.0
    right = sum(linear.CLASSES[e.gold] == label for e, label in results)
    complaints = [label for e, label in results if linear.CLASSES[e.gold] == NEGATIVE]
    return round(right / len(results), 3), round(complaints.count(NEGATIVE) / len(complaints), 3)


def _print_cv(prefix, figures):
    for name, kinds in figures.items():
        for kind, groups in kinds.items():
            print(f"{prefix}{name}, held-out {kind} rows: "
                  + "  ".join(f"{k} {a:.3f}/{r:.2f}" for k, (a, r) in groups.items()))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cv", action="store_true", help="cross-validate settings on the dev split; write nothing")
    parser.add_argument("--base", metavar="REF", help="with --cv: also score the held-out rows the set had at git REF")
    parser.add_argument("--quick", action="store_true", help="with --cv: skip the run without template rows")
    parser.add_argument("--languages", default=",".join(LANGUAGES), help="write only these languages' weights")
    parser.add_argument("--split", metavar="FILE", help="write the languages' weights from this joint weights file")
    args = parser.parse_args(argv)
    languages = [language for language in args.languages.split(",") if language]
    if set(languages) - set(LANGUAGES):
        parser.error(f"--languages: choose from {', '.join(LANGUAGES)}")
    if args.split:
        with open(args.split, encoding="utf-8") as handle:
            joint = json.load(handle)
        _write(joint, languages)
        return 0
    if args.base:
        BASE_TEXTS.update(base_texts(args.base))
    rows = dev_rows()
    data = weigh(examples(rows))
    if args.cv:
        decisions = {"shipped": {}, "no veto (1.2)": {"veto": None}, "veto 0.6": {"veto": 0.6}, "veto 0.65": {"veto": 0.65}, "veto 0.7": {"veto": 0.7},
                     "regression only (1.1)": {"mix": 1.0}, "linear layer alone": {"confident": 9.0},
                     "negative lean 0.1 (1.3)": {"bias": 0.1}, "negative lean 0.15 everywhere": {"bias": 0.15},
                     "negative lean 0.2": {"bias": 0.2}, "no negative lean": {"bias": 0.0},
                     "lean 0.2 for German": {"bias": {**linear.NEGATIVE_BIAS, "de": 0.2}}}
        _print_cv("", cross_validate(data, decisions=decisions))
        _print_plain(train(data))
        if not args.quick:
            _print_cv("without template rows, ", cross_validate([e for e in data if not e.extension]))
        return 0
    model, prior = train(data)
    _write({"trained_on": "bench/data/feedback_labelled.csv, split=dev, languages en/de/fr/es", "version": VERSION,
            "rows": len(rows), "settings": {"epochs": EPOCHS, "rate": RATE, "l2": L2, "min_count": MIN_COUNT,
                                             "extension_weight": EXTENSION_WEIGHT, "nb_alpha": NB_ALPHA},
            "nb_prior": prior, "weights": model}, languages)
    linear._payload.cache_clear()
    _print_plain(lambda language: (linear.weights(language), linear.nb_prior(language)))
    return 0


def language_rows(model, language):
    """The rows of a joint model that a text in `language` can read: its own words and the shared features."""
    own = tuple(prefix + language + (":" if prefix != "lang:" else "") for prefix in _WORD_PREFIXES)
    return {name: row for name, row in model.items() if not name.startswith(_WORD_PREFIXES) or name.startswith(own)}


def _write(joint, languages):
    linear.WEIGHTS.mkdir(exist_ok=True)
    for language in languages:
        rows = language_rows(joint["weights"], language)
        payload = {**{key: value for key, value in joint.items() if key != "weights"},
                   "version": joint.get("version", "1.4"), "language": language, "weights": dict(sorted(rows.items()))}
        path = linear.weights_file(language)
        path.write_text(json.dumps(payload, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
        print(f"{len(rows)} features written to {path.relative_to(ROOT)} (weights {payload['version']})")


if __name__ == "__main__":
    sys.exit(main())
