"""The key journeys, driven through real forms in headless Chromium:
a vendor signs up and confirms the emailed link, invites a partner whose admin joins
from the emailed link, and that partner admin invites a colleague."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.tenants.models import Role, Tenant
from tests.factories import PASSWORD, add_member, build_org, make_partner, make_user
from tests.smtp import text_part

pytestmark = pytest.mark.browser

INVITATION_LINK = re.compile(r"https?://\S+/invitations/\S+")
CONFIRMATION_LINK = re.compile(r"https?://\S+/verify/\S+")


def sign_up(
    page, smtp, deliver_mail, company="Orbit Software", slug="orbit", name="Olivia Orbit",
    email="olivia@orbit.example.com",
):
    """Fill in the sign-up form, then open the emailed confirmation link and confirm."""
    page.goto("/signup")
    page.get_by_label("Company name").fill(company)
    page.get_by_label("Portal address").fill(slug)
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Work email").fill(email)
    page.get_by_label("Password").fill("a long enough secret")
    page.get_by_role("button", name="Create your portal").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    page.goto(CONFIRMATION_LINK.search(text_part(only_message_to(smtp, deliver_mail, email))).group(0))
    page.get_by_role("button", name="Confirm my email address").click()


def log_in(page, email, password=PASSWORD):
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def invite_partner(page, name, admin_email):
    page.goto("/partners/new")
    page.get_by_label("Partner company").fill(name)
    page.get_by_label("Tier").select_option(label="Gold")
    page.get_by_label("Region").select_option(label="EMEA")
    page.get_by_label("Email of the partner's first admin").fill(admin_email)
    page.get_by_role("button", name="Invite partner").click()


def only_message_to(smtp, deliver_mail, address):
    deliver_mail()
    smtp.wait_for(1)
    [message] = smtp.to(address)
    return message


def invitation_link(smtp, deliver_mail, address):
    return INVITATION_LINK.search(text_part(only_message_to(smtp, deliver_mail, address))).group(0)


def test_signup_lands_on_the_new_portals_home(page, smtp, deliver_mail):
    sign_up(page, smtp, deliver_mail)

    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Orbit Software")
    expect(page.get_by_role("alert")).to_contain_text("Orbit Software's portal is ready")


def test_invited_partner_admin_joins_and_sees_only_their_organisation(page, new_page, smtp, deliver_mail):
    sign_up(page, smtp, deliver_mail)
    expect(page.get_by_role("heading", level=1)).to_have_text("Orbit Software")
    orbit = db.session.scalars(select(Tenant).where(Tenant.slug == "orbit")).one()
    make_partner(orbit, "Zephyr Retail")
    invite_partner(page, "Northwind Traders", "nora@northwind.example.com")
    expect(page.get_by_role("heading", level=1)).to_have_text("Northwind Traders")
    link = invitation_link(smtp, deliver_mail, "nora@northwind.example.com")

    partner_page = new_page()
    partner_page.goto(link)
    expect(partner_page.get_by_role("heading", level=1)).to_have_text("Join Northwind Traders")
    partner_page.get_by_label("Your name").fill("Nora North")
    partner_page.get_by_label("Choose a password").fill("northwind secret 42")
    partner_page.get_by_label("Repeat password").fill("northwind secret 42")
    partner_page.get_by_role("button", name="Create account and join").click()

    expect(partner_page).to_have_url(re.compile(r"/$"))
    expect(partner_page.get_by_role("heading", level=1)).to_have_text("Northwind Traders")
    expect(partner_page.get_by_text("Partner of Orbit Software")).to_be_visible()
    for path in ("/", "/team/"):
        partner_page.goto(path)
        assert "Zephyr Retail" not in partner_page.content()
    assert partner_page.goto("/partners/").status == 404


def test_partner_admin_invites_a_colleague_from_the_team_page(page, smtp, deliver_mail):
    org = build_org("v")
    db.session.commit()
    log_in(page, org.partner_admins[0].email)

    page.get_by_role("navigation", name="Main navigation").get_by_role("link", name="Team", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Team")
    page.get_by_label("Email").fill("colleague@partner-v1.example.com")
    page.get_by_label("Role").select_option(label=Role.PARTNER_MEMBER.label)
    page.get_by_role("button", name="Send invitation").click()

    expect(page.get_by_role("alert")).to_contain_text("Invitation sent to colleague@partner-v1.example.com")
    pending = page.locator(".list-group-item", has_text="colleague@partner-v1.example.com")
    expect(pending).to_contain_text(Role.PARTNER_MEMBER.label)
    invitation = only_message_to(smtp, deliver_mail, "colleague@partner-v1.example.com")
    assert invitation["Subject"] == "You are invited to join Partner V1 on Partnerloop"


def test_navbar_dropdown_opens_and_logs_out(page):
    manager = make_user("dora@dropdown.test", "Dora Dropdown")
    add_member(build_org("w").tenant, manager, Role.MANAGER)
    db.session.commit()
    log_in(page, manager.email)
    page.wait_for_load_state("load")  # Bootstrap's script handles the toggle; before it runs, a click follows "#"

    menu = page.get_by_role("button", name=re.compile("Dora Dropdown"))
    menu.click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    page.get_by_role("button", name="Log out").click()

    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.get_by_role("alert")).to_contain_text("You are logged out")


def test_sign_out_everywhere_from_the_account_page(page, new_page):
    manager = make_user("sven@everywhere.test", "Sven Everywhere")
    add_member(build_org("x").tenant, manager, Role.MANAGER)
    db.session.commit()
    log_in(page, manager.email)
    other_browser = new_page()
    log_in(other_browser, manager.email)
    expect(other_browser.get_by_role("heading", level=1)).to_be_visible()

    page.goto("/account")
    expect(page.get_by_text("This browser")).to_be_visible()
    page.get_by_role("button", name="Sign out everywhere").click()

    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.get_by_role("alert")).to_contain_text("signed out on every device")
    other_browser.goto("/team/")
    expect(other_browser).to_have_url(re.compile(r"/login\?next="))
