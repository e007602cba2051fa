"""Every endpoint declares its Access level; the statuses app/core/permissions.py promises."""

from urllib.parse import urlsplit

import pytest

from app.api.auth import PUBLIC_ENDPOINTS as API_PUBLIC_ENDPOINTS
from app.core.permissions import Access, access_of
from app.extensions import db
from tests.core.throwaway import signed_in, throwaway_app
from tests.factories import make_user
from tests.tenancy.isolation_matrix import PUBLIC

# Endpoints Flask and Flask-Bootstrap add: they serve files and cannot carry a declaration.
FRAMEWORK_ENDPOINTS = {"static", "bootstrap.static"}


@pytest.fixture(scope="module")
def fresh_app(app):
    return throwaway_app(app)


def test_every_endpoint_declares_its_access(app):
    undeclared = sorted(
        endpoint for endpoint, view in app.view_functions.items()
        if endpoint not in FRAMEWORK_ENDPOINTS and getattr(view, "access", None) is None
        and getattr(app.blueprints.get(endpoint.rpartition(".")[0]), "access", None) is None
    )
    assert not undeclared, "declare Access (default_access or @allow) for: " + ", ".join(undeclared)


def test_framework_endpoints_are_public(app):
    assert {access_of(app, endpoint) for endpoint in FRAMEWORK_ENDPOINTS} == {Access.PUBLIC}


def test_public_endpoints_are_the_ones_the_isolation_walk_knows(app):
    # A public page is reviewed once, with its reason, in tests/isolation_matrix.py.
    declared = {endpoint for endpoint in app.view_functions if access_of(app, endpoint) is Access.PUBLIC}
    assert declared | API_PUBLIC_ENDPOINTS == set(PUBLIC)


def test_undeclared_route_is_refused(fresh_app, world):
    response = signed_in(fresh_app, world.a.admin).get("/throwaway/undeclared")
    assert response.status_code == 404
    assert "should never be served" not in response.get_data(as_text=True)


def test_admin_opens_an_admin_page(fresh_app, world):
    assert signed_in(fresh_app, world.a.admin).get("/throwaway/admin").status_code == 200


def test_manager_gets_403_on_an_admin_page(fresh_app, world):
    assert signed_in(fresh_app, world.a.manager).get("/throwaway/admin").status_code == 403


def test_partner_admin_gets_404_on_an_admin_page(fresh_app, world):
    assert signed_in(fresh_app, world.a.partner_admins[0]).get("/throwaway/admin").status_code == 404


def test_partner_member_gets_404_on_an_admin_page(fresh_app, world):
    assert signed_in(fresh_app, world.a.partner_members[0]).get("/throwaway/admin").status_code == 404


def test_anonymous_visitor_is_sent_to_log_in_and_back(fresh_app):
    response = fresh_app.test_client().get("/throwaway/admin")
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert (location.path, location.query) == ("/login", "next=/throwaway/admin")


# --- the same rules on real pages (where the answer changed with one idiom) ----------------


@pytest.mark.parametrize("path", ["/audit/", "/settings/", "/followups/policy", "/surveys/settings",
                                  "/ideas/statuses", "/partners/tiers", "/admin/integrations/"])
def test_manager_gets_403_on_admin_pages(world, login, path):
    assert login(world.a.manager).get(path).status_code == 403


@pytest.mark.parametrize("path", ["/audit/", "/settings/", "/ideas/statuses", "/partners/tiers",
                                  "/admin/integrations/", "/followups/", "/imports/"])
def test_partner_user_gets_404_on_staff_and_admin_pages(world, login, path):
    assert login(world.a.partner_admins[0]).get(path).status_code == 404


def test_signed_in_person_without_an_organisation_is_asked_to_choose_one(login):
    user = make_user()
    db.session.commit()
    response = login(user).get("/feedback/")
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/orgs"
