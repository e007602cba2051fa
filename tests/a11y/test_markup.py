"""Accessible markup the server renders (issue #17, docs/accessibility.md): errors tied to
their fields, also on the forms that Bootstrap-Flask's macros rendered; the survey scale's
ends describing its radio group; vote buttons named by their visible text. The browser tests check the rest with axe-core and the keyboard."""

import re

from tests.surveys.helpers import links_by_address, sent_campaign


def described_ids(page, element_id):
    tag = re.search(rf'<[^>]*\bid="{element_id}"[^>]*>', page).group(0)
    return re.search(r'aria-describedby="([^"]*)"', tag).group(1).split()


def test_staff_feedback_form_ties_each_error_to_its_field(world, login):
    """new_internal.html used Bootstrap-Flask's render_field: its errors had no id and no
    aria-describedby pointed at them."""
    page = login(world.a.manager).post("/feedback/new", data={"text": ""}).get_data(as_text=True)

    assert 'id="text-error-1"' in page
    assert "text-error-1" in described_ids(page, "text")
    assert re.search(r'<textarea[^>]*aria-invalid="true"[^>]*id="text"', page)


def test_survey_scale_group_is_described_by_its_ends_and_its_error(world, client, smtp):
    sent_campaign(world.a, ["ada@customer.example.com"])
    token = links_by_address(smtp)["ada@customer.example.com"]
    first = client.get(f"/s/{token}").get_data(as_text=True)
    nps = re.search(r'<fieldset aria-describedby="(q\d+)-ends"', first).group(1)
    assert re.search(rf'id="{nps}-ends">\s*<span>0 = Not at all likely</span>', first)

    page = client.post(f"/s/{token}", data={}).get_data(as_text=True)

    assert f'<fieldset aria-describedby="{nps}-ends {nps}-error-1">' in page
    assert f'id="{nps}-error-1"' in page
    # The first answer of the first question in error takes the focus, without a script.
    [focused] = re.findall(r"<input[^>]*\bautofocus\b[^>]*>", page)
    assert f'name="{nps}"' in focused and 'value="0"' in focused


def test_vote_button_is_named_by_its_visible_count(world, login):
    client = login(world.a.partner_admins[0])
    client.post("/ideas/new", data={"title": "Self-service MDF claims", "description": "", "program_element_id": ""})

    page = client.get("/ideas/").get_data(as_text=True)

    button = re.search(r"<button[^>]*aria-pressed[^>]*>(.*?)</button>", page, re.S)
    assert "aria-label" not in button.group(0)
    assert re.sub(r"<[^>]+>", " ", button.group(1)).split() == [
        "▲", "1", "vote:", "vote", "for", "Self-service", "MDF", "claims"]

