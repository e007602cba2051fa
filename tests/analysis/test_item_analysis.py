"""Items: language, "analysed by", evidence on the page, the language filter, the demo's complaints."""

import csv
import io

import pytest
from sqlalchemy import select

from app.analysis.services.labels import item_analysis
from app.demo.content import CUSTOMER_TEXTS, DEMO_CSV, SAMPLES
from app.extensions import db
from app.feedback.models import FeedbackItem, SentimentLabel
from app.tenancy import scoped_to
from tests.analysis.theme_helpers import record

DEMO_COMPLAINTS = ([text for _, text, nps, _ in SAMPLES if nps <= 6] + [text for text, nps, _ in CUSTOMER_TEXTS
                                                                      if nps <= 6]
                   + [row["text"] for row in csv.DictReader(io.StringIO(DEMO_CSV)) if int(row["csat"]) <= 2])


def _item(tenant, item_id):
    with scoped_to(tenant.id):
        return db.session.scalars(select(FeedbackItem).where(FeedbackItem.id == item_id)).one()


@pytest.mark.parametrize("text", DEMO_COMPLAINTS)
def test_the_demos_complaints_are_labelled_negative(text):
    assert item_analysis(text, "en")[1].label == "negative"


def test_recorded_items_store_the_detected_language_and_the_engine(world):
    item_id = record(world.a.tenant, "Die Auszahlung für das zweite Quartal ist immer noch nicht da.", language="en")
    item = _item(world.a.tenant, item_id)
    assert (item.language, item.detected_language) == ("en", "de")
    assert item.sentiment_label == SentimentLabel.NEGATIVE and item.analysed_by.startswith("partnerloop-")


def test_an_unsupported_language_gets_no_label(world):
    item_id = record(world.a.tenant, "Il bonus del secondo trimestre non è ancora arrivato e nessuno ci ha risposto.")
    item = _item(world.a.tenant, item_id)
    assert (item.detected_language, item.sentiment_label, item.sentiment_score) == ("other", None, None)


def test_the_item_page_shows_the_evidence_the_language_and_the_engine(world, login):
    item_id = record(world.a.tenant, "Support tickets bounce between teams, nobody owns our escalations.")
    page = login(world.a.admin).get(f"/feedback/{item_id}").get_data(as_text=True)
    assert '<mark class="evidence evidence-negative"' in page and ">nobody<" in page
    assert "negative evidence" in page  # said in words too, not by colour alone
    assert "Analysed by" in page and "partnerloop-" in page and "English" in page


def test_the_item_page_says_not_analysed_for_another_language(world, login):
    item_id = record(world.a.tenant, "Il bonus del secondo trimestre non è ancora arrivato e nessuno ci ha risposto.")
    page = login(world.a.admin).get(f"/feedback/{item_id}").get_data(as_text=True)
    assert "Not analysed (language not supported)" in page


def test_the_feedback_list_filters_by_detected_language(world, login):
    record(world.a.tenant, "Le versement du bonus n'est toujours pas arrivé, c'est pénible.")
    record(world.a.tenant, "The bonus payment still has not arrived, which is frustrating.")
    page = login(world.a.admin).get("/feedback/?detected_language=fr").get_data(as_text=True)
    assert "toujours pas arrivé" in page and "still has not arrived" not in page


def test_a_bad_language_filter_value_does_not_fail(world, login):
    response = login(world.a.admin).get("/feedback/?detected_language=%00xx")
    assert response.status_code < 500


def test_an_anonymous_answers_language_is_not_listed_individually(world, login):
    record(world.a.tenant, "Le support est très lent et personne ne répond.", anonymous=True)
    page = login(world.a.admin).get("/feedback/?detected_language=fr").get_data(as_text=True)
    assert "personne ne répond" not in page


def test_the_program_view_counts_items_not_analysed_apart_from_the_mix(world, login):
    from app.core.models import utcnow

    record(world.a.tenant, "Il bonus del secondo trimestre non è ancora arrivato e nessuno ci ha risposto.",
           given_at=utcnow())
    record(world.a.tenant, "The bonus payment still has not arrived.", given_at=utcnow())
    page = login(world.a.admin).get("/insights/").get_data(as_text=True)
    assert "Not in the mix: 1 item in languages the analysis does not support" in page
