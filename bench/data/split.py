"""Check bench/data/feedback_labelled.csv: columns, allowed values, unique ids and texts,
and that every row's `split` is the one the documented rule gives.

    python bench/data/split.py [path/to/feedback_labelled.csv]

The rule (bench/data/README.md, "Split"): rows are grouped into strata by
(language group, sentiment), where the language group is the row's language for
en, de, fr and es, "bad" for rows tagged bad_input, and "other" for every other
language. Every language group numbers its rows in one sequence (en-0001, en-0002, ...;
the other languages share theirs: it-0001 ... zh-0040, then e.g. da-0041). Within a
stratum, rows are taken in the order of that number and counted from 1; rows counted
2 and 4 of every 5 (n % 5 in {2, 4}) are `test`, the rest `dev`. New rows take the
next number of their group, so appending never moves an existing row between splits
and the test split stays frozen.

Development extension: ids numbered from 5001 (en-5001, de-5001, ...) were written after the
test split was frozen, to train and tune on. They are always `dev` and are not counted in the
strata, so they move no row of the numbered sequence below 5001 between splits.

Exits 0 when the file agrees with the rule, 1 (listing the problems) when it does not.
"""

import csv
import re
import sys
from collections import defaultdict
from pathlib import Path

COLUMNS = ["id", "language", "split", "source", "element", "text", "sentiment", "loop", "request", "tags", "note"]
MAIN_LANGUAGES = {"en", "de", "fr", "es"}
SPLITS = {"dev", "test"}
SOURCES = {"partner", "customer", "internal"}
ELEMENTS = {"deal_registration", "mdf", "onboarding", "support", "portal", "payouts", "enablement", "product",
            "general"}
SENTIMENTS = {"positive", "neutral", "negative"}
LOOPS = {"action_needed", "status_quo"}
REQUESTS = {"0", "1"}
TAGS = {"sarcasm", "mixed", "domain_noun", "negation", "request", "question", "short", "delay", "comparison",
        "emoji", "typo", "caps", "non_english", "markup", "numbers", "hedged", "bad_input"}
ID_PATTERN = re.compile(r"^(?:[a-z]{2,3}|bad)-\d{4}$")
LANGUAGE_PATTERN = re.compile(r"^[a-z]{2,3}$")
TEST_POSITIONS = {2, 4}  # of every 5 within a stratum
DEV_EXTENSION_FROM = 5001  # ids from here on are development rows only (see the docstring)


def language_group(row):
    if "bad_input" in row["tags"].split(";"):
        return "bad"
    return row["language"] if row["language"] in MAIN_LANGUAGES else "other"


def id_number(row_id):
    return int(row_id.rsplit("-", 1)[1])


def expected_splits(rows):
    """{id: "dev" | "test"} by the rule above."""
    strata, result = defaultdict(list), {}
    for row in rows:
        if id_number(row["id"]) >= DEV_EXTENSION_FROM:
            result[row["id"]] = "dev"
            continue
        strata[(language_group(row), row["sentiment"])].append(row["id"])
    for ids in strata.values():
        for count, row_id in enumerate(sorted(ids, key=id_number), start=1):
            result[row_id] = "test" if count % 5 in TEST_POSITIONS else "dev"
    return result


def row_problems(where, row):
    """What is wrong with one row on its own: values outside their column's set, tags."""
    checks = (("language", LANGUAGE_PATTERN.match(row["language"])),
              ("split", row["split"] in SPLITS), ("source", row["source"] in SOURCES),
              ("element", row["element"] in ELEMENTS), ("sentiment", row["sentiment"] in SENTIMENTS),
              ("loop", row["loop"] in LOOPS), ("request", row["request"] in REQUESTS),
              ("id", ID_PATTERN.match(row["id"])))
    found = [f"{where}: bad {name} {row[name]!r}" for name, ok in checks if not ok]
    tags = [tag for tag in row["tags"].split(";") if tag]
    found.extend(f"{where}: unknown tag {tag!r}" for tag in tags if tag not in TAGS)
    if len(tags) != len(set(tags)):
        found.append(f"{where}: repeated tag")
    if (row["request"] == "1") != ("request" in tags):
        found.append(f"{where}: request column and request tag disagree")
    return found


def text_key(row):
    # Texts compare case- and whitespace-insensitively; bad_input rows (empty, whitespace,
    # control characters) compare exactly, since their whitespace is the point.
    if "bad_input" in row["tags"].split(";"):
        return row["text"]
    return " ".join(row["text"].split()).casefold()


def problems(rows, header):
    if header != COLUMNS:
        return [f"header is {header}, expected {COLUMNS}"]
    found = []
    seen = {}  # id, (language group, id number) or text key -> the id that had it first
    for line, row in enumerate(rows, start=2):
        where = f"line {line} ({row.get('id')})"
        if None in row or any(value is None for value in row.values()):
            found.append(f"{where}: wrong number of fields")
            continue
        found.extend(row_problems(where, row))
        keys = [("id", row["id"]), ("text", text_key(row))]
        if ID_PATTERN.match(row["id"]):
            keys.append(("number", language_group(row), id_number(row["id"])))
        for key in keys:
            if key in seen:
                found.append(f"{where}: same {key[0]} as {seen[key]}")
            seen.setdefault(key, row["id"])
    if found:
        return found
    expected = expected_splits(rows)
    return [f"{row['id']}: split is {row['split']}, the rule says {expected[row['id']]}"
            for row in rows if row["split"] != expected[row["id"]]]


def main(argv):
    path = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent / "feedback_labelled.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle, strict=True)
        rows = list(reader)
        header = reader.fieldnames
    found = problems(rows, header)
    for problem in found:
        print(problem, file=sys.stderr)
    if found:
        print(f"{path}: {len(found)} problem(s)", file=sys.stderr)
        return 1
    test = sum(row["split"] == "test" for row in rows)
    print(f"{path}: {len(rows)} rows ({len(rows) - test} dev, {test} test), columns, values and split agree")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
