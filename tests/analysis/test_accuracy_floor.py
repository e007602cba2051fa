"""A fast floor on the engine's accuracy: 100 fixed texts of the labelled set's test split
(25 each of en, de, fr, es). The full evaluation is bench/analysis.py, never run by `make test`."""

import pytest

from app.analysis.engines import analyse
from bench.analysis import group_of, load_rows

# Measured on this sample when partnerloop-linear 1.1 was frozen: accuracy 0.76, complaint
# recall 0.76 (1.0 had 0.50 and 0.43). 1.2 gives 0.72 and 0.70 here (84 of the 100 are
# complaints, 25 German: the languages and class where it lost a few texts) while the whole
# test split rose (all languages 0.72 -> 0.76, see docs/text-analysis.md); the floors stayed.
# 1.3 gives 0.76 and 0.76 (64 of the 84 complaints); the floors rise to two texts below that.
# 1.4 gives 0.75 and 0.74 (62 of 84) while the whole test split rose (0.775 -> 0.781); the floors stay.
# 1.8 (1.4's English and French weights, 1.7's German and Spanish) gives 0.76 and 0.75 (63 of 84); the
# floors stay. (1.7, whose joint training moved English labels too, gave 0.74 and 0.73: 61 of 84.)
# A drop below these floors is a regression.
FLOOR = {"all": 0.74, "negative_recall": 0.73}


@pytest.fixture(scope="module")
def sample():
    rows = [row for row in load_rows() if row["split"] == "test"]
    return [row for language in ("en", "de", "fr", "es")
            for row in [row for row in rows if group_of(row) == language][:25]]


def test_the_sample_is_100_fixed_texts(sample):
    assert len(sample) == 100 and len({row["id"] for row in sample}) == 100


def test_accuracy_on_the_sample_stays_above_the_floor(sample):
    labels = [(row["sentiment"], analyse(row["text"], row["language"]).label) for row in sample]
    accuracy = sum(gold == label for gold, label in labels) / len(labels)
    negatives = [label for gold, label in labels if gold == "negative"]
    assert accuracy >= FLOOR["all"]
    assert negatives.count("negative") / len(negatives) >= FLOOR["negative_recall"]
