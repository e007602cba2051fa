"""Numbers no row can have and dates out of range never give a 5xx: integer path
parameters answer 404 (app.core.routing.IdConverter replaces `int` in every route), list
pages answer 200 and name the filter they ignored, forms re-render with a message, and
the API answers 422 naming the field (400 for a body nested too deeply)."""

import base64
import json
import re

import pytest

from app.core.models import MAX_ID
from tests.api_support import bearer, make_token
from tests.followups.helpers import make_follow_up, record_item
from tests.security.crawl import crawl, forms_on
from tests.security.test_hostile_forms import _seed_objects

pytestmark = pytest.mark.slow  # every form or page, as several roles

HUGE = "99999999999999999999999"  # beyond 64 bits
OUT_OF_RANGE_NUMBERS = (HUGE, str(MAX_ID + 1), "9" * 5000)
IGNORED = "Ignored in the address"


def _int_routes(app):
    for rule in app.url_map.iter_rules():
        if re.search(r"<int:", rule.rule):
            method = "GET" if "GET" in rule.methods else sorted(rule.methods - {"HEAD", "OPTIONS"})[0]
            yield rule.rule, method


@pytest.mark.parametrize("number", OUT_OF_RANGE_NUMBERS, ids=("huge", "max_id_plus_one", "5000_digits"))
def test_integer_path_parameters_out_of_the_id_range_answer_404(app, world, login, number):
    client = login(world.a.admin)
    routes = list(_int_routes(app))
    assert len(routes) > 40
    answers = {f"{method} {rule}": client.open(re.sub(r"<int:\w+>", number, rule), method=method).status_code
               for rule, method in routes}
    assert {route: status for route, status in answers.items() if status != 404} == {}


def test_api_path_id_out_of_range_answers_a_json_404(client, world):
    response = client.get(f"/api/v1/feedback/{HUGE}", headers=bearer(make_token(world.a.tenant)))
    assert response.status_code == 404 and response.json["status"] == 404


LIST_PAGES = ("/feedback/", "/audit/", "/followups/", "/followups/mine", "/insights/partners")


@pytest.mark.parametrize("path", LIST_PAGES)
@pytest.mark.parametrize("page", (HUGE, "0", "-3", "two"))
def test_list_pages_ignore_a_page_number_out_of_range_and_say_so(world, login, path, page):
    response = login(world.a.admin).get(f"{path}?page={page}")
    assert response.status_code == 200
    assert re.search(IGNORED + r":\s*<strong>Page</strong>", response.get_data(as_text=True))


@pytest.mark.parametrize("query, label", [
    (f"/followups/?owner_id={HUGE}", "Owner"),
    (f"/followups/?partner_id={HUGE}", "Partner"),
    (f"/followups/mine?partner_id={HUGE}", "Partner"),
    (f"/feedback/?partner_id={HUGE}", "Partner"),
    (f"/feedback/?theme_id={HUGE}", "Theme"),
])
def test_list_filters_out_of_range_are_ignored_and_named(world, login, query, label):
    response = login(world.a.admin).get(query)
    assert response.status_code == 200
    assert f"<strong>{label}</strong>" in response.get_data(as_text=True)


def test_followups_list_still_applies_the_filters_that_are_usable(world, login):
    item = record_item(world.a, text="Kept by the status filter")
    make_follow_up(world.a, item, title="Visible follow-up")
    page = login(world.a.admin).get(f"/followups/?owner_id={HUGE}&status=all").get_data(as_text=True)
    assert "Visible follow-up" in page and "<strong>Owner</strong>" in page


@pytest.mark.parametrize("query", [f"object_id={HUGE}", "start=0001-01-02&end=9999-12-31", "end=9999-12-31"])
def test_audit_log_filters_out_of_range_answer_200_and_name_the_field(world, login, query):
    for path in ("/audit/", "/audit/export.csv", "/audit/export.json"):
        assert login(world.a.admin).get(f"{path}?{query}").status_code == 200, path
    page = login(world.a.admin).get(f"/audit/?{query}").get_data(as_text=True)
    named = "<strong>Object id</strong>" if "object_id" in query else "<strong>To</strong> (Choose a date from 01 Jan 1900"
    assert IGNORED in page and named in page


@pytest.mark.parametrize("path", ("/insights/", "/insights/report", "/insights/program.csv"))
def test_insights_with_dates_out_of_range_answer_200(world, login, path):
    response = login(world.a.admin).get(f"{path}?start=0001-01-02&end=9999-12-30")
    assert response.status_code == 200


