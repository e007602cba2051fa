"""Admins read, filter and export their tenant's audit log; nobody else sees it."""

import csv
import io
import json
from datetime import datetime

import pytest
from sqlalchemy import select, update

from app.audit.models import AuditEntry
from app.demo.services.seed import DEMO_PASSWORD
from app.extensions import db
from app.ideas.models import IdeaStatus
from app.ideas.services import change_status, post_idea
from app.partners.models import Partner
from app.tenancy import scoped_to
from tests.factories import make_partner, membership_of

EXPORTS = ("/audit/export.csv", "/audit/export.json")


def _rename(tenant, partner, name):
    with scoped_to(tenant.id):
        db.session.get(Partner, partner.id).name = name
        db.session.commit()


def _csv(response):
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


@pytest.fixture
def renamed(world):
    """One rename in each tenant."""
    _rename(world.a.tenant, world.a.partners[0], "Alpha Renamed")
    _rename(world.b.tenant, world.b.partners[0], "Bravo Renamed")
    return world


def test_admin_sees_own_tenants_changes(renamed, login):
    page = login(renamed.a.admin).get("/audit/").get_data(as_text=True)
    assert "Alpha Renamed" in page and "Partner A1" in page


def test_admin_of_tenant_b_never_sees_tenant_a_entries(renamed, login):
    client = login(renamed.b.admin)
    page = client.get("/audit/").get_data(as_text=True)
    assert "Bravo Renamed" in page
    assert "Alpha Renamed" not in page and "Partner A1" not in page
    assert "Alpha Renamed" not in client.get("/audit/export.csv").get_data(as_text=True)
    assert "Alpha Renamed" not in client.get("/audit/export.json").get_data(as_text=True)


@pytest.mark.parametrize("path", ("/audit/",) + EXPORTS)
def test_partner_users_get_404(renamed, login, path):
    assert login(renamed.a.partner_admins[0]).get(path).status_code == 404
    assert login(renamed.a.partner_members[0]).get(path).status_code == 404


@pytest.mark.parametrize("path", ("/audit/",) + EXPORTS)
def test_managers_get_403(renamed, login, path):
    assert login(renamed.a.manager).get(path).status_code == 403


def test_log_has_no_route_that_changes_entries(app):
    rules = [rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith("audit.")]
    assert rules and all(rule.methods <= {"GET", "HEAD", "OPTIONS"} for rule in rules)


def test_filter_by_kind_and_object(renamed, login):
    client = login(renamed.a.admin)
    partner = renamed.a.partners[0]
    rows = _csv(client.get(f"/audit/export.csv?kind=partner&object_id={partner.id}"))
    assert {(row["kind"], row["object_id"]) for row in rows} == {("partner", str(partner.id))}
    assert _csv(client.get("/audit/export.csv?kind=membership"))
    assert all(row["kind"] == "membership" for row in _csv(client.get("/audit/export.csv?kind=membership")))


def test_filter_by_user(renamed, login):
    client = login(renamed.a.admin)
    response = client.post(f"/partners/{renamed.a.partners[1].id}/status", data={"status": "suspended"})
    assert response.status_code == 302
    rows = _csv(client.get(f"/audit/export.csv?actor_id={renamed.a.admin.id}"))
    assert [(row["object_id"], row["field"], row["new"]) for row in rows] == [
        (str(renamed.a.partners[1].id), "status", "suspended")]
    assert renamed.a.admin.email in client.get("/audit/").get_data(as_text=True)  # offered in the filter


def test_filter_by_date(renamed, login):
    with scoped_to(renamed.a.tenant.id):
        db.session.execute(update(AuditEntry).where(AuditEntry.object_label == "Alpha Renamed")
                           .values(created_at=datetime(2025, 3, 10, 9)))
        db.session.commit()
    client = login(renamed.a.admin)
    march = _csv(client.get("/audit/export.csv?start=2025-03-10&end=2025-03-10"))
    assert {row["object"] for row in march} == {"Alpha Renamed"}
    assert _csv(client.get("/audit/export.csv?start=2025-03-11&end=2025-03-31")) == []


