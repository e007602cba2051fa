"""Security headers on every page, no inline scripts, cookie flags, production secret
checks, CSRF enforcement and local-only `next=` redirects."""

import re

import pytest
from sqlalchemy import select

import config
from app import create_app
from app.extensions import db
from app.partners.models import Partner
from app.tenancy import unscoped
from tests.factories import PASSWORD
from tests.security.crawl import crawl, parse_page

pytestmark = pytest.mark.slow  # every form or page, as several roles

ANONYMOUS_PAGES = ("/", "/login", "/signup", "/reset", "/invitations/not-a-real-token", "/no-such-page")
STRONG_SECRET = "s3cure-" + "x" * 40


def _directives(policy):
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def _html_pages(client, start, limit):
    pages = crawl(client, start=start, limit=limit)
    return {path: r for path, r in pages.items() if r.mimetype == "text/html"}


@pytest.fixture
def admin_pages(world, login):
    return _html_pages(login(world.a.admin), ("/",), 20)


@pytest.fixture
def anonymous_pages(client):
    return _html_pages(client, ANONYMOUS_PAGES, len(ANONYMOUS_PAGES))


def _header_problems(response):
    headers = response.headers
    problems = []
    script_src = _directives(headers.get("Content-Security-Policy", "")).get("script-src")
    if not script_src or "'unsafe-inline'" in script_src:
        problems.append(f"script-src {script_src}")
    if headers.get("X-Content-Type-Options") != "nosniff":
        problems.append("nosniff")
    if not headers.get("Referrer-Policy"):
        problems.append("Referrer-Policy")
    frame_ancestors = _directives(headers.get("Content-Security-Policy", "")).get("frame-ancestors")
    if headers.get("X-Frame-Options") not in ("DENY", "SAMEORIGIN") and frame_ancestors != ["'none'"]:
        problems.append("frame protection")
    return problems


@pytest.mark.parametrize("pages", ["admin_pages", "anonymous_pages"])
def test_every_html_page_carries_the_security_headers(request, pages):
    pages = request.getfixturevalue(pages)
    assert len(pages) >= 5
    problems = {path: _header_problems(r) for path, r in pages.items()}
    assert {path: p for path, p in problems.items() if p} == {}


@pytest.mark.parametrize("pages", ["admin_pages", "anonymous_pages"])
def test_no_page_has_an_inline_script(request, pages):
    pages = request.getfixturevalue(pages)
    inline = {path: parse_page(r.get_data(as_text=True)).inline_scripts for path, r in pages.items()}
    assert {path: count for path, count in inline.items() if count} == {}


def _login_cookie_headers(app, user):
    client = app.test_client()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD, "remember": "y"})
    assert response.status_code == 302
    return [value for value in response.headers.getlist("Set-Cookie")]


def _session_cookie(cookie_headers):
    return next(value for value in cookie_headers if value.startswith("session="))


def test_session_cookie_is_httponly_and_samesite_lax(app, world):
    cookie = _session_cookie(_login_cookie_headers(app, world.a.admin))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def _production_config(database_url):
    class Production(config.ProductionConfig):
        TESTING = True

        def __init__(self):
            super().__init__()
            self.SQLALCHEMY_DATABASE_URI = database_url

    return Production


@pytest.fixture
def production(app, monkeypatch):
    """The app under ProductionConfig (CSRF off for the test's posts), on the test database."""
    monkeypatch.setenv("SECRET_KEY", STRONG_SECRET)
    monkeypatch.setenv("BASE_URL", "https://feedback.example.com")
    production = create_app(_production_config(app.config["SQLALCHEMY_DATABASE_URI"]))
    production.config["WTF_CSRF_ENABLED"] = False
    yield production
    with production.app_context():
        db.engine.dispose()


def test_session_and_remember_cookies_are_secure_in_production(world, production):
    cookies = _login_cookie_headers(production, world.a.admin)
    assert all("Secure" in cookie and "HttpOnly" in cookie for cookie in cookies), cookies
    assert {cookie.split("=")[0] for cookie in cookies} >= {"session", "remember_token"}


def test_production_sends_strict_transport_security_on_every_answer(production):
    client = production.test_client()
    for path in ("/login", "/no-such-page", "/api/v1/openapi.json"):
        assert client.get(path).headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_development_and_tests_send_no_strict_transport_security(client):
    # They serve plain HTTP on 127.0.0.1; a browser would then refuse it for a year.
    assert "Strict-Transport-Security" not in client.get("/login").headers
    assert config.DevelopmentConfig.STRICT_TRANSPORT_SECURITY is None


@pytest.mark.parametrize("secret", [None, config.DEV_SECRET_KEY])
def test_app_refuses_to_start_in_production_without_a_secret_key(monkeypatch, secret):
    monkeypatch.setenv("PARTNERLOOP_ENV", "production")
    monkeypatch.setenv("BASE_URL", "https://feedback.example.com")
    if secret is None:
        monkeypatch.delenv("SECRET_KEY", raising=False)
    else:
        monkeypatch.setenv("SECRET_KEY", secret)
    with pytest.raises(RuntimeError, match="SECRET_KEY must be set to a random value"):
        create_app()


@pytest.mark.parametrize("base_url", [None, "", "feedback.example.com", "/partnerloop"])
def test_app_refuses_to_start_in_production_without_a_base_url(monkeypatch, base_url):
    monkeypatch.setenv("PARTNERLOOP_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", STRONG_SECRET)
    if base_url is None:
        monkeypatch.delenv("BASE_URL", raising=False)
    else:
        monkeypatch.setenv("BASE_URL", base_url)
    with pytest.raises(RuntimeError, match="BASE_URL must be set in production"):
        create_app()


@pytest.mark.parametrize("secret", [None, config.DEV_SECRET_KEY, "short-secret"])
def test_production_config_refuses_a_default_or_short_secret_key(monkeypatch, secret):
    if secret is None:
        monkeypatch.delenv("SECRET_KEY", raising=False)
    else:
        monkeypatch.setenv("SECRET_KEY", secret)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        config.ProductionConfig()


@pytest.fixture
def csrf_on(app):
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False


def test_post_without_csrf_token_is_refused_with_a_400_page(app, world, csrf_on):
    client = app.test_client()
    response = client.post("/login", data={"email": world.a.admin.email, "password": PASSWORD})
    assert response.status_code == 400 and response.mimetype == "text/html"
    assert "Your form expired" in response.get_data(as_text=True)


def test_logged_in_post_without_csrf_token_changes_nothing(app, world, csrf_on):
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', page
    )
    client.post(
        "/login", data={"email": world.a.admin.email, "password": PASSWORD, "csrf_token": token.group(1)}
    )
    response = client.post("/partners/new", data={"name": "CSRF partner", "region": "", "vertical": ""})
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.scalars(unscoped(select(Partner).where(Partner.name == "CSRF partner"))).all() == []


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example.com/",
        "//evil.example.com/",
        "/\\evil.example.com",
        "javascript:alert(1)",
        "http:evil.example.com",
        "/\t/evil.example.com",
    ],
)
def test_login_next_never_redirects_off_site(client, world, target):
    response = client.post(
        "/login", query_string={"next": target}, data={"email": world.a.admin.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_login_next_redirects_to_a_local_path(client, world):
    response = client.post(
        "/login",
        query_string={"next": "/partners/?page=2"},
        data={"email": world.a.admin.email, "password": PASSWORD},
    )
    assert response.headers["Location"] == "/partners/?page=2"
