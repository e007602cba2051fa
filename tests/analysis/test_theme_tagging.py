"""Automatic tags on every write path, manual tags, and what re-analysis keeps."""

import pytest
from sqlalchemy import select, update

from app.analysis.models import FeedbackTheme, Theme
from app.analysis.services import themes as theme_service
from app.analysis.services.reanalysis import rerun_analysis
from app.extensions import db
from app.feedback.models import FeedbackItem, LoopResponse, SentimentLabel
from app.jobs.models import JobState
from app.tenancy import scoped_to
from tests.analysis.theme_helpers import make_theme, record, stale_copies, tags
from tests.api_support import bearer, make_token
from tests.imports.test_flow import run, upload, uploaded_batch_id

TAG = "analysis.tag_theme"


@pytest.fixture
def themed(world):
    """Tenant A with two themes; tenant B with a theme using the same keyword."""
    make_theme(world.a.tenant, "Speed", ["slow", "too long"])
    make_theme(world.a.tenant, "Portal", ["portal"])
    make_theme(world.b.tenant, "B speed", ["slow"])
    return world


def _item(tenant, item_id):
    with scoped_to(tenant.id):
        return db.session.scalars(select(FeedbackItem).where(FeedbackItem.id == item_id)).one()


def _theme(tenant, name):
    with scoped_to(tenant.id):
        return db.session.scalars(select(Theme).where(Theme.name == name)).one()


def test_recording_an_item_tags_it_with_the_themes_its_text_matches(themed):
    item_id = record(themed.a.tenant, "The portal is slow and approvals take too long")
    assert tags(themed.a.tenant, item_id) == {"Speed": "auto", "Portal": "auto"}
    assert tags(themed.a.tenant, record(themed.a.tenant, "Slowly getting better")) == {}


def test_tags_use_only_the_items_own_tenants_themes(themed):
    item_id = record(themed.b.tenant, "slow")
    assert tags(themed.b.tenant, item_id) == {"B speed": "auto"}
    with scoped_to(themed.a.tenant.id):
        assert db.session.scalars(select(FeedbackTheme)).all() == []


def test_partner_users_feedback_through_the_portal_is_tagged(themed, login):
    client = login(themed.a.partner_admins[0])
    response = client.post("/feedback/new", data={"text": "Portal search is slow"})
    assert response.status_code == 302
    item_id = int(response.headers["Location"].rsplit("/", 1)[1])
    assert tags(themed.a.tenant, item_id) == {"Speed": "auto", "Portal": "auto"}


def test_api_feedback_is_tagged(themed, client):
    token = make_token(themed.a.tenant)
    response = client.post("/api/v1/feedback", json={"source": "customer", "text": "Too long a wait"},
                           headers=bearer(token))
    assert response.status_code == 201
    assert tags(themed.a.tenant, response.json["id"]) == {"Speed": "auto"}


def test_imported_rows_are_tagged_and_a_reimport_adds_nothing(themed, login):
    staff = login(themed.a.manager)
    csv_text = ("Ticket ID,Comment\n" "T-1,The portal is slow\n" "T-2,Great support\n" "T-3,Portal rocks\n")
    batch_id = uploaded_batch_id(upload(staff, csv_text))
    assert run(staff, batch_id).status_code == 302
    with scoped_to(themed.a.tenant.id):
        by_text = {i.text: i.id for i in db.session.scalars(select(FeedbackItem))}
    assert tags(themed.a.tenant, by_text["The portal is slow"]) == {"Speed": "auto", "Portal": "auto"}
    assert tags(themed.a.tenant, by_text["Great support"]) == {}
    assert tags(themed.a.tenant, by_text["Portal rocks"]) == {"Portal": "auto"}
    assert stale_copies(themed.a.tenant) == []
    run(staff, uploaded_batch_id(upload(staff, csv_text)))
    with scoped_to(themed.a.tenant.id):
        assert len(db.session.scalars(select(FeedbackTheme)).all()) == 3


def test_manual_tags_and_removed_tags_survive_reanalysis(themed):
    tenant = themed.a.tenant
    item_id = record(tenant, "The portal is slow")
    with scoped_to(tenant.id):
        item = _item(tenant, item_id)
        theme_service.remove_theme(item, _theme(tenant, "Speed"))  # auto -> suppressed
        other = Theme(name="Pricing", keywords=["price"])
        db.session.add(other)
        db.session.flush()
        theme_service.add_manual_theme(item, other)
        db.session.commit()
    assert tags(tenant, item_id, include_suppressed=True) == {"Speed": "suppressed", "Portal": "auto",
                                                              "Pricing": "manual"}
    assert stale_copies(tenant) == []
    rerun_analysis([tenant.id])
    assert tags(tenant, item_id, include_suppressed=True) == {"Speed": "suppressed", "Portal": "auto",
                                                              "Pricing": "manual"}


def test_adding_a_removed_automatic_tag_by_hand_makes_it_manual(themed):
    tenant = themed.a.tenant
    item_id = record(tenant, "slow")
    with scoped_to(tenant.id):
        item, speed = _item(tenant, item_id), _theme(tenant, "Speed")
        theme_service.remove_theme(item, speed)
        theme_service.add_manual_theme(item, speed)
        db.session.commit()
    assert tags(tenant, item_id) == {"Speed": "manual"}


