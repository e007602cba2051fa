"""Evaluation of the sentiment engines on labelled texts (issue #14).

    .venv/bin/python bench/analysis.py                      # VADER and the new engine, dev and test, per language
    .venv/bin/python bench/analysis.py --split dev          # only the development split (tuning)
    .venv/bin/python bench/analysis.py --tenant acme        # on a tenant's staff-corrected items (masked)
    .venv/bin/python bench/analysis.py --errors dev --language en   # list the dev split's misses
    .venv/bin/python bench/analysis.py --split dev --own    # without the development extension (ids from 5001)
    .venv/bin/python bench/analysis.py --data /tmp/set.csv  # any labelled set in this file's columns, from outside

`--data` reads a CSV with at least the columns language, text, sentiment (and loop, request,
tags; missing ones count as empty) and evaluates all its rows: how public, human-labelled sets
are measured from outside the repository (third-party texts are never committed or trained on).

The set is bench/data/feedback_labelled.csv (bench/data/README.md). Prints, per engine, split
and language: accuracy (3 classes), per-class precision and recall, the confusion matrix
(rows: people's label, columns: the engine's) and texts/s; then the loop response and
request detection. "none" counts as neutral; texts in other languages are "not analysed" by
the new engine and counted apart (VADER guesses them, as the product did before).
Never tune on the test split: rules and lexicons are written against --split dev only."""

import argparse
import csv
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.analysis.engines import ENGINES  # noqa: E402
from app.analysis.engines.base import NEGATIVE, NEUTRAL, NONE, NOT_ANALYSED, OPINION_LABELS, POSITIVE  # noqa: E402
from app.analysis.services.labels import loop_response_of  # noqa: E402

DATA = ROOT / "bench" / "data" / "feedback_labelled.csv"
GROUPS = ("en", "de", "fr", "es", "other", "bad", "all")
EXTENSION_FROM = 5001  # bench/data/split.py: the templated development extension


def load_rows(path=DATA):
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def group_of(row):
    if "bad_input" in row["tags"].split(";"):
        return "bad"
    return row["language"] if row["language"] in ("en", "de", "fr", "es") else "other"


def run_engine(analyse, rows):
    """[(row, TextAnalysis)] and texts/s."""
    started = time.perf_counter()
    results = [(row, analyse(row["text"], row["language"])) for row in rows]
    seconds = time.perf_counter() - started
    return results, (len(rows) / seconds if seconds else 0.0)


def sentiment_figures(results):
    """Accuracy, per-class precision/recall and confusion over the analysed rows."""
    confusion = Counter()
    not_analysed = 0
    for row, analysis in results:
        if analysis.label == NOT_ANALYSED:
            not_analysed += 1
            continue
        predicted = NEUTRAL if analysis.label == NONE else analysis.label
        confusion[(row["sentiment"], predicted)] += 1
    total = sum(confusion.values())
    correct = sum(confusion[(label, label)] for label in OPINION_LABELS)
    per_class = {}
    for label in OPINION_LABELS:
        predicted = sum(confusion[(gold, label)] for gold in OPINION_LABELS)
        actual = sum(confusion[(label, guess)] for guess in OPINION_LABELS)
        per_class[label] = (confusion[(label, label)] / predicted if predicted else 0.0,
                            confusion[(label, label)] / actual if actual else 0.0)
    return {"n": total, "accuracy": correct / total if total else 0.0, "per_class": per_class,
            "confusion": confusion, "not_analysed": not_analysed}


def loop_figures(results):
    """Loop response from the text alone (the set has no scores) and request detection."""
    loop_right = requests_found = requests_true = requests_said = 0
    for row, analysis in results:
        loop = loop_response_of(sentiment_label=analysis.opinion, requests_change=analysis.requests_change)
        loop_right += (loop.value if loop else "status_quo") == row["loop"]
        requests_true += row["request"] == "1"
        requests_said += analysis.requests_change
        requests_found += analysis.requests_change and row["request"] == "1"
    n = len(results)
    return {"loop_accuracy": loop_right / n if n else 0.0,
            "request_recall": requests_found / requests_true if requests_true else 0.0,
            "request_precision": requests_found / requests_said if requests_said else 0.0}


