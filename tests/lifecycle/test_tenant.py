"""Tenant export (one ZIP of JSON and CSV per table) and tenant deletion."""

import csv
import io
import json
import zipfile

import pytest
from sqlalchemy import func, select

from app.audit.models import AuditEntry
from app.auth.models import User
from app.extensions import db
from app.integrations.models import WebhookEndpoint
from app.lifecycle.services import tenants as lifecycle
from app.lifecycle.services.export import exported_classes, is_derived, is_secret_column
from app.lifecycle.services.tenants import app_tenant_classes as tenant_classes_by_table
from app.tenancy import all_tenants, scoped_to, unscoped
from app.tenants.models import Membership, Role, Tenant
from tests.factories import PASSWORD, add_member, make_user
from tests.lifecycle.helpers import download_link, exported_archive
from tests.tenancy.isolation_walk import Walk

pytestmark = pytest.mark.slow  # exports and deletes whole tenants


@pytest.fixture
def filled(app, world):
    """Both tenants with at least one row in every tenant table (built from the schema)."""
    walk = Walk(app, world)
    for org in (world.a, world.b):
        for name in tenant_classes_by_table():
            partner_id = org.partners[0].id if "partner_id" in db.metadata.tables[name].c else None
            walk.owned_row(db.metadata.tables[name], org.tenant.id, partner_id)
    with scoped_to(world.a.tenant.id):
        db.session.add(WebhookEndpoint(url="https://hooks.a.test/x", secret="whsec-very-secret-A", events="x"))
        db.session.commit()
    db.session.expire_all()
    return world


def counts_by_table(tenant_id):
    """{table: rows of the tenant} for every table with a tenant_id, read around the scoping."""
    counts = {}
    with all_tenants(), db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            if "tenant_id" in table.c:
                counts[table.name] = connection.execute(
                    select(func.count()).select_from(table).where(table.c.tenant_id == tenant_id)).scalar()
    return counts


def all_rows(tenant_id):
    """Every row of every tenant table of one tenant, as comparable tuples."""
    rows = {}
    with all_tenants(), db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            if "tenant_id" in table.c:
                statement = select(table).where(table.c.tenant_id == tenant_id).order_by(*table.primary_key)
                rows[table.name] = [tuple(row) for row in connection.execute(statement)]
    return rows


# --- export ------------------------------------------------------------------------------


def ids_by_table(tenant_id):
    ids = {}
    with all_tenants(), db.engine.connect() as connection:
        for name, cls in exported_classes().items():
            table = cls.__table__
            ids[name] = list(connection.execute(
                select(table.c.id).where(table.c.tenant_id == tenant_id).order_by(table.c.id)).scalars())
    return ids