def test_invalid_filters_are_ignored_and_explained(renamed, login):
    response = login(renamed.a.admin).get("/audit/?start=2025-05-01&end=2025-04-01&object_id=abc")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Ignored in the address" in page and "<strong>Object id</strong>" in page and "Alpha Renamed" in page


def test_log_is_paginated_newest_first(world, login):
    for number in range(55):
        make_partner(world.a.tenant, f"Bulk {number:02d}")
    client = login(world.a.admin)
    first = client.get("/audit/?kind=partner").get_data(as_text=True)
    assert "Bulk 54" in first and "Bulk 00" not in first and "Page 1 of 2" in first
    second = client.get("/audit/?kind=partner&page=2").get_data(as_text=True)
    assert "Bulk 00" in second and "Bulk 54" not in second


def test_csv_export_neutralises_formulas_and_parses(world, login):
    _rename(world.a.tenant, world.a.partners[0], '=HYPERLINK("http://evil.example","x")')
    response = login(world.a.admin).get("/audit/export.csv?kind=partner")
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    rows = _csv(response)
    [name_change] = [row for row in rows if row["field"] == "name" and row["action"] == "updated"]
    assert name_change["old"] == "Partner A1"
    assert name_change["new"] == '\'=HYPERLINK("http://evil.example","x")'
    assert name_change["object"].startswith("'=")
    assert all(not value.startswith(("=", "+", "-", "@")) for row in rows for value in row.values())


def test_json_export_has_entries_with_changes(renamed, login):
    response = login(renamed.a.admin).get("/audit/export.json?kind=partner&action=updated")
    assert response.mimetype == "application/json"
    [entry] = json.loads(response.get_data(as_text=True))
    assert entry["object_id"] == renamed.a.partners[0].id and entry["action"] == "updated"
    assert entry["changes"] == {"name": {"old": "Partner A1", "new": "Alpha Renamed"}}
    assert entry["actor"] == "system"


def test_referenced_rows_are_shown_by_name(world, login):
    with scoped_to(world.a.tenant.id):
        new, planned = (db.session.scalars(select(IdeaStatus).where(IdeaStatus.name == name)).one()
                        for name in ("New", "Planned"))
        idea = post_idea(membership_of(world.a.admin, world.a.tenant), "Partner API")
        db.session.flush()
        change_status(idea, planned.id)
        db.session.commit()
    rows = _csv(login(world.a.admin).get("/audit/export.csv?kind=idea&action=updated"))
    [status_row] = [row for row in rows if row["field"] == "status_id"]
    assert (status_row["old"], status_row["new"]) == (f"New (#{new.id})", f"Planned (#{planned.id})")


def _demo_admin(app):
    """The demo seed (its themes record list values) and a client logged in as its admin."""
    result = app.test_cli_runner().invoke(args=["demo", "seed"])
    assert result.exit_code == 0, (result.output, result.exception)
    client = app.test_client()
    assert client.post("/login", data={"email": "admin@demo.example", "password": DEMO_PASSWORD}).status_code == 302
    return client


def test_audit_log_shows_list_values_of_the_demo_seeds_themes(app):
    client = _demo_admin(app)
    for path in ("/audit/", "/audit/?kind=theme"):
        response = client.get(path)
        assert response.status_code == 200, path
    page = client.get("/audit/?kind=theme").get_data(as_text=True)
    assert "Approval speed" in page and "[&#34;approval&#34;, &#34;approvals&#34;" in page


def test_audit_csv_export_writes_list_values_as_json(app):
    response = _demo_admin(app).get("/audit/export.csv?kind=theme")
    assert response.status_code == 200
    keywords = {row["object"]: row["new"] for row in _csv(response) if row["field"] == "keywords"}
    assert json.loads(keywords["Approval speed"])[:2] == ["approval", "approvals"]
