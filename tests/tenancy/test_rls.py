"""PostgreSQL row-level security, the second tenant wall (app/tenancy/rls.py).

The app connects as a role that is not the tables' owner (tests/conftest.py), so the
policies apply here exactly as in production. Raw SQL (text()) is not scoped by the
ORM listeners: these tests show the database alone keeps it inside the tenant."""

import psycopg
import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from app import create_app
from app.auth.login import sign_in
from app.extensions import db
from app.feedback.models import FeedbackItem
from app.mail.models import OutboxMessage, OutboxStatus
from app.mail.sender import deliver_all_due
from app.partners.models import Partner
from app.tenancy import TenantScopeError, all_tenants, rls, scoped_to, unscoped
from app.tenancy.request import _enter_request_scope, _leave_request_scope
from app.tenancy.scope import tenant_classes_by_table
from app.tenants.models import Membership
from tests.api_support import make_item
from tests.conftest import _config_class
from tests.surveys.helpers import full_answers, links_by_address, recipients, sent_campaign

pytestmark = pytest.mark.postgres(reason="row-level security is PostgreSQL's (a no-op on SQLite)")


@pytest.fixture
def items(world):
    """Two feedback items of tenant A, one of tenant B: {tenant id: [item ids]}."""
    a, b = world.a.tenant.id, world.b.tenant.id
    return {
        a: [make_item(world.a.tenant, "First A item"), make_item(world.a.tenant, "Second A item")],
        b: [make_item(world.b.tenant, "Only B item")],
    }


def _raw(sql, **params):
    return db.session.execute(text(sql), params)


def _raw_tenants():
    return sorted(_raw("SELECT tenant_id FROM feedback_items").scalars())


# --- the schema and the role -------------------------------------------------------


def test_the_app_connects_as_a_role_that_owns_no_table_and_cannot_bypass_the_policies():
    user = _raw("SELECT current_user").scalar()
    role = _raw("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user").one()
    owners = set(_raw("SELECT tableowner FROM pg_tables WHERE schemaname = 'public'").scalars())
    assert owners and user not in owners
    assert (role.rolsuper, role.rolbypassrls) == (False, False)


def test_every_tenant_table_has_row_level_security_enabled_forced_and_a_policy():
    mapped = {name for name in tenant_classes_by_table() if name in db.metadata.tables}
    with_tenant_column = {name for name, table in db.metadata.tables.items() if "tenant_id" in table.c}
    expected = mapped | with_tenant_column
    assert set(rls.tenant_tables()) == expected
    assert {"feedback_items", "memberships", "outbox_messages"} <= expected
    flags = {
        row.relname: (row.relrowsecurity, row.relforcerowsecurity)
        for row in _raw("SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class "
                        "WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace")
    }
    policies = set(_raw("SELECT tablename FROM pg_policies WHERE policyname = :name", name=rls.POLICY).scalars())
    assert {name: flags.get(name) for name in expected} == {name: (True, True) for name in expected}
    assert expected <= policies


def test_installing_twice_changes_nothing(app):
    owner = app.extensions["test_owner_engine"]
    with all_tenants(), owner.begin() as connection:
        installed = rls.install_row_level_security(connection)
    assert set(installed) == set(rls.tenant_tables())
    assert _raw("SELECT count(*) FROM pg_policies WHERE policyname = :name", name=rls.POLICY).scalar() == len(installed)


# --- raw SQL inside a tenant scope ---------------------------------------------------


def test_raw_select_in_a_scope_sees_only_that_tenants_rows(world, items):
    a = world.a.tenant.id
    with scoped_to(a):
        assert _raw_tenants() == [a, a]
        # The Session's own connection, past every ORM listener, is walled in too.
        rows = db.session.connection().execute(text("SELECT id FROM feedback_items ORDER BY id")).scalars()
        assert list(rows) == items[a]


def test_a_driver_cursor_at_the_start_of_a_scoped_transaction_is_walled_in_too(world, items):
    a = world.a.tenant.id
    db.session.commit()
    with scoped_to(a):
        driver = db.session.connection().connection.driver_connection  # as the bulk writers do
        with driver.cursor() as cursor:
            cursor.execute("SELECT tenant_id FROM feedback_items")
            assert sorted(row[0] for row in cursor.fetchall()) == [a, a]


def test_raw_update_and_delete_of_another_tenants_rows_change_nothing(world, items):
    b = world.b.tenant.id
    with scoped_to(world.a.tenant.id):
        updated = _raw("UPDATE feedback_items SET text = 'taken' WHERE tenant_id = :b", b=b).rowcount
        deleted = _raw("DELETE FROM feedback_items WHERE tenant_id = :b", b=b).rowcount
        db.session.commit()
    assert (updated, deleted) == (0, 0)
    with scoped_to(b):
        assert [item.text for item in db.session.scalars(select(FeedbackItem))] == ["Only B item"]


