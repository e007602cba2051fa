"""Hostile input shared by the security tests: each payload is something a form or
API field may receive from an attacker or a careless integration."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Payload:
    name: str
    value: str | bytes  # bytes: raw (possibly invalid UTF-8) bytes of a form post
    # Substrings that must never appear verbatim in a rendered page (escaping removes them).
    markers: tuple = ()


SCRIPT_TAG = "<script>alert('pl-xss')</script>"
ATTRIBUTE_BREAKOUT = '"><img src=x onerror=alert(1)>'
SINGLE_QUOTE_BREAKOUT = "'><svg onload=alert(2)>"
JAVASCRIPT_URL = "javascript:alert(3)"
SQL_TAUTOLOGY = "' OR 1=1 --"
SQL_DROP = "'; DROP TABLE users; --"
BIG_STRING = "A" * 100_000
CONTROL_CHARACTERS = "nul\x00bell\x07esc\x1b[31mred\x7f"
INVALID_UTF8 = b"broken \xff\xfe\xc3\x28 bytes"
EMOJI = "Great partner \U0001f680\U0001f44d\U0001f3fd family \U0001f468\u200d\U0001f469\u200d\U0001f467"
RTL_TEXT = "\u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627 \u202egnp.exe"

PAYLOADS = [
    Payload("script_tag", SCRIPT_TAG, ("<script>alert('pl-xss')",)),
    Payload("attribute_breakout", ATTRIBUTE_BREAKOUT, ("<img src=x onerror=",)),
    Payload("single_quote_breakout", SINGLE_QUOTE_BREAKOUT, ("<svg onload=",)),
    Payload("javascript_url", JAVASCRIPT_URL, ('href="javascript:', "href='javascript:", "href=javascript:")),
    Payload("sql_tautology", SQL_TAUTOLOGY),
    Payload("sql_drop", SQL_DROP),
    Payload("big_string", BIG_STRING),
    Payload("control_characters", CONTROL_CHARACTERS),
    Payload("invalid_utf8", INVALID_UTF8),
    Payload("emoji", EMOJI),
    Payload("rtl_text", RTL_TEXT),
]

TEXT_PAYLOADS = [payload for payload in PAYLOADS if isinstance(payload.value, str)]
ALL_MARKERS = tuple(marker for payload in PAYLOADS for marker in payload.markers)


def raw_markers_in(html):
    """The payload markers that appear unescaped in `html`."""
    return [marker for marker in ALL_MARKERS if marker in html]
