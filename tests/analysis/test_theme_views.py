"""The Themes page, themes on the feedback pages and on the program view, for each role."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.analysis.models import Theme
from app.core.models import utcnow
from app.extensions import db
from app.tenancy import scoped_to
from tests.analysis.theme_helpers import make_theme, record, tags

RECENT = utcnow() - timedelta(days=3)


@pytest.fixture
def themed(world):
    make_theme(world.a.tenant, "Speed", ["slow"])
    world.b_theme = make_theme(world.b.tenant, "B secret theme", ["slow"])
    return world


def _theme_id(tenant, name):
    with scoped_to(tenant.id):
        return db.session.scalars(select(Theme.id).where(Theme.name == name)).one()


@pytest.mark.parametrize("role", ["admin", "manager"])
def test_staff_see_the_themes_page_with_counts(themed, login, role):
    record(themed.a.tenant, "slow slow", given_at=RECENT)
    page = login(getattr(themed.a, role)).get("/settings/themes/")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Speed" in html and "slow" in html and "B secret theme" not in html
    assert f'href="/feedback/?theme_id={_theme_id(themed.a.tenant, "Speed")}"' in html


@pytest.mark.parametrize("role", ["partner_admins", "partner_members"])
def test_partner_users_cannot_reach_theme_management(themed, login, role):
    client = login(getattr(themed.a, role)[0])
    theme_id = _theme_id(themed.a.tenant, "Speed")
    assert client.get("/settings/themes/").status_code == 404
    assert client.get(f"/settings/themes/{theme_id}").status_code == 404
    assert client.post("/settings/themes/", data={"name": "X", "keywords": "x"}).status_code == 404
    assert client.post(f"/settings/themes/{theme_id}/delete").status_code == 404
    assert _theme_id(themed.a.tenant, "Speed") == theme_id


def test_an_empty_themes_page_explains_what_themes_are(world, login):
    html = login(world.a.admin).get("/settings/themes/").get_data(as_text=True)
    assert "No themes yet" in html


def test_adding_a_theme_tags_existing_feedback_and_says_how_much(themed, login):
    item_id = record(themed.a.tenant, "The portal search is broken")
    client = login(themed.a.manager)
    response = client.post("/settings/themes/", data={"name": "Portal", "keywords": "portal, search"},
                           follow_redirects=True)
    assert "Saved “Portal”. Its keywords match 1 feedback item." in response.get_data(as_text=True)
    assert tags(themed.a.tenant, item_id) == {"Portal": "auto"}


def test_bad_theme_input_is_shown_on_the_form(themed, login):
    client = login(themed.a.admin)
    response = client.post("/settings/themes/", data={"name": "speed", "keywords": "x"})
    assert response.status_code == 422 and "exists already" in response.get_data(as_text=True)
    response = client.post("/settings/themes/", data={"name": "Other", "keywords": "?!"})
    assert response.status_code == 422 and "has no letters or digits" in response.get_data(as_text=True)


def test_editing_a_theme_changes_its_keywords_and_retags(themed, login):
    slow, late = record(themed.a.tenant, "slow"), record(themed.a.tenant, "late again")
    theme_id = _theme_id(themed.a.tenant, "Speed")
    client = login(themed.a.manager)
    form = client.get(f"/settings/themes/{theme_id}").get_data(as_text=True)
    assert "slow</textarea>" in form
    response = client.post(f"/settings/themes/{theme_id}", data={"name": "Speed", "keywords": "late"})
    assert response.status_code == 302
    assert (tags(themed.a.tenant, slow), tags(themed.a.tenant, late)) == ({}, {"Speed": "auto"})


def test_deleting_a_theme(themed, login):
    theme_id = _theme_id(themed.a.tenant, "Speed")
    assert login(themed.a.admin).post(f"/settings/themes/{theme_id}/delete").status_code == 302
    with scoped_to(themed.a.tenant.id):
        assert db.session.scalars(select(Theme)).all() == []


def test_other_tenants_themes_are_not_found(themed, login):
    client = login(themed.a.admin)
    assert client.get(f"/settings/themes/{themed.b_theme}").status_code == 404
    assert client.post(f"/settings/themes/{themed.b_theme}/delete").status_code == 404
    item_id = record(themed.a.tenant, "fine")
    client.post(f"/feedback/{item_id}/themes", data={"theme_id": themed.b_theme})
    assert client.post(f"/feedback/{item_id}/themes/{themed.b_theme}/remove").status_code == 404
    assert tags(themed.a.tenant, item_id, include_suppressed=True) == {}


def test_staff_add_and_remove_themes_on_a_feedback_item(themed, login):
    item_id = record(themed.a.tenant, "slow", partner=themed.a.partners[0])
    theme_id = _theme_id(themed.a.tenant, "Speed")
    client = login(themed.a.manager)
    html = client.get(f"/feedback/{item_id}").get_data(as_text=True)
    assert "Speed" in html and "by keyword" in html
    response = client.post(f"/feedback/{item_id}/themes/{theme_id}/remove", follow_redirects=True)
    assert "re-analysis will not add it back" in response.get_data(as_text=True)
    assert tags(themed.a.tenant, item_id) == {}
    response = client.post(f"/feedback/{item_id}/themes", data={"theme_id": theme_id}, follow_redirects=True)
    assert "added by staff" in response.get_data(as_text=True)
    assert tags(themed.a.tenant, item_id) == {"Speed": "manual"}


def test_partner_users_see_no_themes_and_cannot_change_them(themed, login):
    item_id = record(themed.a.tenant, "slow", partner=themed.a.partners[0])
    theme_id = _theme_id(themed.a.tenant, "Speed")
    client = login(themed.a.partner_admins[0])
    html = client.get(f"/feedback/{item_id}").get_data(as_text=True)
    assert "slow" in html and "Speed" not in html
    assert client.post(f"/feedback/{item_id}/themes/{theme_id}/remove").status_code == 404
    assert client.post(f"/feedback/{item_id}/themes", data={"theme_id": theme_id}).status_code == 404
    assert "Speed" not in client.get("/feedback/").get_data(as_text=True)
    assert tags(themed.a.tenant, item_id) == {"Speed": "auto"}


def test_the_feedback_list_filters_by_theme_and_shows_theme_badges(themed, login):
    record(themed.a.tenant, "Approvals are slow")
    record(themed.a.tenant, "Everything is fine")
    client = login(themed.a.admin)
    html = client.get(f"/feedback/?theme_id={_theme_id(themed.a.tenant, 'Speed')}").get_data(as_text=True)
    assert "Approvals are slow" in html and "Everything is fine" not in html
    assert '<span class="badge text-bg-light border me-1">Speed</span>' in html


def test_the_program_view_shows_themes_and_frequent_negative_terms(themed, login):
    record(themed.a.tenant, "Terrible, slow approvals", given_at=RECENT)
    record(themed.a.tenant, "Great and quick", given_at=RECENT)
    html = login(themed.a.manager).get("/insights/").get_data(as_text=True)
    assert 'id="themes-title"' in html and "Speed" in html and "100%" in html
    assert "Frequent terms in negative feedback" in html
    assert '<a href="/feedback/?q=approvals">approvals</a>' in html
    assert "B secret theme" not in html


def test_the_program_view_without_themes_points_to_the_settings(world, login):
    record(world.a.tenant, "Terrible", given_at=RECENT)
    html = login(world.a.admin).get("/insights/").get_data(as_text=True)
    assert "No themes yet — define themes in Settings" in html


def test_partner_users_program_view_has_terms_of_their_own_feedback_but_no_themes(themed, login):
    a1, a2 = themed.a.partners
    record(themed.a.tenant, "Terrible slow approvals", partner=a1, given_at=RECENT)
    record(themed.a.tenant, "Horrible invoices, awful", partner=a2, given_at=RECENT)
    html = login(themed.a.partner_admins[0]).get("/insights/").get_data(as_text=True)
    assert 'id="themes-title"' not in html
    assert "approvals" in html and "invoices" not in html