def test_export_contains_exactly_the_tenants_rows_as_json_and_csv(filled, login):
    world = filled
    a = world.a.tenant.id
    client = login(world.a.admin)
    asked = client.post("/settings/data/export")
    # After the export's job (a row it exports), before the download's audit entry.
    expected_ids = ids_by_table(a)
    response = client.get(download_link(client, asked.headers["Location"]))
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert "attachment" in response.headers["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.get_data()))
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["tenant"]["slug"] == "vendor-a"
    derived = {name for name, cls in tenant_classes_by_table().items() if is_derived(name, cls)}
    assert "feedback_daily_rollups" in derived
    assert set(expected_ids) == set(tenant_classes_by_table()) - derived
    assert set(manifest["tables"]) == set(expected_ids) | {"users", "anonymous_survey_answers"}
    for name, own_ids in expected_ids.items():
        documents = json.loads(archive.read(f"json/{name}.json"))
        rows = list(csv.DictReader(io.StringIO(archive.read(f"csv/{name}.csv").decode("utf-8"))))
        assert own_ids, f"the fixture has no {name} row of tenant A"
        assert [d["id"] for d in documents] == own_ids, name
        assert [int(r["id"]) for r in rows] == own_ids, name
        assert {d["tenant_id"] for d in documents} == {a}, name
        assert manifest["tables"][name]["rows"] == len(own_ids)


def test_export_lists_the_tenants_people_without_secrets(filled, login):
    world = filled
    shared = world.b.admin
    add_member(world.a.tenant, shared, Role.MANAGER)
    archive = exported_archive(login(world.a.admin))
    people = json.loads(archive.read("json/users.json"))
    with scoped_to(world.a.tenant.id):
        expected = db.session.scalar(select(func.count()).select_from(Membership))
    assert len(people) == expected
    assert set(people[0]) == {"user_id", "name", "email", "role", "partner_id", "member_since"}
    assert {"admin@a.test", "admin@b.test"} <= {person["email"] for person in people}
    assert "padmin1@b.test" not in {person["email"] for person in people}


def test_export_leaks_no_secret_column_or_value(filled, login):
    world = filled
    archive = exported_archive(login(world.a.admin))
    secrets = {u.password_hash for u in db.session.scalars(select(User))} | {"whsec-very-secret-A"}
    with all_tenants(), db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            for column in table.columns:
                if is_secret_column(column.name) and "tenant_id" in table.c:
                    secrets |= {value for value in connection.execute(select(column)).scalars() if value}
    assert len(secrets) > 5  # password hashes, invitation and link token hashes, the webhook secret
    for name in archive.namelist():
        body = archive.read(name).decode("utf-8")
        assert not any(secret in body for secret in secrets), name
        if name.endswith(".csv"):
            header = next(csv.reader(io.StringIO(body)))
            assert not [column for column in header if is_secret_column(column)], name
    omitted = json.loads(archive.read("manifest.json"))["tables"]
    assert "secret" in omitted["webhook_endpoints"]["omitted_columns"]
    assert "token_hash" in omitted["invitations"]["omitted_columns"]


def test_export_neutralises_formulas_in_csv_and_is_audited(world, login):
    from tests.followups.helpers import record_item

    record_item(world.a, text="=HYPERLINK(\"http://evil.test\")")
    archive = exported_archive(login(world.a.admin))
    rows = list(csv.DictReader(io.StringIO(archive.read("csv/feedback_items.csv").decode("utf-8"))))
    assert rows[0]["text"].startswith("'=HYPERLINK")
    assert json.loads(archive.read("json/feedback_items.json"))[0]["text"].startswith("=HYPERLINK")
    with scoped_to(world.a.tenant.id):
        entry = db.session.scalars(select(AuditEntry).where(AuditEntry.object_type == "data_export")).one()
    assert entry.actor_id == world.a.admin.id
    assert entry.changes["rows"]["new"] > 0


@pytest.mark.parametrize("who", ["manager", "partner_admin", "partner_member"])
def test_only_admins_reach_the_data_page(world, login, who):
    user = {"manager": world.a.manager, "partner_admin": world.a.partner_admins[0],
            "partner_member": world.a.partner_members[0]}[who]
    client = login(user)
    status = 403 if who == "manager" else 404  # partner users do not learn the page exists
    assert client.get("/settings/data").status_code == status
    assert client.post("/settings/data/export").status_code == status
    assert client.post("/settings/data/delete", data={"confirm_slug": "vendor-a", "password": PASSWORD}
                       ).status_code == status
    assert db.session.scalar(select(func.count()).select_from(Tenant)) == 2


# --- deletion ------------------------------------------------------------------------------


def test_deleting_a_tenant_removes_all_its_rows_and_leaves_the_other_untouched(filled, login):
    world = filled
    a, b = world.a.tenant.id, world.b.tenant.id
    before_a, rows_b = counts_by_table(a), all_rows(b)
    assert all(before_a[name] > 0 for name in tenant_classes_by_table())
    users_before = db.session.scalar(select(func.count()).select_from(User))
    client = login(world.a.admin)
    response = client.post("/settings/data/delete", data={"confirm_slug": "vendor-a", "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/orgs")
    assert set(counts_by_table(a).values()) == {0}
    assert all_rows(b) == rows_b
    assert db.session.scalars(unscoped(select(Tenant.slug))).all() == ["vendor-b"]
    assert db.session.scalar(select(func.count()).select_from(User)) == users_before  # accounts stay
    assert client.get("/orgs").status_code == 200
    assert client.get("/settings/data").status_code in (302, 404)


@pytest.mark.parametrize("data, field", [
    ({"confirm_slug": "vendor-b", "password": PASSWORD}, "Type vendor-a to confirm"),
    ({"confirm_slug": "vendor-a", "password": "wrong password!"}, "This is not your password"),
])
def test_deletion_needs_the_slug_and_the_admins_password(world, login, data, field):
    before = counts_by_table(world.a.tenant.id)
    response = login(world.a.admin).post("/settings/data/delete", data=data)
    assert response.status_code == 422
    assert field in response.get_data(as_text=True)
    assert counts_by_table(world.a.tenant.id) == before


def _delete_tenant_a(world):
    tenant = db.session.get(Tenant, world.a.tenant.id)
    admin = db.session.get(User, world.a.admin.id)
    lifecycle.delete_tenant(tenant, admin, "vendor-a", PASSWORD)


def test_a_failure_half_way_leaves_everything_as_before(filled, monkeypatch):
    world = filled
    rows_a, rows_b = all_rows(world.a.tenant.id), all_rows(world.b.tenant.id)
    original = lifecycle.delete_tenant_row

    def delete_then_fail(tenant_id):
        original(tenant_id)
        raise RuntimeError("connection lost")

    monkeypatch.setattr(lifecycle, "delete_tenant_row", delete_then_fail)
    with pytest.raises(RuntimeError, match="connection lost"):
        _delete_tenant_a(world)
    db.session.rollback()
    assert all_rows(world.a.tenant.id) == rows_a
    assert all_rows(world.b.tenant.id) == rows_b


def test_rows_left_behind_undo_the_whole_deletion(filled, monkeypatch):
    """A tenant table whose rows the deletion missed (e.g. a new table without a cascading
    foreign key) makes the deletion fail as a whole instead of leaving a half tenant."""
    world = filled
    rows_a = all_rows(world.a.tenant.id)
    monkeypatch.setattr(lifecycle, "delete_tenant_row", lambda tenant_id: lifecycle.delete_table_rows(
        db.metadata.tables["feedback_items"], tenant_id))
    with pytest.raises(RuntimeError, match="left rows behind"), scoped_to(world.a.tenant.id):
        _delete_tenant_a(world)
    db.session.rollback()
    assert all_rows(world.a.tenant.id) == rows_a


def test_every_tenant_table_cascades_from_the_tenant():
    assert [table.name for table in lifecycle.tenant_tables_in_delete_order() if not lifecycle._cascades(table)] == []


def test_people_of_a_deleted_tenant_keep_their_account_and_other_memberships(world, login):
    shared = make_user("shared@example.test", "Shared Person")
    add_member(world.a.tenant, shared, Role.MANAGER)
    add_member(world.b.tenant, shared, Role.MANAGER)
    login(world.a.admin).post("/settings/data/delete", data={"confirm_slug": "vendor-a", "password": PASSWORD})
    memberships = db.session.scalars(unscoped(select(Membership).where(Membership.user_id == shared.id))).all()
    assert [m.tenant_id for m in memberships] == [world.b.tenant.id]
    assert db.session.scalars(select(User).where(User.email == "admin@a.test")).one() is not None
