"""A ServiceError a view lets through: rolled back, flashed, and back to a local page;
JSON under /api/; never a 5xx."""

from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from app.extensions import db
from app.ideas.models import Idea
from app.partners.models import Partner
from app.tenancy import all_tenants, scoped_to
from tests.core.throwaway import UNWRITTEN_PARTNER, signed_in, throwaway_app


@pytest.fixture(scope="module")
def fresh_app(app):
    return throwaway_app(app)


@pytest.fixture
def member(fresh_app, world):
    return signed_in(fresh_app, world.a.manager)


def _flashes(client):
    with client.session_transaction() as session:
        return session.get("_flashes", [])


def test_failed_request_leaves_no_partial_rows(member):
    member.post("/throwaway/fails")
    with all_tenants():
        assert db.session.scalars(select(Partner).where(Partner.name == UNWRITTEN_PARTNER)).all() == []


def test_message_is_flashed_and_the_declared_page_opened(member):
    response = member.post("/throwaway/fails")
    assert response.status_code == 302
    assert response.headers["Location"] == "/throwaway/admin#top"
    assert _flashes(member) == [("danger", "This input breaks a rule.")]


def test_the_form_page_it_came_from_is_opened_again(member):
    response = member.post("/throwaway/fails", headers={"Referer": "http://localhost/throwaway/back?page=2"})
    assert response.headers["Location"] == "/throwaway/back?page=2"


def test_declared_page_keeps_its_anchor_when_the_form_was_on_it(member):
    response = member.post("/throwaway/fails", headers={"Referer": "http://localhost/throwaway/admin?x=1"})
    assert response.headers["Location"] == "/throwaway/admin?x=1#top"


@pytest.mark.parametrize("referer", ["https://evil.test/phish", "//evil.test/phish", "javascript:alert(1)"])
def test_a_referer_of_another_site_is_never_followed(member, referer):
    response = member.post("/throwaway/fails", headers={"Referer": referer})
    assert response.headers["Location"] == "/throwaway/admin#top"


def test_without_any_page_to_go_back_to_the_message_is_shown_with_422(member):
    response = member.post("/throwaway/fails-without-target")
    assert response.status_code == 422
    assert "This input breaks a rule." in response.get_data(as_text=True)


def test_a_failing_page_is_not_opened_again(member):
    response = member.get("/throwaway/fails-without-target",
                          headers={"Referer": "http://localhost/throwaway/fails-without-target"})
    assert response.status_code == 422


def test_api_answers_the_api_error_body(fresh_app):
    response = fresh_app.test_client().post("/api/throwaway/fails", json={})
    assert response.status_code == 422
    assert response.get_json() == {
        "error": "Validation failed",
        "message": "The score must be from 0 to 10.",
        "status": 422,
        "fields": {"nps": "The score must be from 0 to 10."},
    }


# --- on real pages ------------------------------------------------------------------------------


def test_failed_idea_merge_flashes_and_returns_to_the_idea(world, login):
    client = login(world.a.manager)
    client.post("/ideas/new", data={"title": "Faster payouts", "description": "Please"})
    with scoped_to(world.a.tenant.id):
        [idea] = db.session.scalars(select(Idea)).all()
        idea_id = idea.id
    response = client.post(f"/ideas/{idea_id}/merge", data={"target_id": idea_id})
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == f"/ideas/{idea_id}"
    assert _flashes(client)[-1] == ("danger", "An idea cannot be merged into itself.")
