"""The central tenant scoping (app/tenancy): what ORM statements and flushes may see and write."""

import pytest
from sqlalchemy import MetaData, String, delete, func, insert, select, update
from sqlalchemy.orm import DeclarativeBase, Mapped, aliased, joinedload, mapped_column, selectinload
from werkzeug.exceptions import NotFound

from app.auth.models import User
from app.core.permissions import get_or_404
from app.extensions import db
from app.partners.models import Partner, PartnerTier
from app.tenancy import StaffOnly, TenantScopeError, active_scope, scoped_to, unscoped
from app.tenants.models import Invitation, Membership, Role, Tenant
from tests.factories import add_member


class _ProbeBase(DeclarativeBase):
    """A separate metadata, so the test-only table never reaches create_all or Alembic."""

    metadata = MetaData()


Tenant.__table__.to_metadata(_ProbeBase.metadata)  # the target of StaffOnly's tenant_id foreign key


class StaffNote(StaffOnly, _ProbeBase):
    """A staff-only row, for the partner-scope tests (no real model is needed for them)."""

    __tablename__ = "test_staff_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[str] = mapped_column(String(200))


@pytest.fixture
def staff_notes(app):
    StaffNote.__table__.create(db.engine)
    yield StaffNote
    db.session.rollback()  # release the session's locks before dropping the table
    StaffNote.__table__.drop(db.engine)


def _all(statement):
    return db.session.scalars(statement).all()


def _unscoped_all(statement):
    return db.session.scalars(unscoped(statement)).all()


def _b_partner(world):
    return db.session.scalars(unscoped(select(Partner).where(Partner.id == world.b.partners[0].id))).one()


def _a2_invitation(world):
    return db.session.scalars(
        unscoped(select(Invitation).where(Invitation.partner_id == world.a.partners[1].id))
    ).one()


# --- reads -----------------------------------------------------------------------------


def test_select_returns_only_the_active_tenants_rows(world):
    with scoped_to(world.a.tenant.id):
        assert {p.name for p in _all(select(Partner))} == {"Partner A1", "Partner A2"}


def test_count_counts_only_the_active_tenants_rows(world):
    with scoped_to(world.a.tenant.id):
        assert db.session.scalar(select(func.count()).select_from(Partner)) == 2


def test_join_only_matches_the_active_tenants_rows(world):
    add_member(world.b.tenant, world.a.manager, Role.MANAGER)
    with scoped_to(world.b.tenant.id):
        emails = _all(select(User.email).join(Membership, Membership.user_id == User.id))
    assert "manager@a.test" in emails and "admin@b.test" in emails
    assert not [email for email in emails if email.endswith("@a.test") and email != "manager@a.test"]


def test_join_condition_cannot_reach_another_tenants_rows(world):
    other = aliased(Partner)
    with scoped_to(world.a.tenant.id):
        pairs = db.session.execute(
            select(Partner.name, other.name).join(other, other.tenant_id != Partner.tenant_id)
        ).all()
    assert pairs == []


def test_aliased_entity_is_filtered(world):
    partner = aliased(Partner)
    with scoped_to(world.b.tenant.id):
        assert set(_all(select(partner.name))) == {"Partner B1", "Partner B2"}


def test_subquery_is_filtered(world):
    with scoped_to(world.a.tenant.id):
        emails = _all(select(User.email).where(User.id.in_(select(Membership.user_id))))
    assert emails and all(email.endswith("@a.test") for email in emails)


def test_union_of_selects_is_filtered(world):
    with scoped_to(world.a.tenant.id):
        names = db.session.scalars(
            select(Partner.name).union_all(select(PartnerTier.name).where(PartnerTier.name == "Gold"))
        ).all()
    assert sorted(names) == ["Gold", "Partner A1", "Partner A2"]


def test_criteria_follow_the_scope_of_each_execution(world):
    statement = select(Partner.name).order_by(Partner.name)
    with scoped_to(world.a.tenant.id):
        first = _all(statement)
    with scoped_to(world.b.tenant.id):
        second = _all(statement)
    assert (first, second) == (["Partner A1", "Partner A2"], ["Partner B1", "Partner B2"])


def _manager_of_both_tenants(world):
    """(id of A's manager, now also B's manager, tenant A id, tenant B id), with an empty session."""
    add_member(world.b.tenant, world.a.manager, Role.MANAGER)
    ids = world.a.manager.id, world.a.tenant.id, world.b.tenant.id
    db.session.expunge_all()
    return ids


