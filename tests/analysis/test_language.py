"""Language detection: four languages, short texts take the declared one, others are "other"."""

import pytest

from app.analysis.engines.language import OTHER, detect_language


@pytest.mark.parametrize("text, expected", [
    ("Support tickets bounce between teams and nobody owns our escalations.", "en"),
    ("Die Auszahlung der Prämie für das zweite Quartal ist immer noch nicht da.", "de"),
    ("Le versement du bonus du deuxième trimestre n'est toujours pas arrivé.", "fr"),
    ("El pago del bono del segundo trimestre todavía no ha llegado.", "es"),
])
def test_each_supported_language_is_detected(text, expected):
    assert detect_language(text, "en" if expected != "en" else "de") == expected


@pytest.mark.parametrize("text", ["ok", "n/a", "bien", "Passt.", "👍", ""])
def test_texts_too_short_to_tell_take_the_declared_language(text):
    assert detect_language(text, "fr") == "fr"
    assert detect_language(text, "es-MX") == "es"


@pytest.mark.parametrize("text", [
    "Il bonus del secondo trimestre non è ancora arrivato e nessuno ci ha detto nulla.",
    "We wachten nog steeds op de uitbetaling van de rebate over het eerste kwartaal.",
    "第二季度的返利到现在还没有到账。",
    "サポートの方がとても丁寧に対応してくれました。",
])
def test_other_languages_are_other_even_when_declared_english(text):
    assert detect_language(text, "en") == OTHER


def test_a_declared_unsupported_language_stays_for_a_short_text():
    assert detect_language("Grazie!", "it") == "it"
