"""Score ranges and formats are defined once (app/feedback/constants.py) and read everywhere."""

import pytest

from app.feedback.constants import SCORE_RANGES, score_label
from app.feedback.models import FeedbackItem
from app.imports.services.rows import FIELDS
from app.surveys.models import QuestionKind


@pytest.mark.parametrize("name", sorted(SCORE_RANGES))
def test_survey_question_scale_is_the_items_score_range(name):
    assert QuestionKind(name).scale == SCORE_RANGES[name]


@pytest.mark.parametrize("name", sorted(SCORE_RANGES))
def test_database_check_constraint_uses_the_score_range(name):
    low, high = SCORE_RANGES[name]
    [check] = [c for c in FeedbackItem.__table__.constraints if str(c.name).endswith(f"{name}_range")]
    assert str(check.sqltext) == f"{name} IS NULL OR ({name} >= {low} AND {name} <= {high})"


def test_import_labels_show_the_score_ranges():
    labels = {field.name: field.label for field in FIELDS}
    assert all(labels[name] == score_label(name) for name in SCORE_RANGES)
    assert labels["nps"] == "NPS (0-10)"