def test_lazy_load_from_a_user_returns_only_the_active_tenants_memberships(world):
    user_id, _, b_id = _manager_of_both_tenants(world)
    user = db.session.get(User, user_id)  # users belong to no tenant
    with scoped_to(b_id):
        assert [m.tenant_id for m in user.memberships] == [b_id]


def test_selectinload_returns_only_the_active_tenants_memberships(world):
    user_id, a_id, _ = _manager_of_both_tenants(world)
    with scoped_to(a_id):
        user = db.session.scalars(
            select(User).options(selectinload(User.memberships)).where(User.id == user_id)
        ).one()
        assert [m.tenant_id for m in user.memberships] == [a_id]


def test_joinedload_returns_only_the_active_tenants_memberships(world):
    user_id, a_id, _ = _manager_of_both_tenants(world)
    with scoped_to(a_id):
        user = (
            db.session.scalars(select(User).options(joinedload(User.memberships)).where(User.id == user_id))
            .unique()
            .one()
        )
        assert [m.tenant_id for m in user.memberships] == [a_id]


def test_relationship_loads_of_unscoped_objects_stay_unscoped(world):
    user_id, a_id, _ = _manager_of_both_tenants(world)
    with scoped_to(a_id):
        user = db.session.scalars(unscoped(select(User).where(User.id == user_id))).one()
        assert len(user.memberships) == 2


def test_get_of_another_tenants_id_returns_none(world):
    partner_id, a_id = world.b.partners[0].id, world.a.tenant.id
    db.session.expunge_all()
    with scoped_to(a_id):
        assert db.session.get(Partner, partner_id) is None


def test_get_or_404_ignores_another_tenants_object_already_in_the_session(world, app):
    foreign = _b_partner(world)  # now in the identity map, where Session.get() would find it
    with app.test_request_context(), scoped_to(world.a.tenant.id), pytest.raises(NotFound):
        get_or_404(Partner, foreign.id)


# --- UPDATE, DELETE and INSERT statements ---------------------------------------------------


def _regions():
    return dict(db.session.execute(unscoped(select(Partner.name, Partner.region))).all())


def test_update_statement_changes_only_the_active_tenants_rows(world):
    with scoped_to(world.a.tenant.id):
        changed = db.session.execute(update(Partner).values(region="APAC")).rowcount
        db.session.commit()
    assert changed == 2
    assert _regions() == {
        "Partner A1": "APAC",
        "Partner A2": "APAC",
        "Partner B1": "EMEA",
        "Partner B2": "EMEA",
    }


def test_delete_statement_deletes_only_the_active_tenants_rows(world):
    with scoped_to(world.a.tenant.id):
        db.session.execute(delete(Invitation))
        db.session.commit()
    assert {i.tenant_id for i in _unscoped_all(select(Invitation))} == {world.b.tenant.id}


def test_bulk_update_by_primary_key_refuses_another_tenants_rows(world):
    with scoped_to(world.a.tenant.id), pytest.raises(TenantScopeError):
        db.session.execute(update(Partner), [{"id": world.b.partners[0].id, "region": "APAC"}])


def test_update_statement_cannot_move_rows_to_another_tenant(world):
    with scoped_to(world.a.tenant.id), pytest.raises(TenantScopeError):
        db.session.execute(update(PartnerTier).values(tenant_id=world.b.tenant.id))


def test_update_statement_cannot_point_rows_at_another_tenants_row(world):
    with scoped_to(world.a.tenant.id), pytest.raises(TenantScopeError):
        db.session.execute(update(Partner).values(tier_id=world.b.tier.id))


def test_core_update_of_a_tenant_table_changes_only_the_active_tenants_rows(world):
    with scoped_to(world.b.tenant.id):
        db.session.execute(Partner.__table__.update().values(region="APAC"))
        db.session.commit()
    assert _regions() == {
        "Partner A1": "EMEA",
        "Partner A2": "EMEA",
        "Partner B1": "APAC",
        "Partner B2": "APAC",
    }


def test_core_select_of_a_tenant_table_is_refused(world):
    with scoped_to(world.a.tenant.id), pytest.raises(TenantScopeError):
        db.session.execute(select(func.count()).select_from(Partner.__table__))


def test_insert_statement_is_stamped_with_the_active_tenant(world):
    with scoped_to(world.a.tenant.id):
        db.session.execute(insert(PartnerTier), [{"name": "Platinum", "position": 9, "weight": 4}])
        db.session.commit()
    assert _unscoped_all(select(PartnerTier.tenant_id).where(PartnerTier.name == "Platinum")) == [
        world.a.tenant.id
    ]


