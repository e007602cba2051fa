"""Build the development extension of bench/data/feedback_labelled.csv from the templates here.

    .venv/bin/python bench/data/dev_extension/build.py          # prints how many rows it would add
    .venv/bin/python bench/data/dev_extension/build.py --write  # replaces the extension rows in the CSV

Every template (en_*.txt, de.txt, fr.txt, es.txt) was written for this project, with its label, by
the engineer who wrote this script; build.py fills the slots ({co}, {dl}, {m1}...) and the
alternatives ({a|b|c}) with a fixed seed, derives the rule-set columns (loop, request, tags
short/emoji/numbers/question) and gives the rows ids from 5001 on, which bench/data/split.py
keeps in `dev` forever. Rows below 5001 (and so the test split) are never touched."""

import csv
import random
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from slots import fill  # noqa: E402

CSV = HERE.parent / "feedback_labelled.csv"
FIRST_ID = 5001
SENTIMENTS = {"N": "negative", "U": "neutral", "P": "positive"}
SOURCES = {"P": "partner", "C": "customer", "I": "internal"}
ELEMENTS = {"dr": "deal_registration", "mdf": "mdf", "onb": "onboarding", "sup": "support", "por": "portal",
            "pay": "payouts", "ena": "enablement", "cert": "enablement", "prod": "product", "gen": "general",
            "tier": "general", "cosell": "general",
            "ren": "general", "pri": "general", "int": "product"}
VARIANTS = 4  # distinct fillings per template with slots or alternatives
_SLOT = re.compile(r"\{([a-z0-9]+)\}")
_CHOICE = re.compile(r"\{([^{}]*\|[^{}]*)\}")
_EMOJI = re.compile(r"[\U0001F300-\U0001FAFF\u2600-\u27BF]")
_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
KEEP = "keep"  # a request to keep things as they are: request = 1, loop = status_quo


HAND = "_hand_"  # files of hand-written texts (one row per line, no slots): en_hand_1.txt ...


def templates(language):
    """[(sentiment, source, element, tags, text, hand-written)] of the language's files."""
    found = []
    for path in sorted(HERE.glob(f"{language}*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            head, _, text = line.partition(" | ")
            code, element, tags = head.split()
            tags = [] if tags == "-" else tags.split(",")
            found.append((SENTIMENTS[code[0]], SOURCES[code[1]], ELEMENTS[element], tags, text.strip(),
                          HAND in path.name))
    return found


def realised(text, language, rng):
    values = fill(language, rng)
    # Slots first (an alternative may hold one: "{in {m1}|{dl} ago}"), then the alternatives.
    text = _SLOT.sub(lambda match: values[match.group(1)], text)
    while _CHOICE.search(text):
        text = _CHOICE.sub(lambda match: rng.choice(match.group(1).split("|")), text)
    # An empty alternative leaves a double space or a space before punctuation.
    text = re.sub(r"  +", " ", text)
    return re.sub(r" +([.,])" if language == "fr" else r" +([.,?!])", r"\1", text).strip()


def row_of(language, template, text):
    sentiment, source, element, tags, _, hand = template
    tags = [tag for tag in tags]
    keep = KEEP in tags
    if keep:
        tags.remove(KEEP)
        tags.append("request")
    if "?" in text and "question" not in tags and "request" not in tags:
        tags.append("question")
    if len(_WORD.findall(text)) <= 3 and "short" not in tags:
        tags.append("short")
    if _EMOJI.search(text) and "emoji" not in tags:
        tags.append("emoji")
    if re.search(r"\d", text) and "numbers" not in tags:
        tags.append("numbers")
    request = "request" in tags
    asks = request or "question" in tags
    loop = "action_needed" if (sentiment == "negative" or asks) and not keep else "status_quo"
    kind = "dev extension (hand-written)" if hand else "dev extension (template)"
    note = "asks to keep things as they are: no change" if keep else kind
    if keep and hand:
        note += "; " + kind
    return {"language": language, "split": "dev", "source": source, "element": element, "text": text,
            "sentiment": sentiment, "loop": loop, "request": "1" if request else "0",
            "tags": ";".join(dict.fromkeys(tags)), "note": note}


def rows_of(language, seen):
    rng = random.Random(f"dev-extension-{language}")
    rows = []
    for template in templates(language):
        text = template[4]
        if template[5]:  # hand-written: the line is the text, as written
            key = " ".join(text.split()).casefold()
            if key not in seen:
                seen.add(key)
                rows.append(row_of(language, template, text))
            continue
        wanted = VARIANTS if (_SLOT.search(text) or _CHOICE.search(text)) else 1
        added = 0
        for _ in range(wanted * 4):
            realisation = realised(text, language, rng)
            key = " ".join(realisation.split()).casefold()
            if key not in seen:
                seen.add(key)
                rows.append(row_of(language, template, realisation))
                added += 1
            if added == wanted:
                break
    return rows


def main(argv):
    with CSV.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        header, kept = reader.fieldnames, [row for row in reader if int(row["id"].rsplit("-", 1)[1]) < FIRST_ID]
    seen = {" ".join(row["text"].split()).casefold() for row in kept}
    added = []
    for language in ("en", "de", "fr", "es"):
        rows = rows_of(language, seen)
        for number, row in enumerate(rows, start=FIRST_ID):
            added.append({"id": f"{language}-{number:04d}", **row})
        print(f"{language}: {len(rows)} rows")
    if "--write" in argv:
        with CSV.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\r\n")
            writer.writeheader()
            writer.writerows(kept + added)
        print(f"{len(added)} extension rows written to {CSV}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
