"""Every route, walked as each kind of user of tenant A with the objects of tenant B
(and, for partner users, of the other partner of their own tenant) in its URL.

Generated from `app.url_map`, so new routes are walked without anyone listing them;
tests/tenancy/isolation_matrix.py says what each URL argument names and which pages are public,
tests/tenancy/isolation_walk.py finds or builds the rows and sends the requests. A foreign object
must be answered 404 (or 401/403, or a redirect), never with a page that shows the other
tenant's or partner's names or emails, never with a 5xx, and must leave the other
tenant's or partner's rows exactly as they were."""

import io
import zipfile
from contextlib import suppress
from urllib.parse import urlsplit

import pytest

import config
from app import create_app
from app.extensions import db, limiter
from app.tenancy import all_tenants
from tests.conftest import _clear_tables
from tests.factories import PASSWORD, build_world
from tests.tenancy.isolation_matrix import (
    KINDS,
    MEMBER_PAGES,
    NOT_WALKED,
    PUBLIC,
    TOKEN_AUTHENTICATED_PREFIXES,
)
from tests.tenancy.isolation_walk import Route, Walk, routes_of, table_named

pytestmark = pytest.mark.slow  # 362 walks of every route


class _RoutesOnlyConfig(config.TestConfig):
    def __init__(self):
        super().__init__()
        self.SQLALCHEMY_DATABASE_URI = "sqlite://"  # never connected: only the URL map is read


ALL_ROUTES = routes_of(create_app(_RoutesOnlyConfig))
WALKED = [route for route in ALL_ROUTES if route.endpoint not in NOT_WALKED]
PROTECTED = [route for route in WALKED if route.endpoint not in PUBLIC]
PUBLIC_WALKED = [route for route in WALKED if route.endpoint in PUBLIC]


@pytest.fixture(scope="module", autouse=True)
def app_context(app):
    """One world for the whole walk: building it for each of the ~100 routes would take
    minutes. (Overrides conftest's per-test fixture; tables are emptied at the end.)"""
    with app.app_context():
        yield
        db.session.remove()
        _clear_tables()
        limiter.reset()


@pytest.fixture(scope="module")
def walk(app, app_context):
    walk = Walk(app, build_world())
    db.session.remove()
    for target in (walk.tenant_b, walk.partner_a2):  # build the aimed-at rows before the needles
        with suppress(AssertionError):  # reported by the routes that need the row
            walk.form_data(target)
    return walk


# --- the walk -------------------------------------------------------------------------------


def _is_redirect(response):
    return 300 <= response.status_code < 400


def _status_problem(route, response, aimed):
    if response.status_code >= 500:
        return f"answered {response.status_code}"
    if (
        aimed
        and route.endpoint not in PUBLIC
        and not (response.status_code in (401, 403, 404) or _is_redirect(response))
    ):
        return f"answered {response.status_code} for a foreign object (expected 404, 403 or a redirect)"
    return None


def _changed_tables(before, after, appendable):
    """Tables whose rows changed, disappeared, or (unless appendable) were added."""
    changed = []
    for name in sorted(before.keys() | after.keys()):
        old, new = before.get(name, {}), after.get(name, {})
        if any(new.get(key) != values for key, values in old.items()):
            changed.append(name)
        elif new.keys() - old.keys() and name not in appendable:
            changed.append(f"{name} (new rows)")
    return changed


def _response_text(response):
    """The body as text; a ZIP download (the tenant data export) is searched file by file."""
    if response.mimetype == "application/zip":
        with zipfile.ZipFile(io.BytesIO(response.get_data())) as archive:
            return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    return response.get_data(as_text=True)


def _response_problems(walk, route, target, response):
    problems = []
    status = _status_problem(route, response, aimed=bool(route.arguments))
    if status:
        problems.append(status)
    if route.endpoint not in PUBLIC or route.endpoint in MEMBER_PAGES:
        leaked = walk.leaks(target, _response_text(response))
        if leaked:
            problems.append(f"showed {target.label}'s {leaked[:5]}")
    return problems


def _requests(walk, route, phase):
    """(actor, target, URL values) of one phase; rows they need are built now, before any snapshot."""
    planned = []
    for actor in phase:
        for target in walk.targets(actor):
            values = walk.url_values(route, target, actor)
            if values is not None:  # None: partner users may see every object these arguments name
                walk.form_data(target)
                planned.append((actor, target, values))
    return planned


def _send(walk, route, planned):
    problems = []
    for actor, target, values in planned:
        data = {} if route.endpoint in PUBLIC else walk.form_data(target)
        response = walk.request(actor, route, values, data)
        problems += [
            f"{actor.label} -> {target.label} {values}: {problem}"
            for problem in _response_problems(walk, route, target, response)
        ]
    return problems


def _changes(walk, target, before, planned):
    changed = _changed_tables(before, walk.snapshot(target), walk.appendable_tables(target))
    if not changed:
        return []
    actors = sorted({actor.label for actor, aimed, _ in planned if aimed == target})
    return [f"{target.label}'s rows changed in {changed} (by one of {actors})"]