def test_insert_statement_for_another_tenant_is_refused(world):
    with scoped_to(world.a.tenant.id), pytest.raises(TenantScopeError):
        db.session.execute(
            insert(PartnerTier).values(tenant_id=world.b.tenant.id, name="Platinum", position=9, weight=4)
        )


def test_insert_statement_is_stamped_with_the_partner_under_partner_scope(world):
    a1 = world.a.partners[0]
    with scoped_to(world.a.tenant.id, a1.id):
        db.session.execute(
            insert(Invitation).values(
                email="x@a.test",
                role=Role.PARTNER_MEMBER,
                token_hash="h" * 64,
                expires_at=world.a.staff_invitation.expires_at,
            )
        )
        db.session.commit()
    assert _unscoped_all(select(Invitation.partner_id).where(Invitation.email == "x@a.test")) == [a1.id]


def test_insert_statement_without_scope_is_refused(world):
    with pytest.raises(TenantScopeError):
        db.session.execute(insert(PartnerTier), [{"tenant_id": world.a.tenant.id, "name": "Platinum"}])


# --- partner scope -------------------------------------------------------------------------


def test_partner_scope_limits_partner_scoped_rows_to_its_partner(world):
    a1 = world.a.partners[0]
    with scoped_to(world.a.tenant.id, a1.id):
        memberships = _all(select(Membership))
        invitations = _all(select(Invitation))
    assert {m.partner_id for m in memberships} == {a1.id} and len(memberships) == 2
    assert [i.partner_id for i in invitations] == [a1.id]


def test_partner_scope_sees_only_its_own_partner(world):
    with scoped_to(world.a.tenant.id, world.a.partners[0].id):
        assert _all(select(Partner.name)) == ["Partner A1"]


def test_partner_scope_limits_update_statements_to_its_partner(world):
    a1 = world.a.partners[0]
    with scoped_to(world.a.tenant.id, a1.id):
        db.session.execute(update(Invitation).values(sent_count=5))
        db.session.commit()
    counts = dict(db.session.execute(unscoped(select(Invitation.email, Invitation.sent_count))).all())
    assert counts["newp1@a.test"] == 5
    assert {email: n for email, n in counts.items() if n == 5} == {"newp1@a.test": 5}


def test_partner_scope_hides_staff_only_rows(world, staff_notes):
    with scoped_to(world.a.tenant.id):
        db.session.add(StaffNote(body="internal"))
        db.session.commit()
    with scoped_to(world.a.tenant.id, world.a.partners[0].id):
        assert _all(select(StaffNote)) == []


def test_staff_scope_sees_staff_only_rows(world, staff_notes):
    with scoped_to(world.a.tenant.id):
        db.session.add(StaffNote(body="internal"))
        db.session.commit()
        assert [note.body for note in _all(select(StaffNote))] == ["internal"]


def test_partner_user_cannot_write_staff_only_rows(world, staff_notes):
    with scoped_to(world.a.tenant.id, world.a.partners[0].id), pytest.raises(TenantScopeError):
        db.session.add(StaffNote(body="from a partner"))
        db.session.flush()


# --- no scope --------------------------------------------------------------------------------


def test_query_without_scope_raises(world):
    with pytest.raises(TenantScopeError):
        db.session.execute(select(Partner))


def test_get_without_scope_raises(world):
    partner_id = world.a.partners[0].id
    db.session.expunge_all()
    with pytest.raises(TenantScopeError):
        db.session.get(Partner, partner_id)


def test_join_to_a_tenant_table_without_scope_raises(world):
    with pytest.raises(TenantScopeError):
        db.session.execute(select(User).join(Membership, Membership.user_id == User.id))


def test_subquery_on_a_tenant_table_without_scope_raises(world):
    with pytest.raises(TenantScopeError):
        db.session.execute(select(User).where(User.id.in_(select(Membership.user_id))))


def test_query_of_tables_no_tenant_owns_needs_no_scope(world):
    assert len(db.session.scalars(select(User)).all()) == 12


def test_unscoped_statement_sees_every_tenant(world):
    assert len(_unscoped_all(select(Partner))) == 4


def test_scoped_to_restores_the_previous_scope(world):
    with scoped_to(world.a.tenant.id):
        with scoped_to(world.b.tenant.id, world.b.partners[0].id):
            pass
        assert active_scope().tenant_id == world.a.tenant.id and active_scope().partner_id is None
    assert active_scope() is None


