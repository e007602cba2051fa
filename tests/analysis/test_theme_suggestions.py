"""Suggested themes (issue #14, item 5): frequent phrases of a period's negative feedback that
no theme tags yet, which staff accept as keyword themes or dismiss, per tenant."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.analysis.models import Theme, ThemeSuggestionDismissal
from app.analysis.services.suggestions import phrases_of, suggest_themes
from app.core.models import utcnow
from app.extensions import db
from app.feedback.models import Channel, Source
from app.surveys.models import TenantSettings
from app.tenancy import scoped_to
from tests.analysis.theme_helpers import make_theme, record, tags

RECENT = utcnow() - timedelta(days=3)
TODAY = utcnow().date()
# A low NPS makes an item need action, whatever its text's sentiment: "negative" either way.
INVOICE_TEXTS = (
    "Invoice errors again on the MDF claim.",
    "Our invoice errors are still not fixed.",
    "Three invoice errors this quarter, please check.",
)


def _negative(tenant, text, **fields):
    fields.setdefault("given_at", RECENT)
    return record(tenant, text, nps=2, **fields)


def _suggested(tenant, threshold=5, start=None, end=None, **options):
    with scoped_to(tenant.id):
        return suggest_themes(start or TODAY - timedelta(days=30), end or TODAY, threshold, **options)


def _phrases(tenant, **options):
    return {s.phrase: s.items for s in _suggested(tenant, **options).suggestions}


def _form(phrase, start=None, end=None):
    return {"phrase": phrase, "start": (start or TODAY - timedelta(days=30)).isoformat(),
            "end": (end or TODAY).isoformat()}


@pytest.fixture
def invoices(world):
    """Tenant A: three negative items about invoice errors, one happy one using the phrase."""
    world.invoice_ids = [_negative(world.a.tenant, text) for text in INVOICE_TEXTS]
    record(world.a.tenant, "Invoice errors are gone, great job!", nps=10, given_at=RECENT)
    return world


def _theme_names(tenant):
    with scoped_to(tenant.id):
        return set(db.session.scalars(select(Theme.name)))


def _dismissed(tenant):
    with scoped_to(tenant.id):
        return set(db.session.scalars(select(ThemeSuggestionDismissal.phrase)))


# --- phrases ---------------------------------------------------------------------------------


def test_phrases_are_runs_of_up_to_three_words_without_stop_words():
    assert phrases_of("The payout report is missing") == {"payout", "report", "payout report", "missing"}


def test_phrases_never_cross_punctuation():
    assert "portal tickets" not in phrases_of("Slow portal. Tickets bounce.")


def test_stop_words_of_german_french_and_spanish_are_left_out():
    found = phrases_of("Wir warten auf die Freigabe. L'équipe ne répond pas. Los pagos del programa")
    assert {"freigabe", "équipe", "pagos", "programa"} <= found
    assert not {"auf", "die", "ne", "pas", "los", "del", "wir"} & found


# --- suggestions -----------------------------------------------------------------------------


def test_frequent_phrase_of_negative_feedback_is_suggested_with_its_count(invoices):
    assert _phrases(invoices.a.tenant)["invoice errors"] == 3


def test_longer_phrase_replaces_the_shorter_one_its_items_use(invoices):
    assert "invoice" not in _phrases(invoices.a.tenant) and "errors" not in _phrases(invoices.a.tenant)


def test_suggestion_shows_up_to_three_excerpts_with_the_phrase_marked(invoices):
    suggestion = next(s for s in _suggested(invoices.a.tenant).suggestions if s.phrase == "invoice errors")
    assert len(suggestion.examples) == 3
    assert {e.match for e in suggestion.examples} == {"invoice errors", "Invoice errors"}
    assert {e.item_id for e in suggestion.examples} == set(invoices.invoice_ids)


def test_positive_feedback_is_not_read(world):
    for _ in range(3):
        record(world.a.tenant, "Lovely onboarding portal, thank you", nps=10, given_at=RECENT)
    assert _suggested(world.a.tenant).examined == 0


def test_items_outside_the_period_are_not_read(world):
    for text in INVOICE_TEXTS:
        _negative(world.a.tenant, text, given_at=RECENT - timedelta(days=100))
    assert "invoice errors" not in _phrases(world.a.tenant)


def test_phrase_used_by_fewer_than_the_minimum_is_not_suggested(world):
    _negative(world.a.tenant, "Invoice errors again")
    _negative(world.a.tenant, "More invoice errors")
    assert "invoice errors" not in _phrases(world.a.tenant)


def test_items_a_theme_tags_are_not_read(invoices):
    make_theme(invoices.a.tenant, "Billing", ["MDF"])
    record(invoices.a.tenant, "MDF", nps=2, given_at=RECENT)  # tagged: a theme covers it
    suggested = _suggested(invoices.a.tenant)
    assert (suggested.examined, suggested.uncovered) == (4, 3)  # the older items stay untagged (plain theme row)


def test_phrase_an_existing_theme_covers_is_not_suggested(invoices, login):
    login(invoices.a.admin).post("/settings/themes/", data={"name": "Billing", "keywords": "invoice"})
    assert "invoice errors" not in _phrases(invoices.a.tenant)


def test_sample_is_capped_at_the_most_recent_negative_items(invoices):
    _negative(invoices.a.tenant, "Partner portal login broken", given_at=utcnow() - timedelta(hours=1))
    suggested = _suggested(invoices.a.tenant, sample=1, min_items=1)
    assert (suggested.examined, suggested.capped) == (1, True)
    assert "invoice errors" not in {s.phrase for s in suggested.suggestions}


def test_suggestions_are_ranked_by_count(invoices):
    for text in ("Deal registration rejected", "Deal registration lost", "deal registration slow",
                 "Deal registration again?"):
        _negative(invoices.a.tenant, text)
    assert list(_phrases(invoices.a.tenant))[:2] == ["deal registration", "invoice errors"]


# --- isolation and anonymity -----------------------------------------------------------------


def test_another_tenants_texts_never_appear(invoices):
    for text in ("Secret pricing leak", "secret pricing leak again", "The secret pricing leak"):
        _negative(invoices.b.tenant, text)
    suggested = _suggested(invoices.a.tenant)
    assert "secret pricing leak" not in _phrases(invoices.a.tenant) and suggested.examined == 3
    assert "secret pricing leak" in _phrases(invoices.b.tenant)


def _anonymous(tenant, text):
    return record(tenant, text, nps=1, anonymous=True, source=Source.PARTNER, channel=Channel.SURVEY,
                  given_at=RECENT)


def test_anonymous_answers_give_no_example_texts(invoices):
    anonymous_id = _anonymous(invoices.a.tenant, "Invoice errors everywhere")
    suggestion = next(s for s in _suggested(invoices.a.tenant, threshold=1).suggestions
                      if s.phrase == "invoice errors")
    assert suggestion.items == 4 and anonymous_id not in {e.item_id for e in suggestion.examples}


def test_anonymous_answers_below_the_threshold_are_not_counted(invoices):
    _anonymous(invoices.a.tenant, "Invoice errors everywhere")
    _anonymous(invoices.a.tenant, "Hotline unreachable, invoice errors")
    assert _phrases(invoices.a.tenant, threshold=3)["invoice errors"] == 3


def test_phrase_of_anonymous_answers_only_is_suggested_at_the_threshold(world):
    for _ in range(3):
        _anonymous(world.a.tenant, "Hotline unreachable")
    assert "hotline unreachable" not in _phrases(world.a.tenant, threshold=4)
    suggestion = next(s for s in _suggested(world.a.tenant, threshold=3).suggestions
                      if s.phrase == "hotline unreachable")
    assert (suggestion.items, suggestion.examples) == (3, ())


# --- the page --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["admin", "manager"])
def test_staff_see_suggestions_with_excerpts_on_the_themes_page(invoices, login, role):
    html = login(getattr(invoices.a, role)).get("/settings/themes/").get_data(as_text=True)
    assert "Suggested themes" in html and "invoice errors" in html
    assert '<mark class="px-0">invoice errors</mark> are still not fixed' in html
    assert "2,000 most recent negative items" in html


def test_page_says_when_there_is_nothing_to_suggest(world, login):
    html = login(world.a.admin).get("/settings/themes/").get_data(as_text=True)
    assert "No suggestions for this period" in html


def test_page_shows_the_chosen_period(invoices, login):
    old = (TODAY - timedelta(days=400)).isoformat(), (TODAY - timedelta(days=300)).isoformat()
    html = login(invoices.a.admin).get(f"/settings/themes/?start={old[0]}&end={old[1]}").get_data(as_text=True)
    assert "invoice errors" not in html.split("Suggested themes")[1]


def test_bad_period_is_shown_on_the_form_and_the_default_used(invoices, login):
    response = login(invoices.a.admin).get("/settings/themes/?start=2026-13-40&end=1800-01-01")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Not a valid date value" in html and "invoice errors" in html


@pytest.mark.parametrize("role", ["partner_admins", "partner_members"])
def test_partner_users_never_reach_suggestions(invoices, login, role):
    client = login(getattr(invoices.a, role)[0])
    assert client.get("/settings/themes/").status_code == 404
    for action in ("accept", "dismiss", "restore"):
        assert client.post(f"/settings/themes/suggestions/{action}", data=_form("invoice errors")).status_code == 404
    assert _theme_names(invoices.a.tenant) == set() and _dismissed(invoices.a.tenant) == set()


def test_accepting_a_suggestion_creates_a_keyword_theme_that_tags_its_items(invoices, login):
    response = login(invoices.a.manager).post("/settings/themes/suggestions/accept", data=_form("invoice errors"),
                                              follow_redirects=True)
    assert "Saved “Invoice errors”. Its keywords match 4 feedback items." in response.get_data(as_text=True)
    with scoped_to(invoices.a.tenant.id):
        assert db.session.scalars(select(Theme.keywords).where(Theme.name == "Invoice errors")).one() == [
            "invoice errors"]
    assert all(tags(invoices.a.tenant, item_id) == {"Invoice errors": "auto"} for item_id in invoices.invoice_ids)
    assert "invoice errors" not in _phrases(invoices.a.tenant)


def test_accepting_twice_says_a_theme_covers_it(invoices, login):
    client = login(invoices.a.admin)
    client.post("/settings/themes/suggestions/accept", data=_form("invoice errors"))
    response = client.post("/settings/themes/suggestions/accept", data=_form("invoice errors"))
    assert response.status_code == 422
    assert "is already covered by the theme “Invoice errors”" in response.get_data(as_text=True)
    assert _theme_names(invoices.a.tenant) == {"Invoice errors"}


def test_accepting_an_unknown_suggestion_says_so(invoices, login):
    response = login(invoices.a.admin).post("/settings/themes/suggestions/accept", data=_form("pricing"))
    assert response.status_code == 422
    assert "“pricing” is not among the suggestions" in response.get_data(as_text=True)
    assert _theme_names(invoices.a.tenant) == set()


def test_accepting_another_tenants_suggestion_is_unknown(invoices, login):
    for text in INVOICE_TEXTS:
        _negative(invoices.b.tenant, text.replace("Invoice errors", "Hotline queue").replace("invoice errors",
                                                                                             "hotline queue"))
    response = login(invoices.a.admin).post("/settings/themes/suggestions/accept", data=_form("hotline queue"))
    assert response.status_code == 422 and _theme_names(invoices.a.tenant) == set()


@pytest.mark.parametrize("phrase", ["", "   ", "a\nb", "x" * 101])
def test_bad_phrase_gives_a_message_not_an_error(invoices, login, phrase):
    response = login(invoices.a.admin).post("/settings/themes/suggestions/accept", data=_form(phrase))
    assert response.status_code == 422 and 'role="alert"' in response.get_data(as_text=True)
    assert _theme_names(invoices.a.tenant) == set()


def test_bad_dates_in_a_click_give_a_message(invoices, login):
    data = {**_form("invoice errors"), "start": "yesterday"}
    response = login(invoices.a.admin).post("/settings/themes/suggestions/accept", data=data)
    assert response.status_code == 422 and "Not a valid date value" in response.get_data(as_text=True)


def test_accept_with_a_theme_of_that_name_says_so(invoices, login):
    make_theme(invoices.a.tenant, "Invoice Errors", [])
    response = login(invoices.a.admin).post("/settings/themes/suggestions/accept", data=_form("invoice errors"))
    assert response.status_code == 422 and "exists already" in response.get_data(as_text=True)


def test_dismissed_suggestion_is_not_suggested_again(invoices, login):
    response = login(invoices.a.admin).post("/settings/themes/suggestions/dismiss", data=_form("invoice errors"))
    assert response.status_code == 302
    assert _dismissed(invoices.a.tenant) == {"invoice errors"}
    assert "invoice errors" not in _phrases(invoices.a.tenant)


def test_dismissal_is_per_tenant(invoices, login):
    for text in INVOICE_TEXTS:
        _negative(invoices.b.tenant, text)
    login(invoices.a.admin).post("/settings/themes/suggestions/dismiss", data=_form("invoice errors"))
    assert "invoice errors" in _phrases(invoices.b.tenant) and _dismissed(invoices.b.tenant) == set()


def test_dismissing_twice_says_so(invoices, login):
    client = login(invoices.a.admin)
    client.post("/settings/themes/suggestions/dismiss", data=_form("invoice errors"))
    response = client.post("/settings/themes/suggestions/dismiss", data=_form("Invoice  Errors"))
    assert response.status_code == 422 and "was dismissed already" in response.get_data(as_text=True)


def test_restoring_a_dismissed_suggestion_brings_it_back(invoices, login):
    client = login(invoices.a.admin)
    client.post("/settings/themes/suggestions/dismiss", data=_form("invoice errors"))
    assert "Dismissed suggestions (1)" in client.get("/settings/themes/").get_data(as_text=True)
    assert client.post("/settings/themes/suggestions/restore", data=_form("invoice errors")).status_code == 302
    assert "invoice errors" in _phrases(invoices.a.tenant)


def test_restoring_an_unknown_dismissal_says_so(invoices, login):
    response = login(invoices.a.admin).post("/settings/themes/suggestions/restore", data=_form("pricing"))
    assert response.status_code == 422 and "is not a dismissed suggestion" in response.get_data(as_text=True)


def test_suggestion_buttons_post_with_a_csrf_token(invoices, login):
    html = login(invoices.a.admin).get("/settings/themes/").get_data(as_text=True)
    form = re.search(r'<form method="post" action="/settings/themes/suggestions/accept".*?</form>', html, re.S)
    assert form and 'name="csrf_token"' in form.group() and 'value="invoice errors"' in form.group()


def test_post_without_csrf_token_changes_nothing(invoices, login, app):
    client = login(invoices.a.admin)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post("/settings/themes/suggestions/accept", data=_form("invoice errors"))
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 400 and _theme_names(invoices.a.tenant) == set()


def test_anonymity_threshold_of_the_tenant_applies_on_the_page(world, login):
    with scoped_to(world.a.tenant.id):
        db.session.add(TenantSettings(anonymity_threshold=3))
        db.session.commit()
    for _ in range(3):
        _anonymous(world.a.tenant, "Hotline unreachable")
    html = login(world.a.admin).get("/settings/themes/").get_data(as_text=True)
    assert "hotline unreachable" in html and "the items using it are anonymous answers" in html


def test_dismissing_a_phrase_does_not_bring_up_its_parts(invoices, login):
    login(invoices.a.admin).post("/settings/themes/suggestions/dismiss", data=_form("invoice errors"))
    assert not {"invoice", "errors"} & set(_phrases(invoices.a.tenant))


def test_items_read_count_anonymous_answers_only_at_the_threshold(invoices):
    _anonymous(invoices.a.tenant, "Invoice errors everywhere")
    below, at = _suggested(invoices.a.tenant, threshold=2), _suggested(invoices.a.tenant, threshold=1)
    assert (below.examined, below.uncovered, at.examined, at.uncovered) == (3, 3, 4, 4)