def test_raw_insert_of_another_tenants_row_is_refused(world):
    with scoped_to(world.a.tenant.id), pytest.raises(DBAPIError, match="row-level security"):
        _raw("INSERT INTO partner_tiers (tenant_id, name, position, weight) VALUES (:b, 'Stolen', 0, 1)",
             b=world.b.tenant.id)
    db.session.rollback()


def test_raw_update_cannot_move_a_row_to_another_tenant(world, items):
    a_item = items[world.a.tenant.id][0]
    with scoped_to(world.a.tenant.id), pytest.raises(DBAPIError, match="row-level security"):
        _raw("UPDATE feedback_items SET tenant_id = :b WHERE id = :id", b=world.b.tenant.id, id=a_item)
    db.session.rollback()


def test_a_logged_in_users_request_scope_reaches_the_database(app, world, items):
    with app.test_request_context("/"):
        sign_in(world.b.admin)
        _enter_request_scope()
        try:
            assert _raw_tenants() == [world.b.tenant.id]
        finally:
            _leave_request_scope()


def test_account_mail_and_other_tenants_mail_are_invisible_in_a_tenants_scope(world):
    a, b = world.a.tenant.id, world.b.tenant.id
    with all_tenants():
        db.session.add_all([
            OutboxMessage(tenant_id=tenant_id, kind="rls-test", to_address="x@example.test", subject=str(tenant_id),
                          text_body="", html_body="")
            for tenant_id in (a, b, None)
        ])
        db.session.commit()
    with scoped_to(a):
        assert _raw("SELECT subject FROM outbox_messages WHERE kind = 'rls-test'").scalars().all() == [str(a)]
    with all_tenants():
        assert len(_raw("SELECT subject FROM outbox_messages WHERE kind = 'rls-test'").all()) == 3


# --- no scope, unscoped() and the cost -------------------------------------------------


def _driver_count(table):
    """A count read on the session's connection with a DBAPI cursor: no SQLAlchemy event
    (neither the ORM scoping nor the tenant guard) sees it, only PostgreSQL's policy."""
    cursor = db.session.connection().connection.dbapi_connection.cursor()
    try:
        cursor.execute(f"SELECT count(*) FROM {table}")
        return cursor.fetchone()[0]
    finally:
        cursor.close()


def test_without_a_scope_the_database_shows_no_tenant_rows(world, items):
    db.session.rollback()  # a new transaction: nothing declared yet
    assert _driver_count("feedback_items") == 0
    assert _driver_count("memberships") == 0
    with all_tenants():
        assert _raw("SELECT count(*) FROM feedback_items").scalar() == 3


def test_an_anonymous_request_reads_no_tenant_rows_at_the_database(app, world, items):
    db.session.rollback()  # the request's transaction starts afresh, as in production
    with app.test_request_context("/login"):
        _enter_request_scope()  # nobody is logged in: no scope
        try:
            assert _driver_count("feedback_items") == 0
            assert _driver_count("partners") == 0
            assert _driver_count("outbox_messages") == 0
        finally:
            _leave_request_scope()


def test_nothing_can_be_written_without_a_scope(world):
    tenant_id = world.a.tenant.id
    db.session.rollback()
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        cursor = db.session.connection().connection.dbapi_connection.cursor()
        cursor.execute("INSERT INTO program_elements (tenant_id, name, position) VALUES (%s, 'x', 0)",
                       (tenant_id,))
    db.session.rollback()


def test_the_tenant_guard_refuses_raw_sql_on_tenant_tables_with_no_scope(world, items):
    with pytest.raises(TenantScopeError, match="feedback_items"):
        _raw_tenants()
    db.session.rollback()


def test_an_unscoped_statement_inside_a_scope_sees_every_tenant_then_the_wall_returns(world, items):
    a, b = world.a.tenant.id, world.b.tenant.id
    with scoped_to(a):
        everyone = db.session.scalars(unscoped(select(FeedbackItem.tenant_id))).all()
        assert sorted(everyone) == [a, a, b]
        assert _raw_tenants() == [a, a]


def test_relationships_of_an_unscoped_object_load_across_tenants(world):
    b_partner_id, b_tier_name = world.b.partners[0].id, world.b.tier.name
    with scoped_to(world.a.tenant.id):
        db.session.expunge_all()  # nothing cached: the tier must come from the database
        partner = db.session.scalars(unscoped(select(Partner).where(Partner.id == b_partner_id))).one()
        assert partner.tier.name == b_tier_name


