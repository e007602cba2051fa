"""Sign-up: a vendor company becomes a tenant and its first user its admin, once the
emailed link confirmed the address. (The confirmation link itself: test_auth_verification.py;
what sign-up tells about existing accounts: test_auth_signup_enumeration.py.)"""

import re

import pytest
from sqlalchemy import func, select

from app.auth.models import User
from app.auth.services import accounts, signup
from app.core.errors import ServiceError
from app.extensions import db
from app.mail.models import OutboxMessage
from app.mail.sender import deliver_all_due
from app.partners.models import PartnerTier
from app.tenancy import all_tenants, scoped_to, unscoped
from app.tenants.models import Membership, Role, Tenant
from app.tenants.services import tenants as tenant_service
from tests.factories import make_tenant, make_user
from tests.smtp import text_part

CONFIRM_LINK = re.compile(r"http://localhost(/verify/[A-Za-z0-9_-]+)")


def signup_data(**overrides):
    data = {
        "company_name": "Globex",
        "slug": "globex",
        "name": "Hank Scorpio",
        "email": "hank@example.com",
        "password": "volcano lair 42",
    }
    data.update(overrides)
    return data


def tenant_by_slug(slug):
    return db.session.scalars(select(Tenant).where(Tenant.slug == slug)).first()


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def outbox():
    return db.session.scalars(unscoped(select(OutboxMessage).order_by(OutboxMessage.id))).all()


def confirmation_link(smtp, address="hank@example.com"):
    """The path of the confirmation link emailed to `address`, delivered over SMTP."""
    deliver_all_due()
    smtp.wait_for(1)
    [message] = smtp.to(address)
    return CONFIRM_LINK.search(text_part(message)).group(1)


def confirm(client, smtp, address="hank@example.com", **options):
    """Open the emailed link and press its button."""
    path = confirmation_link(smtp, address)
    assert client.get(path).status_code == 200
    return client.post(path, **options)


def sign_up_and_confirm(client, smtp, follow_redirects=False, **overrides):
    assert client.post("/signup", data=signup_data(**overrides)).status_code == 302
    return confirm(client, smtp, overrides.get("email", "hank@example.com"), follow_redirects=follow_redirects)


def test_signup_page_shows_the_form(client):
    page = client.get("/signup").get_data(as_text=True)
    for field in ("company_name", "slug", "name", "email", "password"):
        assert f'name="{field}"' in page


def test_signup_creates_tenant_once_the_email_is_confirmed(client, smtp):
    response = client.post("/signup", data=signup_data())
    assert response.status_code == 302 and tenant_by_slug("globex") is None
    confirm(client, smtp)
    tenant = tenant_by_slug("globex")
    assert tenant is not None and tenant.name == "Globex"


def test_signup_makes_the_new_user_the_tenant_admin(client, smtp):
    sign_up_and_confirm(client, smtp)
    tenant = tenant_by_slug("globex")
    user = accounts.find_user_by_email("hank@example.com")
    with scoped_to(tenant.id):
        memberships = db.session.scalars(select(Membership)).all()
    assert [(m.user_id, m.role, m.partner_id) for m in memberships] == [(user.id, Role.ADMIN, None)]


def test_signup_creates_default_partner_tiers(client, smtp):
    sign_up_and_confirm(client, smtp)
    with scoped_to(tenant_by_slug("globex").id):
        tiers = db.session.scalars(select(PartnerTier).order_by(PartnerTier.position)).all()
    assert [tier.name for tier in tiers] == ["Gold", "Silver", "Registered"]


