"""The bulk data generator (`flask demo generate`) on SQLite and PostgreSQL."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.analysis.services.labels import ENGINE, analysed_values
from app.core.models import utcnow
from app.demo.services.generate import generate
from app.extensions import db
from app.feedback.models import FeedbackItem, SentimentLabel, Source
from app.partners.models import Partner
from app.tenancy import scoped_to

pytestmark = pytest.mark.slow  # bulk-generates a tenant's data

PARTNERS, ITEMS = 20, 2_000


@pytest.fixture
def generated(world):
    generate(world.a.tenant, partners=PARTNERS, feedback=ITEMS, seed=7)
    return world


def _count(tenant, *conditions, column=FeedbackItem.id):
    with scoped_to(tenant.id):
        return db.session.scalar(select(func.count(column)).where(*conditions))


def test_generate_adds_the_requested_partners_and_items(generated):
    with scoped_to(generated.a.tenant.id):
        partners = db.session.scalar(select(func.count(Partner.id)))
    assert partners == PARTNERS + len(generated.a.partners)
    assert _count(generated.a.tenant) == ITEMS


def test_generated_items_stay_in_their_tenant(generated):
    assert _count(generated.b.tenant) == 0


def test_generated_items_belong_to_generated_partners_over_twelve_months(generated):
    world_partner_ids = [p.id for p in generated.a.partners]
    assert _count(generated.a.tenant, FeedbackItem.partner_id.is_(None)) == 0
    assert _count(generated.a.tenant, FeedbackItem.partner_id.in_(world_partner_ids)) == 0
    year_ago = utcnow() - timedelta(days=366)
    assert _count(generated.a.tenant, FeedbackItem.given_at < year_ago) == 0
    assert _count(generated.a.tenant, FeedbackItem.given_at < utcnow() - timedelta(days=270)) > 0


def test_generated_items_mix_sources_and_scores(generated):
    for source in Source:
        assert _count(generated.a.tenant, FeedbackItem.source == source) > 0
    nps_answers = _count(generated.a.tenant, column=FeedbackItem.nps)
    assert 0.3 * ITEMS < nps_answers < 0.6 * ITEMS
    assert _count(generated.a.tenant, FeedbackItem.nps <= 6) > 0
    assert _count(generated.a.tenant, FeedbackItem.nps >= 9) > 0


def test_generated_items_are_analysed_as_real_ones_are(generated):
    # Language, score, label, loop response (requests included) and the engine, as
    # record_feedback's analysis would have stored them for the same text and scores.
    columns = ("detected_language", "sentiment_score", "sentiment_label", "loop_response", "analysed_by")
    with scoped_to(generated.a.tenant.id):
        sample = db.session.scalars(select(FeedbackItem).order_by(FeedbackItem.id).limit(50)).all()
    assert {item.sentiment_label for item in sample} <= set(SentimentLabel)
    for item in sample:
        expected = analysed_values(item.text, item.language, item.nps, item.csat, item.rating)
        assert tuple(getattr(item, name) for name in columns) == tuple(expected[name] for name in columns)
    assert {item.analysed_by for item in sample} == {ENGINE}
    assert all(item.loop_response is not None and item.dedupe_key is None for item in sample)


def test_program_view_renders_generated_data(generated, login):
    client = login(generated.a.admin)
    response = client.get("/insights/")
    assert response.status_code == 200
    assert f"{ITEMS:,}".encode() in response.data or str(ITEMS).encode() in response.data


def test_cli_generate_reports_rows_per_second(world, app):
    result = app.test_cli_runner().invoke(
        args=["demo", "generate", "--tenant", world.a.tenant.slug, "--partners", "3", "--feedback", "300"]
    )
    assert result.exit_code == 0, result.output
    assert "300 feedback items" in result.output and "rows/s" in result.output
    assert _count(world.a.tenant) == 300


def test_cli_generate_refuses_an_unknown_tenant(app):
    result = app.test_cli_runner().invoke(args=["demo", "generate", "--tenant", "nobody", "--feedback", "1"])
    assert result.exit_code != 0
    assert "No tenant 'nobody'" in result.output