def test_removing_a_manual_tag_deletes_it(themed):
    tenant = themed.a.tenant
    item_id = record(tenant, "no keywords here")
    with scoped_to(tenant.id):
        item, portal = _item(tenant, item_id), _theme(tenant, "Portal")
        theme_service.add_manual_theme(item, portal)
        theme_service.remove_theme(item, portal)
        db.session.commit()
    assert tags(tenant, item_id, include_suppressed=True) == {}


def test_reanalysis_follows_changed_text_and_keeps_the_loop_override(themed):
    tenant = themed.a.tenant
    changed = record(tenant, "The portal is great", nps=None)
    overridden = record(tenant, "Wonderful, thank you")
    with scoped_to(tenant.id):
        # The text changes behind the analysis' back (e.g. a data fix in the database).
        db.session.execute(update(FeedbackItem).where(FeedbackItem.id == changed)
                           .values(text="Terrible: everything is slow and broken"))
        _item(tenant, overridden).loop_response_override = LoopResponse.ACTION_NEEDED
        db.session.commit()
    result = rerun_analysis([tenant.id], batch_size=1)
    assert (result.items, result.changed) == (2, 1)
    item = _item(tenant, changed)
    assert item.sentiment_label == SentimentLabel.NEGATIVE and item.loop_response == LoopResponse.ACTION_NEEDED
    assert tags(tenant, changed) == {"Speed": "auto"}  # "portal" is gone from the text, "slow" came
    assert stale_copies(tenant) == []
    kept = _item(tenant, overridden)
    assert kept.loop_response_override == LoopResponse.ACTION_NEEDED
    assert kept.loop_response == LoopResponse.STATUS_QUO
    assert rerun_analysis([tenant.id]).changed == 0  # idempotent


def _result(job):
    db.session.refresh(job)
    return job.kind, job.state, job.result


def test_a_new_theme_tags_existing_items_and_a_changed_one_retags_them(themed):
    # Saving asks for the analysis.tag_theme job, which the tests run at the commit.
    tenant = themed.a.tenant
    ids = [record(tenant, text) for text in ("MDF payouts are late", "mdf!", "MDFs", "Payout 50% late")]
    with scoped_to(tenant.id):
        theme, job = theme_service.create_theme("Funding", "mdf")
        db.session.commit()
        assert _result(job) == (TAG, JobState.DONE, "Its keywords match 2 feedback items.")
    assert [bool(tags(tenant, i).get("Funding")) for i in ids] == [True, True, False, False]
    with scoped_to(tenant.id):
        theme = _theme(tenant, "Funding")
        theme_service.add_manual_theme(_item(tenant, ids[2]), theme)
        job = theme_service.update_theme(theme, "Funding", "payout")
        db.session.commit()
        assert _result(job) == (TAG, JobState.DONE, "Its keywords match 1 feedback item.")  # "Payout 50% late"
    assert [tags(tenant, i).get("Funding") for i in ids] == [None, None, "manual", "auto"]
    with scoped_to(tenant.id):
        theme = _theme(tenant, "Funding")
        assert theme_service.update_theme(theme, "Funding (renamed)", "payout") is None  # keywords unchanged
        job = theme_service.update_theme(theme, "Funding", "payouts\n50%")
        db.session.commit()
        assert _result(job)[2] == "Its keywords match 2 feedback items."
    assert [tags(tenant, i).get("Funding") for i in ids] == ["auto", None, "manual", "auto"]
    assert stale_copies(tenant) == []


def test_deleting_a_theme_removes_its_tags(themed):
    tenant = themed.a.tenant
    item_id = record(tenant, "slow portal")
    with scoped_to(tenant.id):
        theme_service.delete_theme(_theme(tenant, "Speed"))
        db.session.commit()
    assert tags(tenant, item_id) == {"Portal": "auto"}


def test_theme_names_are_unique_per_tenant_ignoring_case(themed):
    with scoped_to(themed.a.tenant.id), pytest.raises(Exception, match="exists already"):
        theme_service.create_theme("speed", "")
    with scoped_to(themed.b.tenant.id):
        theme_service.create_theme("Speed", "")  # another tenant may use the name
        db.session.commit()


def test_the_cli_reruns_one_tenant_and_reports_items_per_second(themed, app):
    tenant = themed.a.tenant
    item_id = record(tenant, "All good here")
    with scoped_to(tenant.id):
        db.session.execute(update(FeedbackItem).where(FeedbackItem.id == item_id).values(text="The portal is slow"))
        db.session.commit()
    other = record(themed.b.tenant, "fine")
    with scoped_to(themed.b.tenant.id):
        db.session.execute(update(FeedbackItem).where(FeedbackItem.id == other).values(text="slow"))
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["analysis", "rerun", "--tenant", "vendor-a", "--batch-size", "50"])
    assert result.exit_code == 0, result.output
    assert "Re-analysed 1 items of 1 tenant(s)" in result.output and "items/s" in result.output
    assert tags(tenant, item_id) == {"Speed": "auto", "Portal": "auto"}
    assert tags(themed.b.tenant, other) == {}  # not this tenant
    everything = app.test_cli_runner().invoke(args=["analysis", "rerun"])
    assert everything.exit_code == 0 and "of 2 tenant(s)" in everything.output
    assert tags(themed.b.tenant, other) == {"B speed": "auto"}


def test_the_cli_refuses_an_unknown_tenant(app):
    result = app.test_cli_runner().invoke(args=["analysis", "rerun", "--tenant", "nobody"])
    assert result.exit_code != 0 and "No tenant 'nobody'" in result.output