def test_confirming_the_email_logs_the_admin_in_to_the_new_portal(client, smtp):
    response = sign_up_and_confirm(client, smtp, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Globex" in page and "Hank Scorpio" in page and "portal is ready" in page
    assert client.get("/partners/").status_code == 200


def test_signup_stores_a_password_hash_not_the_password(client):
    client.post("/signup", data=signup_data())
    user = accounts.find_user_by_email("hank@example.com")
    assert "volcano" not in user.password_hash
    assert accounts.authenticate("hank@example.com", "volcano lair 42") == user


def test_signup_normalises_email_to_lower_case(client):
    client.post("/signup", data=signup_data(email="  Hank@Example.COM "))
    assert db.session.scalars(select(User.email)).all() == ["hank@example.com"]


def test_signup_accepts_an_upper_case_slug_as_lower_case(client, smtp):
    response = client.post("/signup", data=signup_data(slug="GloBex"))
    assert response.status_code == 302
    confirm(client, smtp)
    assert tenant_by_slug("globex") is not None


def test_production_hashes_passwords_with_scrypt(app, client, monkeypatch):
    # TestConfig speeds hashing up; without that setting the app uses werkzeug's scrypt.
    monkeypatch.delitem(app.config, "PASSWORD_HASH_METHOD")
    client.post("/signup", data=signup_data())
    assert accounts.find_user_by_email("hank@example.com").password_hash.startswith("scrypt:")


def test_duplicate_slug_is_a_field_error(client):
    make_tenant("Globex Inc", "globex")
    response = client.post("/signup", data=signup_data())
    assert response.status_code == 422
    assert "This address is already taken." in response.get_data(as_text=True)
    assert accounts.find_user_by_email("hank@example.com") is None


@pytest.mark.parametrize("slug", ["admin", "api", "login", "www"])
def test_reserved_slug_is_a_field_error(client, slug):
    response = client.post("/signup", data=signup_data(slug=slug))
    assert response.status_code == 422
    assert "This address is reserved" in response.get_data(as_text=True)
    assert count(Tenant) == 0


@pytest.mark.parametrize("slug", ["glo_bex", "-globex", "globex-", "glo bex", "glöbex", "globex.com"])
def test_malformed_slug_is_a_field_error(client, slug):
    response = client.post("/signup", data=signup_data(slug=slug))
    assert response.status_code == 422
    assert "lowercase letters, digits and hyphens" in response.get_data(as_text=True)
    assert count(Tenant) == 0


@pytest.mark.parametrize("slug", ["a", "ab", "x" * 64])
def test_service_refuses_slug_of_wrong_length(slug):
    with pytest.raises(ServiceError) as raised:
        tenant_service.validate_slug(slug)
    assert raised.value.field == "slug"


def test_slug_taken_before_the_email_is_confirmed_asks_for_another(client, smtp):
    client.post("/signup", data=signup_data())
    make_tenant("Globex Inc", "globex")  # someone else's sign-up got there first
    response = confirm(client, smtp)
    assert response.status_code == 302 and response.headers["Location"] == "/orgs/new"
    page = client.get("/orgs/new").get_data(as_text=True)
    assert "the portal address globex was taken in the meantime" in page
    user = accounts.find_user_by_email("hank@example.com")
    with all_tenants():
        assert user.is_verified and user.memberships == []


def test_email_taken_by_a_concurrent_signup_gets_the_same_answer_not_500(client, smtp, monkeypatch):
    make_user("hank@example.com")
    db.session.commit()
    # The other sign-up commits between our look-up and our insert.
    monkeypatch.setattr(signup, "find_user_by_email", lambda email: None)
    monkeypatch.setattr(accounts, "find_user_by_email", lambda email: None)
    response = client.post("/signup", data=signup_data())
    assert response.status_code == 302 and response.headers["Location"] == "/signup/check-your-email"
    assert count(Tenant) == 0 and count(User) == 1
    assert [message.kind for message in outbox()] == ["signup_attempt"]


@pytest.mark.parametrize(
    "password, message",
    [
        ("short", "Use at least 10 characters."),
        ("aaaaaaaaaaaaaaa", "Use a less repetitive password."),
        ("hank-is-great-1", "Don&#39;t use your email address in your password."),
    ],
)
def test_weak_password_is_a_field_error(client, password, message):
    response = client.post("/signup", data=signup_data(password=password))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert count(Tenant) == 0 and count(User) == 0


@pytest.mark.parametrize("field", ["company_name", "slug", "name", "email", "password"])
def test_missing_field_is_a_field_error(client, field):
    response = client.post("/signup", data=signup_data(**{field: ""}))
    assert response.status_code == 422
    assert "This field is required." in response.get_data(as_text=True)
    assert count(Tenant) == 0


def test_invalid_email_is_a_field_error(client):
    response = client.post("/signup", data=signup_data(email="not-an-email"))
    assert response.status_code == 422
    assert "Invalid email address." in response.get_data(as_text=True)


def test_field_errors_are_shown_next_to_the_field(client):
    page = client.post("/signup", data=signup_data(slug="glo_bex")).get_data(as_text=True)
    assert 'id="slug"' in page and "is-invalid" in page and "invalid-feedback" in page


@pytest.fixture
def existing_admin(app):
    user = make_user("peter@example.com", "Peter Gibbons")
    make_tenant("Initech", "initech", user)
    return user


def test_signed_in_person_opens_another_organisation(client, login, existing_admin):
    client = login(existing_admin)
    assert client.get("/signup").headers["Location"] == "/orgs/new"
    response = client.post("/orgs/new", data={"company_name": "Globex", "slug": "globex"})
    assert response.status_code == 302
    db.session.expire_all()
    with all_tenants():
        tenants = {membership.tenant.slug: membership.role for membership in existing_admin.memberships}
    assert tenants == {"initech": Role.ADMIN, "globex": Role.ADMIN}
    home = client.get("/").get_data(as_text=True)
    assert "Globex" in home and "Initech" not in home


def test_new_organisation_with_a_taken_slug_is_a_field_error(client, login, existing_admin):
    response = login(existing_admin).post("/orgs/new", data={"company_name": "Initech 2", "slug": "initech"})
    assert response.status_code == 422
    assert "This address is already taken." in response.get_data(as_text=True)


def test_new_organisation_slug_taken_by_a_concurrent_signup_is_a_field_error_not_500(
        client, login, existing_admin, monkeypatch):
    make_tenant("Globex Inc", "globex")
    client = login(existing_admin)
    # The other sign-up commits between our check and our insert.
    monkeypatch.setattr(tenant_service, "slug_is_taken", lambda slug: False)
    response = client.post("/orgs/new", data={"company_name": "Globex", "slug": "globex"})
    assert response.status_code == 422
    assert "This address is already taken." in response.get_data(as_text=True)


def test_failed_signup_keeps_the_typed_values(client):
    page = client.post("/signup", data=signup_data(slug="admin")).get_data(as_text=True)
    assert 'value="Globex"' in page and 'value="hank@example.com"' in page


def test_signup_is_rate_limited(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT", "2 per minute")
    for _ in range(2):
        client.post("/signup", data=signup_data(slug="admin"))
    response = client.post("/signup", data=signup_data())
    assert response.status_code == 429 and "Too many requests" in response.get_data(as_text=True)
    assert count(Tenant) == 0
