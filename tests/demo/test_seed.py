"""`flask demo seed`: a realistic demo tenant that can be recreated at any time."""

import pytest
from sqlalchemy import func, select

from app.auth.models import User
from app.auth.services.accounts import hash_password
from app.demo.services.seed import DEMO_PASSWORD, DEMO_SLUG
from app.extensions import db
from app.partners.models import Partner, PartnerStatus
from app.tenancy import scoped_to, unscoped
from app.tenants.models import Invitation, Membership, Role, Tenant
from tests.factories import add_member, make_user
from tests.invitation_helpers import emailed_invitation_path, memberships_of

pytestmark = pytest.mark.slow  # each test seeds the whole demo tenant


@pytest.fixture
def seed(app):
    runner = app.test_cli_runner()

    def _seed(*options):
        result = runner.invoke(args=["demo", "seed", *options])
        assert result.exit_code == 0, (result.output, result.exception)
        db.session.expire_all()
        return result.output

    return _seed


def _demo_tenant():
    return db.session.scalars(select(Tenant).where(Tenant.slug == DEMO_SLUG)).first()


def _count(model, tenant):
    statement = select(func.count()).select_from(model).where(model.tenant_id == tenant.id)
    return db.session.scalar(unscoped(statement))


def _demo_counts():
    tenant = _demo_tenant()
    return {model.__name__: _count(model, tenant) for model in (Partner, Membership, Invitation)}


def _user(email):
    return db.session.scalars(select(User).where(User.email == email)).one()


def _login(app, email, password=DEMO_PASSWORD):
    client = app.test_client()
    response = client.post("/login", data={"email": email, "password": password})
    assert response.status_code == 302
    return client


def test_seed_creates_the_demo_tenant(seed):
    output = seed()
    assert "Demo tenant 'demo' is ready" in output and "admin@demo.example" in output
    assert _demo_tenant().name == "Acme Cloud"
    assert _demo_counts() == {"Partner": 4, "Membership": 6, "Invitation": 2}


def test_seed_sets_partner_details_and_statuses(seed):
    seed()
    partners = db.session.scalars(unscoped(select(Partner).order_by(Partner.name))).all()
    assert [(p.name, p.status, p.tier.name, p.manager.email) for p in partners] == [
        ("Bluebird Consulting", PartnerStatus.ACTIVE, "Silver", "manager@demo.example"),
        ("Cobalt Systems", PartnerStatus.ACTIVE, "Gold", "manager@demo.example"),
        ("Dunmore Digital", PartnerStatus.SUSPENDED, "Registered", "manager@demo.example"),
        ("Northwind Solutions", PartnerStatus.ACTIVE, "Gold", "manager@demo.example"),
    ]


def test_seed_twice_in_a_row_gives_one_fresh_demo_tenant(seed):
    seed()
    with scoped_to(_demo_tenant().id):
        northwind = db.session.scalars(select(Partner).where(Partner.name == "Northwind Solutions")).one()
        northwind.name = "Renamed by a visitor"
        db.session.commit()
    seed()
    assert db.session.scalar(select(func.count()).select_from(Tenant).where(Tenant.slug == DEMO_SLUG)) == 1
    names = set(
        db.session.scalars(unscoped(select(Partner.name).where(Partner.tenant_id == _demo_tenant().id)))
    )
    assert "Northwind Solutions" in names and "Renamed by a visitor" not in names
    assert _demo_counts() == {"Partner": 4, "Membership": 6, "Invitation": 2}
    assert db.session.scalar(select(func.count()).select_from(User)) == 6


def test_demo_logins_work_after_seeding_twice(app, seed):
    seed()
    seed()
    admin = _login(app, "admin@demo.example")
    body = admin.get("/partners/").get_data(as_text=True)
    assert all(name in body for name in ("Northwind Solutions", "Bluebird Consulting", "Dunmore Digital"))
    nora = _login(app, "nora@northwind.example")
    assert "People of Northwind Solutions" in nora.get("/team/").get_data(as_text=True)


def test_reseeding_resets_a_changed_demo_password(app, seed):
    seed()
    _user("manager@demo.example").password_hash = hash_password("someone changed it 123")
    db.session.commit()
    seed()
    assert _login(app, "manager@demo.example").get("/team/").status_code == 200


def test_demo_logins_are_verified_even_where_an_unconfirmed_sign_up_came_first(app, seed):
    make_user("nora@northwind.example", "Someone else", verified=False)
    db.session.commit()
    seed()
    assert all(user.is_verified for user in db.session.scalars(select(User)))
    assert _login(app, "nora@northwind.example").get("/team/").status_code == 200


def test_seed_if_empty_seeds_an_empty_database(seed):
    seed("--if-empty")
    assert _demo_counts() == {"Partner": 4, "Membership": 6, "Invitation": 2}


def test_seed_if_empty_leaves_a_database_with_tenants_alone(world, seed):
    output = seed("--if-empty")
    assert "skipped" in output
    assert _demo_tenant() is None
    assert db.session.scalar(select(func.count()).select_from(Tenant)) == 2


def test_seed_if_empty_keeps_an_existing_demo_tenant(seed):
    seed()
    demo_id = _demo_tenant().id
    output = seed("--if-empty")
    assert "skipped" in output and "admin@demo.example" in output
    assert _demo_tenant().id == demo_id


def test_seed_leaves_other_tenants_untouched(world, seed):
    seed()
    seed()
    assert _count(Partner, world.a.tenant) == 2 and _count(Membership, world.b.tenant) == 6
    assert _count(Invitation, world.a.tenant) == 3


def test_reseeding_keeps_a_demo_persons_membership_in_another_tenant(world, seed):
    seed()
    add_member(world.a.tenant, _user("nora@northwind.example"), Role.MANAGER)
    seed()
    tenants = {m.tenant_id for m in memberships_of(_user("nora@northwind.example"))}
    assert tenants == {world.a.tenant.id, _demo_tenant().id}


def test_demo_invitation_email_can_be_accepted(app, seed, smtp):
    seed()
    seed()
    path = emailed_invitation_path(smtp, "new.colleague@northwind.example")
    invitee = app.test_client()
    password = "a fine long passphrase 42"
    response = invitee.post(path, data={"name": "Newt", "password": password, "confirm": password})
    assert response.status_code == 302
    assert "People of Northwind Solutions" in invitee.get("/team/").get_data(as_text=True)
