"""The Themes page's own actions (#15, 15): deleting a theme asks first, and re-applying
the keywords to all feedback is a button, not a command to run on the server."""

from sqlalchemy import delete, select

from app.analysis.models import FeedbackTheme, Theme
from app.extensions import db
from app.tenancy import scoped_to
from tests.analysis.theme_helpers import make_theme, record, tags


def _themes(tenant):
    with scoped_to(tenant.id):
        return db.session.scalars(select(Theme.name)).all()


def test_delete_asks_first_naming_the_theme_and_what_it_tags(world, login):
    theme_id = make_theme(world.a.tenant, "Speed", ["slow"])
    record(world.a.tenant, "slow payouts")
    client = login(world.a.manager)
    index = client.get("/settings/themes/").get_data(as_text=True)
    assert f'action="/settings/themes/{theme_id}/delete"' not in index  # no one-click delete
    assert f'href="/settings/themes/{theme_id}/delete"' in index
    confirm = client.get(f"/settings/themes/{theme_id}/delete")
    page = confirm.get_data(as_text=True)
    assert confirm.status_code == 200
    assert "Delete the theme “Speed”?" in page and "1 feedback item loses this tag" in page
    assert _themes(world.a.tenant) == ["Speed"]
    assert client.post(f"/settings/themes/{theme_id}/delete").status_code == 302
    assert _themes(world.a.tenant) == []


def test_the_delete_question_is_staff_only_and_per_tenant(world, login):
    theme_id = make_theme(world.b.tenant, "B theme", ["slow"])
    assert login(world.a.manager).get(f"/settings/themes/{theme_id}/delete").status_code == 404
    own = make_theme(world.a.tenant, "Speed", ["slow"])
    assert login(world.a.partner_admins[0]).get(f"/settings/themes/{own}/delete").status_code == 404


def test_the_page_offers_re_applying_the_keywords_instead_of_a_cli_command(world, login):
    make_theme(world.a.tenant, "Speed", ["slow"])
    item_id = record(world.a.tenant, "slow payouts")
    with scoped_to(world.a.tenant.id):
        db.session.execute(delete(FeedbackTheme))  # e.g. items written before the theme's keywords
        db.session.commit()
    client = login(world.a.manager)
    page = client.get("/settings/themes/").get_data(as_text=True)
    assert "flask analysis rerun" not in page
    assert 'action="/settings/themes/retag"' in page
    response = client.post("/settings/themes/retag", follow_redirects=True)  # a job: its page shows how it ended
    assert "Re-applied the keywords of 1 theme to every feedback item." in response.get_data(as_text=True)
    assert "1 of 1" in response.get_data(as_text=True)
    assert tags(world.a.tenant, item_id) == {"Speed": "auto"}
    assert login(world.a.partner_admins[0]).post("/settings/themes/retag").status_code == 404