@pytest.mark.parametrize("route", WALKED, ids=str)
def test_route_keeps_other_tenants_and_partners_out_of_reach(route, walk):
    staff = _requests(walk, route, [actor for actor in walk.actors if not actor.partner_id])
    partners = _requests(walk, route, [actor for actor in walk.actors if actor.partner_id])
    assert staff or partners, f"{route} was not walked at all"
    tenant_b = walk.snapshot(walk.tenant_b)
    problems = _send(walk, route, staff)
    # Staff legitimately change tenant A's staff-only rows, which partner users must not
    # touch: partner A2's snapshot is taken after the staff requests.
    partner_a2 = walk.snapshot(walk.partner_a2)
    problems += _send(walk, route, partners)
    problems += _changes(walk, walk.partner_a2, partner_a2, partners)
    problems += _changes(walk, walk.tenant_b, tenant_b, staff + partners)
    assert not problems, f"{route}:\n" + "\n".join(problems)


@pytest.mark.parametrize("route", PROTECTED, ids=str)
def test_anonymous_request_is_sent_to_log_in_or_refused(route, walk):
    response = walk.request(
        None, route, walk.url_values(route, walk.tenant_b, walk.actors[0]), walk.form_data(walk.tenant_b)
    )
    if route.rule.startswith(TOKEN_AUTHENTICATED_PREFIXES):
        assert response.status_code == 401
    elif response.status_code != 404:
        assert _is_redirect(response), response.status_code
        assert urlsplit(response.headers["Location"]).path == "/login"


@pytest.mark.parametrize("route", PUBLIC_WALKED, ids=str)
def test_public_route_answers_anonymous_requests_without_error(route, walk):
    response = walk.request(None, route, walk.url_values(route, walk.tenant_b, walk.actors[0]), {})
    assert response.status_code < 500


# --- the walk can fail -------------------------------------------------------------------------


def test_admin_sees_own_partner_page(walk):
    route = Route("partners.show", "/partners/<int:partner_id>", "GET", ("partner_id",))
    response = walk.request(walk.actors[0], route, {"partner_id": walk.ids.partners_a[0]})
    assert response.status_code == 200
    assert "Partner A1" in response.get_data(as_text=True)


def test_needles_find_tenant_b_on_its_own_admins_page(walk, app):
    client = app.test_client()
    client.post("/login", data={"email": "admin@b.test", "password": PASSWORD})
    page = client.get(f"/partners/{walk.ids.partners_b[0]}").get_data(as_text=True)
    assert {"Partner B1", "padmin1@b.test"} <= set(walk.leaks(walk.tenant_b, page))


def test_needles_find_partner_a2_on_its_own_team_page(walk, app):
    client = app.test_client()
    client.post("/login", data={"email": "padmin2@a.test", "password": PASSWORD})
    page = client.get("/team/").get_data(as_text=True)
    assert "pmember2@a.test" in walk.leaks(walk.partner_a2, page)


def test_needles_leave_out_what_both_tenants_share(walk):
    assert not {"Gold", "EMEA", "Retail"} & set(walk.needles(walk.tenant_b))


def test_snapshot_sees_a_change_to_tenant_b(walk):
    before = walk.snapshot(walk.tenant_b)
    partners = table_named("partners")
    with all_tenants(), db.engine.begin() as connection:
        connection.execute(
            partners.update()
            .where(partners.c.id == walk.ids.partners_b[1])
            .values(region="Changed by the test")
        )
    assert walk.snapshot(walk.tenant_b) != before


def test_planted_token_opens_tenant_bs_invitation(walk, app):
    route = Route("invitations.accept", "/invitations/<token>", "GET", ("token",))
    response = walk.request(None, route, walk.url_values(route, walk.tenant_b, walk.actors[0]))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and walk.leaks(walk.tenant_b, page), page


# --- the matrix covers every route -------------------------------------------------------------


def test_walk_sees_the_routes_the_app_serves(app):
    assert routes_of(app) == ALL_ROUTES


def test_every_url_argument_names_a_known_kind():
    unknown = {f"{route}: <{name}>" for route in WALKED for name in route.arguments if name not in KINDS}
    assert not unknown, "add these to KINDS in tests/tenancy/isolation_matrix.py: " + ", ".join(sorted(unknown))


def test_every_skipped_endpoint_is_public():
    assert set(NOT_WALKED) <= set(PUBLIC)
    assert set(MEMBER_PAGES) <= set(PUBLIC)


def test_matrix_names_only_existing_endpoints_and_tables():
    endpoints = {route.endpoint for route in ALL_ROUTES}
    assert set(PUBLIC) <= endpoints, set(PUBLIC) - endpoints
    tables = {kind.table for kind in KINDS.values() if kind.table}
    assert tables <= set(db.metadata.tables), tables - set(db.metadata.tables)
