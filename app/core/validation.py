"""Small input checks shared by the services, and the one definition of a single-line text."""

import re

from app.core.errors import ServiceError

# What ends a line somewhere our text goes (str.splitlines(), email headers, CSV and log
# readers): every control character -- C0, DEL and C1, so CR, LF, VT, FF, U+001C-U+001E
# and NEL U+0085 among them, and tab -- the line and paragraph separators U+2028 and
# U+2029, and lone surrogates, which no encoder accepts. Format characters stay allowed:
# emoji sequences (U+200D) and right-to-left names (U+200F) need them, and none of them
# breaks an email header (tests/security/test_single_line_text.py tries every one).
LINE_BREAKING = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_BREAKING_RUN = re.compile(r"(?:\s*" + LINE_BREAKING.pattern + r")+\s*")
SINGLE_LINE_MESSAGE = "Keep this on one line: remove line breaks, tabs and other control characters."


def single_line_problem(value):
    """None when `value` is a single-line text (see LINE_BREAKING), else what to fix."""
    return SINGLE_LINE_MESSAGE if LINE_BREAKING.search(value or "") else None


def as_single_line(value):
    """`value` on one line: each run of line-breaking characters (with the spaces around
    it) becomes one space, and the ends are trimmed. For text stored before the check."""
    return _BREAKING_RUN.sub(" ", value or "").strip()


def clean_text(value, field, limit, required=False, missing_message="This field is required."):
    """`value` stripped, or ServiceError (on `field`) when missing, too long or with a NUL."""
    value = (value or "").strip()
    if required and not value:
        raise ServiceError(missing_message, field=field)
    if len(value) > limit:
        raise ServiceError(f"Keep it under {limit:,} characters.", field=field)
    if "\x00" in value:
        raise ServiceError("Remove the NUL character.", field=field)
    return value