def test_a_lazy_load_from_another_tenants_row_reads_that_tenant(world):
    a, b, b_partner_id = world.a.tenant.id, world.b.tenant.id, world.b.partners[0].id
    db.session.expunge_all()  # the partner must come from the database
    with scoped_to(b):
        membership = db.session.scalars(select(Membership).where(Membership.partner_id == b_partner_id)).first()
    with scoped_to(a):  # as after accepting an invitation into tenant B
        assert membership.partner.id == b_partner_id


def test_a_rolled_back_savepoint_does_not_leave_the_wrong_tenant_declared(world, items):
    a, b = world.a.tenant.id, world.b.tenant.id
    with scoped_to(a):
        _raw("SELECT 1")  # the transaction now carries tenant A
        savepoint = db.session.begin_nested()
        with scoped_to(b):
            _raw("SELECT 1")  # B, inside the savepoint
        savepoint.rollback()  # PostgreSQL is back to A
        with scoped_to(b):
            assert _raw_tenants() == [b]


def test_a_transaction_declares_its_tenant_once(monkeypatch, world, items):
    declared = []
    original = rls.declare_tenant
    monkeypatch.setattr(rls, "declare_tenant", lambda conn, tenant: (declared.append(tenant), original(conn, tenant)))
    a = world.a.tenant.id
    with scoped_to(a):
        for _ in range(3):
            _raw_tenants()
        db.session.scalars(select(FeedbackItem)).all()
        db.session.commit()
    assert declared == [a]


def test_refreshing_another_tenants_object_inside_a_scope_still_works(world):
    partner_b = world.b.partners[0]  # committed by the factory, so expired
    with scoped_to(world.a.tenant.id):
        assert partner_b.name == "Partner B1"


# --- the deliberate cross-tenant paths --------------------------------------------------


def test_login_and_the_pages_after_it_work_under_the_policies(world, items, login):
    client = login(world.a.admin)
    page = client.get("/feedback/")
    assert page.status_code == 200
    assert "First A item" in page.get_data(as_text=True)
    assert "Only B item" not in page.get_data(as_text=True)


def test_a_survey_link_is_answered_under_the_policies(world, client, smtp):
    campaign = sent_campaign(world.a, ["carol@customer.example"])
    token = links_by_address(smtp)["carol@customer.example"]
    response = client.post(f"/s/{token}", data=full_answers(campaign.survey))
    assert response.status_code == 200
    [recipient] = recipients(world.a)
    assert recipient.answered_at is not None


def test_the_outbox_sender_delivers_every_tenants_mail(world, smtp):
    # The world's invitations queued mail for both tenants; the sender runs with no scope.
    with all_tenants():
        queued = db.session.scalars(select(OutboxMessage.tenant_id)).all()
    assert {world.a.tenant.id, world.b.tenant.id} <= set(queued)
    assert deliver_all_due() == len(queued)  # declares its own cross-tenant work
    with all_tenants():
        assert set(db.session.scalars(select(OutboxMessage.status))) == {OutboxStatus.SENT}
    assert len(smtp.wait_for(len(queued))) == len(queued)


# --- production set-up commands ------------------------------------------------------


def _owner_app(app):
    """An app connected as the tables' owner, as the deploy steps run."""
    url = app.extensions["test_owner_engine"].url.render_as_string(hide_password=False)
    return create_app(_config_class(url))


def test_db_roles_commands_grant_a_role_data_access_and_reinstall_the_policies(app):
    with app.extensions["test_owner_engine"].begin() as connection:
        connection.execute(text("""DO $$ BEGIN CREATE ROLE partnerloop_test_grantee NOLOGIN;
            EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"""))
    owner_app = _owner_app(app)
    runner = owner_app.test_cli_runner()
    with owner_app.app_context():  # the commands run in the pushed app's context
        granted = runner.invoke(args=["db-roles", "grant-app-role", "partnerloop_test_grantee"])
        installed = runner.invoke(args=["db-roles", "install-rls"])
        db.session.remove()
        db.engine.dispose()
    assert granted.exit_code == 0, granted.output
    assert installed.exit_code == 0, (installed.output, installed.exception)
    assert installed.output == f"Row-level security enabled and forced on {len(rls.tenant_tables())} tables.\n"
    with all_tenants():  # the guard reads table names in string literals too
        privileges = _raw(
            "SELECT has_table_privilege('partnerloop_test_grantee', 'feedback_items', 'SELECT, INSERT, UPDATE, DELETE'),"
            " has_table_privilege('partnerloop_test_grantee', 'feedback_items', 'TRUNCATE'),"
            " has_sequence_privilege('partnerloop_test_grantee', 'feedback_items_id_seq', 'USAGE')"
        ).one()
    assert tuple(privileges) == (True, False, True)