def print_table(title, rows_by_group, engines):
    print(f"\n## {title}\n")
    print("| engine | set | n | accuracy | neg P/R | neu P/R | pos P/R | loop acc | request P/R | not analysed"
          " | texts/s |")
    print("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    for name in engines:
        for group, rows in rows_by_group.items():
            if not rows:
                continue
            results, rate = run_engine(ENGINES[name], rows)
            figures, loop = sentiment_figures(results), loop_figures(results)
            pr = {label: "{:.2f}/{:.2f}".format(*figures["per_class"][label]) for label in OPINION_LABELS}
            print(f"| {name} | {group} | {figures['n']} | {figures['accuracy']:.3f} | {pr[NEGATIVE]} | {pr[NEUTRAL]}"
                  f" | {pr[POSITIVE]} | {loop['loop_accuracy']:.2f} | {loop['request_precision']:.2f}/"
                  f"{loop['request_recall']:.2f} | {figures['not_analysed']} | {rate:,.0f} |")


def print_confusions(title, rows_by_group, engines):
    print(f"\n## {title}: confusion (rows: people, columns: engine; neg/neu/pos)\n")
    for name in engines:
        for group, rows in rows_by_group.items():
            if not rows or group in ("bad", "other"):
                continue
            figures = sentiment_figures(run_engine(ENGINES[name], rows)[0])
            cells = " ; ".join(f"{gold[:3]}: " + " ".join(f"{figures['confusion'][(gold, guess)]:3d}"
                                                          for guess in (NEGATIVE, NEUTRAL, POSITIVE))
                               for gold in (NEGATIVE, NEUTRAL, POSITIVE))
            print(f"- {name} {group}: {cells}")


def by_group(rows):
    grouped = {group: [row for row in rows if group == "all" or group_of(row) == group] for group in GROUPS}
    return grouped


def print_errors(rows, engine):
    for row, analysis in run_engine(ENGINES[engine], rows)[0]:
        predicted = NEUTRAL if analysis.label == NONE else analysis.label
        if predicted != row["sentiment"] and analysis.label != NOT_ANALYSED:
            words = ", ".join(f"{item.text}{item.weight:+.1f}" for item in analysis.evidence[:4])
            print(f"{row['sentiment'][:3]} -> {predicted[:3]} {analysis.score} | {row['text'][:110]!r} | {words}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", choices=("dev", "test", "both"), default="both")
    parser.add_argument("--engines", default="vader,lexicon,partnerloop", help="comma-separated: " + ", ".join(ENGINES))
    parser.add_argument("--tenant", help="evaluate on this tenant's staff-corrected items instead")
    parser.add_argument("--errors", choices=("dev",), help="list the misses of the last engine on the dev split")
    parser.add_argument("--language", default=None, help="with --errors: en, de, fr, es, other or bad")
    parser.add_argument("--data", type=Path, help="evaluate on this labelled CSV (all rows) instead of the set")
    parser.add_argument("--own", action="store_true",
                        help="only the rows written with the set, without the templated development extension")
    args = parser.parse_args(argv)
    engines = [name.strip() for name in args.engines.split(",") if name.strip()]
    if args.tenant:
        from bench.analysis_tenant import tenant_rows

        rows = tenant_rows(args.tenant)
        print(f"{len(rows)} corrected item(s) of tenant {args.tenant!r} (emails, phones and names masked)")
        print_table(f"tenant {args.tenant}", by_group(rows), engines)
        return 0
    if args.data:
        rows = [{"tags": "", "loop": "status_quo", "request": "0", **row} for row in load_rows(args.data)]
        grouped = by_group(rows)
        print_table(str(args.data), grouped, engines)
        print_confusions(str(args.data), grouped, engines)
        return 0
    rows = load_rows()
    if args.own:
        rows = [row for row in rows if int(row["id"].rsplit("-", 1)[1]) < EXTENSION_FROM]
    if args.errors:
        dev = [row for row in rows if row["split"] == "dev"]
        print_errors([row for row in dev if not args.language or group_of(row) == args.language], engines[-1])
        return 0
    for split in ("dev", "test") if args.split == "both" else (args.split,):
        grouped = by_group([row for row in rows if row["split"] == split])
        print_table(f"{split} split", grouped, engines)
        print_confusions(f"{split} split", grouped, engines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
