"""Keyword rules: whole words and phrases, any case, any script; parsing keyword input."""

import pytest

from app.analysis.services.theme_matching import matcher_for
from app.analysis.services.themes import parse_keywords
from app.core.errors import ServiceError

pytestmark = pytest.mark.pure  # no database: runs once, in the PostgreSQL pass


def matches(keywords, text):
    return bool(matcher_for([(1, keywords)]).themes_in(text))


@pytest.mark.parametrize("text, expected", [
    ("The delay was long", True),
    ("DELAY!", True),
    ("(delay)", True),
    ("delayed again", False),
    ("nodelay", False),
    ("delay_ticket", False),  # underscore is a word character
    ("", False),
])
def test_a_keyword_matches_whole_words_in_any_case(text, expected):
    assert matches(["delay"], text) is expected


def test_a_phrase_matches_across_any_whitespace_but_not_parts_of_words():
    assert matches(["price list"], "Where is the Price\n  List?")
    assert not matches(["price list"], "the price listing")
    assert not matches(["price list"], "price, list")


def test_keywords_that_start_or_end_with_a_symbol_still_match_as_words():
    assert matches(["c++"], "Our C++ team") and not matches(["c++"], "abc++")
    assert matches(["24/7"], "24/7 support please")


def test_unicode_words_match_whole_and_case_insensitively():
    assert matches(["Überweisung"], "die überweisung kam spät")
    assert not matches(["über"], "überweisung")
    assert matches(["café"], "Le CAFÉ est froid")
    # A decomposed é (e + combining accent) in the text matches the precomposed keyword.
    assert matches(["café"], "le cafe\u0301 est froid")
    assert matches(["遅い"], "対応が 遅い です")


def test_regex_characters_in_keywords_are_literal():
    assert not matches(["a.c"], "abc")
    assert matches(["a.c"], "see a.c now")


def test_the_matcher_returns_every_theme_whose_keywords_occur():
    matcher = matcher_for([(1, ["slow", "waiting"]), (2, ["mdf"]), (3, []), (4, ["slow approvals"])])
    assert matcher.themes_in("MDF payouts are slow") == {1, 2}
    assert matcher.themes_in("slow approvals and mdf") == {1, 2, 4}
    assert matcher.themes_in("all good") == set()
    assert not matcher_for([(3, [])])  # no keywords: nothing to match


def test_parse_keywords_splits_trims_and_drops_repeats():
    assert parse_keywords(" delay ,\nPrice   list\n\nDELAY, approvals ") == ["delay", "Price list", "approvals"]
    assert parse_keywords("") == []


@pytest.mark.parametrize("text, message", [
    ("a" * 101, "under 100"),
    ("!!!", "no letters"),
    ("bad\x07bell", "control characters"),
    (",".join(f"k{n}" for n in range(51)), "at most 50"),
])
def test_parse_keywords_refuses_bad_input(text, message):
    with pytest.raises(ServiceError, match=message) as error:
        parse_keywords(text)
    assert error.value.field == "keywords"
