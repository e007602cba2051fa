"""Staff correct the sentiment: the effective label flows into rollups, themes and re-analysis."""

from sqlalchemy import func, select

from app.analysis.engines.partnerloop import ENGINE
from app.analysis.models import FeedbackTheme
from app.analysis.services.corrections import corrections_by_engine
from app.analysis.services.reanalysis import rerun_analysis
from app.extensions import db
from app.feedback.models import FeedbackItem, LoopResponse, SentimentLabel
from app.insights.models import FeedbackProgramRollup
from app.tenancy import scoped_to
from tests.analysis.theme_helpers import make_theme, record
from tests.insights.rollup_helpers import expected_rollups, stored_rollups

PRAISE = "The new partner portal is excellent, everything is quick to find."


def _item(tenant, item_id):
    with scoped_to(tenant.id):
        return db.session.scalars(select(FeedbackItem).where(FeedbackItem.id == item_id)
                                  .execution_options(populate_existing=True)).one()


def _correct(client, item_id, value):
    return client.post(f"/feedback/{item_id}/sentiment", data={"sentiment": value})


def _negative_in_rollups(tenant):
    with scoped_to(tenant.id):
        return db.session.scalar(select(func.sum(FeedbackProgramRollup.negative)))


def test_staff_correct_the_sentiment_and_the_effective_label_follows(world, login):
    item_id = record(world.a.tenant, PRAISE, partner=world.a.partners[0])
    response = _correct(login(world.a.admin), item_id, "negative")
    assert response.status_code == 302
    item = _item(world.a.tenant, item_id)
    assert item.sentiment_override == SentimentLabel.NEGATIVE == item.sentiment_label
    assert item.loop_response == LoopResponse.ACTION_NEEDED


def test_a_correction_moves_the_item_in_the_rollups(world, login):
    item_id = record(world.a.tenant, PRAISE, partner=world.a.partners[0])
    assert not _negative_in_rollups(world.a.tenant)
    _correct(login(world.a.admin), item_id, "negative")
    assert _negative_in_rollups(world.a.tenant) == 1
    with scoped_to(world.a.tenant.id):
        assert stored_rollups() == expected_rollups()


def test_a_correction_updates_the_negative_flag_of_the_items_theme_tags(world, login):
    make_theme(world.a.tenant, "Portal", ["portal"])
    item_id = record(world.a.tenant, PRAISE)
    _correct(login(world.a.admin), item_id, "negative")
    with scoped_to(world.a.tenant.id):
        assert db.session.scalars(select(FeedbackTheme.negative)).all() == [True]


def test_back_to_automatic_restores_the_engines_label(world, login):
    item_id = record(world.a.tenant, PRAISE)
    client = login(world.a.admin)
    _correct(client, item_id, "negative")
    _correct(client, item_id, "")
    item = _item(world.a.tenant, item_id)
    assert item.sentiment_override is None and item.sentiment_label == SentimentLabel.POSITIVE


def test_a_correction_that_agrees_with_the_engine_is_not_stored(world, login):
    item_id = record(world.a.tenant, PRAISE)
    _correct(login(world.a.admin), item_id, "positive")
    assert _item(world.a.tenant, item_id).sentiment_override is None


def test_partner_users_cannot_correct_the_sentiment(world, login):
    item_id = record(world.a.tenant, PRAISE, partner=world.a.partners[0])
    response = _correct(login(world.a.partner_admins[0]), item_id, "negative")
    assert response.status_code in (403, 404)
    assert _item(world.a.tenant, item_id).sentiment_override is None


def test_a_bad_correction_value_is_refused_without_an_error_page(world, login):
    item_id = record(world.a.tenant, PRAISE)
    assert _correct(login(world.a.admin), item_id, "furious").status_code == 400


def test_corrections_are_counted_per_engine_version(world, login):
    client = login(world.a.admin)
    first = record(world.a.tenant, PRAISE)
    record(world.a.tenant, "Payouts arrive on time.")
    _correct(client, first, "neutral")
    with scoped_to(world.a.tenant.id):
        db.session.execute(FeedbackItem.__table__.update().where(FeedbackItem.id != first)
                           .values(analysed_by="older-engine 0.9"))
        db.session.commit()
        rows = {engine: (analysed, corrected) for engine, analysed, corrected in corrections_by_engine()}
    engine = _item(world.a.tenant, first).analysed_by
    assert rows == {engine: (1, 1), "older-engine 0.9": (1, 0)}


def test_reanalysis_keeps_the_correction_and_records_the_engine(world, login):
    item_id = record(world.a.tenant, PRAISE)
    _correct(login(world.a.admin), item_id, "negative")
    with scoped_to(world.a.tenant.id):
        db.session.execute(FeedbackItem.__table__.update().values(analysed_by=None, detected_language=None))
        db.session.commit()
    result = rerun_analysis([world.a.tenant.id])
    item = _item(world.a.tenant, item_id)
    assert result.changed == 1
    assert item.sentiment_label == SentimentLabel.NEGATIVE and item.analysed_by.startswith("partnerloop")
    assert item.detected_language == "en"
    assert rerun_analysis([world.a.tenant.id]).changed == 0  # a second run changes nothing


def test_the_corrections_command_prints_the_counts_per_engine(world, login, app):
    item_id = record(world.a.tenant, PRAISE)
    _correct(login(world.a.admin), item_id, "negative")
    result = app.test_cli_runner().invoke(args=["analysis", "corrections", "--tenant", "vendor-a"])
    assert result.exit_code == 0, result.output
    assert f"{ENGINE}: 1 item(s) with text, 1 corrected (100.0%)" in result.output
    assert app.test_cli_runner().invoke(args=["analysis", "corrections", "--tenant", "nobody"]).exit_code != 0


def test_the_themes_page_counts_sentiment_corrections_per_engine(world, login):
    corrected = record(world.a.tenant, PRAISE)
    record(world.a.tenant, "Payouts are late again, very annoying.")
    record(world.b.tenant, PRAISE)
    client = login(world.a.admin)
    _correct(client, corrected, "negative")
    page = client.get("/settings/themes/").get_data(as_text=True)
    section = page[page.index('id="corrections-title"'):]
    assert ENGINE in section
    # Two items of tenant a (tenant b's item is not counted), one of them corrected.
    assert '<td class="text-end">2</td>' in section and '<td class="text-end">1</td>' in section
    assert "50.0%" in section