# --- flush -----------------------------------------------------------------------------------


def test_new_row_is_stamped_with_the_active_tenant(world):
    with scoped_to(world.a.tenant.id):
        tier = PartnerTier(name="Platinum")
        db.session.add(tier)
        db.session.flush()
        assert tier.tenant_id == world.a.tenant.id


def test_new_partner_scoped_row_is_stamped_with_the_partner_under_partner_scope(world):
    a1 = world.a.partners[0]
    with scoped_to(world.a.tenant.id, a1.id):
        invitation = Invitation(
            email="x@a.test",
            role=Role.PARTNER_MEMBER,
            token_hash="h" * 64,
            expires_at=world.a.staff_invitation.expires_at,
        )
        db.session.add(invitation)
        db.session.flush()
        assert (invitation.tenant_id, invitation.partner_id) == (world.a.tenant.id, a1.id)


def test_new_row_of_another_tenant_is_refused(world):
    with scoped_to(world.a.tenant.id), pytest.raises(TenantScopeError):
        db.session.add(PartnerTier(tenant_id=world.b.tenant.id, name="Platinum"))
        db.session.flush()


def test_new_row_of_another_partner_is_refused_under_partner_scope(world):
    with scoped_to(world.a.tenant.id, world.a.partners[0].id), pytest.raises(TenantScopeError):
        db.session.add(
            Membership(user_id=world.a.admin.id, role=Role.PARTNER_MEMBER, partner_id=world.a.partners[1].id)
        )
        db.session.flush()


def test_moving_a_row_into_the_active_tenant_is_refused(world):
    partner = _b_partner(world)
    with scoped_to(world.a.tenant.id), pytest.raises(TenantScopeError):
        partner.tenant_id = world.a.tenant.id
        db.session.flush()


def test_moving_a_row_out_of_the_active_tenant_is_refused(world):
    with scoped_to(world.a.tenant.id), pytest.raises(TenantScopeError):
        partner = db.session.scalars(select(Partner)).first()
        partner.tenant_id = world.b.tenant.id
        db.session.flush()


def test_editing_another_tenants_row_is_refused(world):
    partner = _b_partner(world)
    with scoped_to(world.a.tenant.id), pytest.raises(TenantScopeError):
        partner.region = "APAC"
        db.session.flush()


def test_deleting_another_tenants_row_is_refused(world):
    partner = _b_partner(world)
    with scoped_to(world.a.tenant.id), pytest.raises(TenantScopeError):
        db.session.delete(partner)
        db.session.flush()


def test_partner_user_cannot_take_over_another_partners_row(world):
    invitation = _a2_invitation(world)
    with scoped_to(world.a.tenant.id, world.a.partners[0].id), pytest.raises(TenantScopeError):
        invitation.partner_id = world.a.partners[0].id
        db.session.flush()


def test_row_cannot_refer_to_another_tenants_row_by_id(world):
    with scoped_to(world.a.tenant.id), pytest.raises(TenantScopeError):
        partner = db.session.scalars(select(Partner)).first()
        partner.tier_id = world.b.tier.id
        db.session.flush()


def test_row_cannot_refer_to_another_tenants_row_by_relationship(world):
    foreign = _b_partner(world)
    with scoped_to(world.a.tenant.id), pytest.raises(TenantScopeError):
        db.session.add(
            Invitation(
                email="x@a.test",
                role=Role.PARTNER_MEMBER,
                token_hash="h" * 64,
                expires_at=world.a.staff_invitation.expires_at,
                partner=foreign,
            )
        )
        db.session.flush()


def test_partner_user_cannot_refer_to_another_partner(world):
    other = db.session.scalars(unscoped(select(Partner).where(Partner.id == world.a.partners[1].id))).one()
    with scoped_to(world.a.tenant.id, world.a.partners[0].id), pytest.raises(TenantScopeError):
        db.session.add(
            Invitation(
                email="x@a.test",
                role=Role.PARTNER_MEMBER,
                token_hash="h" * 64,
                expires_at=world.a.staff_invitation.expires_at,
                partner=other,
            )
        )
        db.session.flush()


def test_write_without_scope_is_refused(world):
    with pytest.raises(TenantScopeError):
        db.session.add(PartnerTier(tenant_id=world.a.tenant.id, name="Platinum"))
        db.session.flush()
