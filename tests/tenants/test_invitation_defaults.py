"""Every invitation form offers the least privileged role by default (issue #15, item 6)."""

import re

import pytest


def _selected_role(html):
    select = re.search(r'<select[^>]*name="role"[^>]*>(.*?)</select>', html, re.S).group(1)
    options = re.findall(r'<option([^>]*)value="([^"]+)"([^>]*)>', select)
    chosen = [value for before, value, after in options if "selected" in before + after]
    return chosen or [options[0][1]]  # a browser picks the first option when none is selected


@pytest.mark.parametrize("who, expected", [("partner_admin", "partner_member"), ("admin", "manager")])
def test_team_invitation_defaults_to_the_least_privileged_role(world, login, who, expected):
    user = world.a.partner_admins[0] if who == "partner_admin" else world.a.admin
    html = login(user).get("/team/").get_data(as_text=True)
    assert _selected_role(html) == [expected]


def test_partner_page_invitation_defaults_to_member(world, login):
    html = login(world.a.manager).get(f"/partners/{world.a.partners[0].id}").get_data(as_text=True)
    assert _selected_role(html) == ["partner_member"]


def test_a_failed_invitation_keeps_the_role_that_was_chosen(world, login):
    client = login(world.a.partner_admins[0])
    html = client.post("/team/invite", data={"email": "not-an-email", "role": "partner_admin"}).get_data(as_text=True)
    assert _selected_role(html) == ["partner_admin"]
