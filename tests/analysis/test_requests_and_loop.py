"""Loop response: low scores, negative text and requests need action, even from promoters."""

import pytest

from app.analysis.engines import analyse
from app.analysis.services.labels import analysed_values, loop_response_of
from app.feedback.models import LoopResponse, SentimentLabel

ACTION, STATUS_QUO = LoopResponse.ACTION_NEEDED, LoopResponse.STATUS_QUO


@pytest.mark.parametrize("text, language", [
    ("Love the program. Please add SSO.", "en"),
    ("Works great, it would help if payouts were weekly.", "en"),
    ("Great tool. Any chance of a Linux version?", "en"),
    ("Tolles Programm. Bitte eine Schnittstelle zu DATEV ergänzen.", "de"),
    ("Läuft stabil. Schön wäre noch eine Exportfunktion.", "de"),
    ("Très bon programme. Pourriez-vous ajouter l'export en CSV ?", "fr"),
    ("Il faudrait pouvoir saisir le numéro de commande.", "fr"),
    ("Muy buen programa. Por favor, añadan la factura electrónica.", "es"),
    ("Sería útil tener los pagos cada semana.", "es"),
])
def test_requests_and_suggestions_are_found_in_each_language(text, language):
    assert analyse(text, language).requests_change is True


@pytest.mark.parametrize("text", ["Rebate arrived on the exact day it was promised.", "Great program, keep it up!",
                                  "Please keep the quarterly partner calls, they help a lot."])
def test_praise_and_requests_to_keep_things_are_not_requests(text):
    assert analyse(text, "en").requests_change is False


def test_a_promoter_with_a_complaint_needs_action():
    values = analysed_values("Love the program, but MDF payouts take 8 weeks and nobody tells us why.", "en", nps=10)
    assert values["loop_response"] == ACTION


def test_a_promoter_with_a_request_needs_action():
    values = analysed_values("Love the program. Please add SSO.", "en", nps=9)
    assert values["sentiment_label"] == SentimentLabel.POSITIVE
    assert values["loop_response"] == ACTION


def test_a_promoter_with_plain_praise_is_status_quo():
    assert analysed_values("Fantastic support, thank you!", "en", nps=10)["loop_response"] == STATUS_QUO


def test_a_low_score_needs_action_whatever_the_text_says():
    assert loop_response_of(nps=3, sentiment_label=SentimentLabel.POSITIVE) == ACTION
    assert loop_response_of(csat=2) == ACTION and loop_response_of(rating=1) == ACTION


def test_negative_text_needs_action_without_scores():
    assert loop_response_of(sentiment_label=SentimentLabel.NEGATIVE) == ACTION


def test_neither_scores_nor_readable_text_leaves_the_loop_response_unknown():
    assert loop_response_of() is None
    assert analysed_values("", "en")["loop_response"] is None


def test_an_unsupported_language_with_a_good_score_is_status_quo_and_not_analysed():
    values = analysed_values("Il corso è stato molto utile per tutto il nostro team tecnico, grazie mille.", "it",
                             nps=9)
    assert values["sentiment_label"] is None and values["detected_language"] == "other"
    assert values["loop_response"] == STATUS_QUO