def test_insights_name_the_date_they_ignored(world, login):
    page = login(world.a.admin).get("/insights/?start=0001-01-02&end=9999-12-30").get_data(as_text=True)
    assert IGNORED in page
    assert "<strong>From</strong> (Choose a date from" in page and "<strong>To</strong> (Choose a date from" in page


# --- forms ------------------------------------------------------------------------------

OUT_OF_RANGE_VALUES = {
    "number": (HUGE, "-" + HUGE),
    "select": (HUGE, "-1"),
    "hidden": (HUGE,),
    "date": ("9999-12-31", "0001-01-01"),
}


def _post_out_of_range_values(client, forms):
    """Each out-of-range value into each number, select, hidden and date field of each
    form, one field at a time; returns the 5xx answers."""
    failures = []
    for form in forms.values():
        for name, kind, _, _ in form.fields:
            for value in OUT_OF_RANGE_VALUES.get(kind, ()):
                body = form.filled("ordinary text", overrides={name: value})
                response = client.post(form.action, data=body, content_type="application/x-www-form-urlencoded")
                if response.status_code >= 500:
                    failures.append((form.action, name, value, response.status_code))
    return failures


@pytest.mark.parametrize("role", ["admin", "partner_admin"])
def test_out_of_range_numbers_and_dates_in_every_form_never_fail(app, world, login, role):
    _seed_objects(world.a)
    client = login({"admin": world.a.admin, "partner_admin": world.a.partner_admins[0]}[role])
    forms = forms_on(app, crawl(client, limit=80), set(OUT_OF_RANGE_VALUES))
    assert len(forms) > (20 if role == "admin" else 4)
    assert _post_out_of_range_values(client, forms) == []


def test_a_date_out_of_range_in_a_form_is_a_field_error(world, login):
    item = record_item(world.a, text="Needs a follow-up")
    response = login(world.a.admin).post(f"/followups/feedback/{item.id}/new",
                                         data={"title": "Call back", "due_on": "9999-12-31", "priority": "normal"})
    assert response.status_code == 422
    assert "Choose a date from 01 Jan 1900 to 31 Dec 2999." in response.get_data(as_text=True)


# --- the API ------------------------------------------------------------------------------


def _post_raw(client, token, body):
    return client.post("/api/v1/feedback", data=body, content_type="application/json", headers=bearer(token))


@pytest.mark.parametrize("depth", [100_000, 995, 21])
def test_api_body_nested_too_deeply_answers_400(client, world, depth):
    body = '{"source": "customer", "text": ' + "[" * depth + "]" * depth + "}"
    response = _post_raw(client, make_token(world.a.tenant), body)
    assert response.status_code == 400 and response.json["status"] == 400
    assert "nests lists or objects deeper than 20 levels" in response.json["message"]


def test_api_body_nested_within_the_limit_is_a_field_error(client, world):
    body = '{"source": "customer", "text": ' + "[" * 19 + "]" * 19 + "}"
    response = _post_raw(client, make_token(world.a.tenant), body)
    assert response.status_code == 422 and "text" in response.json["fields"]


@pytest.mark.parametrize("field", ["partner_id", "program_element_id", "category_id"])
def test_api_ids_beyond_64_bits_answer_422_naming_the_field(client, world, field):
    body = json.dumps({"source": "customer", "text": "x", field: int(HUGE)})
    response = _post_raw(client, make_token(world.a.tenant), body)
    assert response.status_code == 422 and field in response.json["fields"]


@pytest.mark.parametrize("query, field", [
    (f"partner_id={HUGE}", "partner_id"), (f"limit={HUGE}", "limit"), (f"min_score={HUGE}", "min_score"),
    ("since=0001-01-01T00:00:00+01:00", "since"),
])
def test_api_list_parameters_out_of_range_answer_422_naming_the_field(client, world, query, field):
    response = client.get(f"/api/v1/feedback?{query}", headers=bearer(make_token(world.a.tenant, ["read"])))
    assert response.status_code == 422 and field in response.json["fields"]


def test_api_cursor_nested_too_deeply_answers_422(client, world):
    cursor = base64.urlsafe_b64encode(b"[" * 5000 + b"]" * 5000).decode().rstrip("=")
    response = client.get(f"/api/v1/partners?cursor={cursor}", headers=bearer(make_token(world.a.tenant, ["read"])))
    assert response.status_code == 422 and "cursor" in response.json["fields"]
