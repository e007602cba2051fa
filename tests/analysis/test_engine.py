"""The engine interface: labels, evidence, truncation, languages and bad input."""

import json
import random

import pytest

from app.analysis.engines import ENGINES, analyse, linear
from app.analysis.engines.base import MAX_ANALYSED_CHARS, NONE, NOT_ANALYSED, OPINION_LABELS, TextAnalysis
from app.analysis.engines.partnerloop import ENGINE


def test_analyse_returns_a_text_analysis_naming_the_versioned_engine():
    analysis = analyse("Support answered within the hour and fixed it. Great job!", "en")
    assert isinstance(analysis, TextAnalysis)
    assert analysis.label == "positive" and 0 < analysis.score <= 1
    assert analysis.engine == ENGINE and analysis.engine.split()[-1][0].isdigit()
    assert analysis.language == "en" and analysis.truncated is False


@pytest.mark.parametrize("text", [
    "Support tickets bounce between teams, nobody owns our escalations.",
    "We waited ten days for a simple approval.",
    "Still waiting for the Q2 bonus, third email about it.",
    "Der Support antwortet seit zwei Wochen nicht, sehr enttäuschend.",
    "Toujours pas de réponse du support, c'est pénible.",
    "Llevamos tres semanas esperando la aprobación, es lamentable.",
])
def test_complaints_without_or_with_few_negative_words_are_negative(text):
    language = {"D": "de", "T": "fr", "L": "es"}.get(text[0], "en")
    assert analyse(text, language).label == "negative"


@pytest.mark.parametrize("text", ["Brilliant update, now nothing prints.", "Amazing, another week without an answer."])
def test_a_confident_positive_reading_turns_negative_when_the_linear_layer_reads_a_complaint(text):
    # The lexicon layer reads "brilliant"/"amazing" as praise (score >= 0.5); 1.2 said positive.
    analysis = analyse(text, "en")
    assert analysis.label == "negative" and analysis.score < 0
    assert analysis.evidence and all(text[e.start:e.end] == e.text for e in analysis.evidence)


def test_the_veto_never_turns_praise_with_a_request_or_a_complaint_the_other_way():
    assert analyse("Love the program. Please add SSO.", "en").label == "positive"
    assert analyse("Fantastic, the third outage this month.", "en").label == "negative"


def test_evidence_gives_the_words_offsets_and_signed_weights():
    text = "Nice people, but the portal is slow and broken."
    analysis = analyse(text, "en")
    assert analysis.label == "negative"
    words = {item.text: item.weight for item in analysis.evidence}
    assert words["broken"] < 0 and words["slow"] < 0
    for item in analysis.evidence:
        assert text[item.start:item.end] == item.text
    assert abs(analysis.evidence[0].weight) == max(abs(item.weight) for item in analysis.evidence)


def test_contrast_weighs_the_clause_after_but_more():
    before = {e.text: e.weight for e in analyse("The portal is slow but the support is great.", "en").evidence}
    plain = {e.text: e.weight for e in analyse("The support is great.", "en").evidence}
    assert before["great"] > plain["great"]


def test_texts_in_another_language_are_not_analysed():
    analysis = analyse("Il bonus del secondo trimestre non è ancora arrivato.", "it")
    assert (analysis.label, analysis.score, analysis.evidence) == (NOT_ANALYSED, None, ())


@pytest.mark.parametrize("text", ["", "   \t\n ", "<p><br></p>", "https://partners.example.com/t/1", "🤷",
                                  "\u200b\u200b", "....", None])
def test_texts_with_nothing_to_read_are_labelled_none(text):
    analysis = analyse(text, "en")
    assert (analysis.label, analysis.score) == (NONE, None)


def test_markup_and_control_characters_are_read_around():
    analysis = analyse("<div><b>Portal</b> is <i>down</i> again\x07&nbsp;</div>\x1b[0m", "en")
    assert analysis.label == "negative"
    assert {item.text for item in analysis.evidence} >= {"down", "again"}


def test_only_the_first_5000_characters_are_read_and_that_is_said():
    text = "The portal is great. " * 300 + "Terrible terrible awful. " * 4000  # ~100 KB
    analysis = analyse(text, "en")
    assert analysis.truncated is True and len(text) > 100_000
    assert analysis.label == "positive"  # the complaint starts after character 5,000
    assert all(item.end <= MAX_ANALYSED_CHARS for item in analysis.evidence)


def test_the_same_text_gets_the_same_analysis_every_time():
    text = "Approvals are faster, but payouts still take eight weeks. Please fix it."
    assert len({analyse(text, "en") for _ in range(5)}) == 1


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_no_engine_raises_on_random_hostile_text(engine):
    rng = random.Random(14)
    alphabet = ["a", "é", "ß", "\x00", "\x1b", "\u202e", "\u200b", "😡", "👍", "日本", "д", "ع", " ", "\n", "<b>",
                "&amp;", "'", "’", "-", "?", "!", "not", "great", "slow", "nicht", "pas", "no", "\ud800"]
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        language = rng.choice(["en", "de", "fr", "es", "it", "", None, "EN-gb", "xx"])
        analysis = ENGINES[engine](text, language)
        assert analysis.label in (*OPINION_LABELS, NONE, NOT_ANALYSED)


def test_mixed_scripts_and_huge_inputs_do_not_raise():
    for text in ("Support очень медленный, 返事がない, help!!", "الدعم slow جدا", "x" * 100_000,
                 "\x00" * 10_000, "👍" * 50_000):
        analyse(text, "en")


@pytest.mark.parametrize("language", ["en", "de", "fr", "es"])
def test_each_language_has_its_own_weights_without_other_languages_words(language):
    # One file per language, so retraining one language's weights cannot move another's labels.
    payload = json.loads(linear.weights_file(language).read_text(encoding="utf-8"))
    others = [other for other in ("en", "de", "fr", "es") if other != language]
    foreign = [name for name in payload["weights"] if any(f":{other}:" in name or name == f"lang:{other}"
                                                         for other in others)]
    assert payload["language"] == language and foreign == []
    assert f"lang:{language}" in payload["weights"] and "lex:score" in payload["weights"]
