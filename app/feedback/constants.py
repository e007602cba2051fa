"""The feedback item's value ranges and formats, defined once.

The model's check constraints, the portal forms, imports, surveys, automation rules and
the API contract (app/api/fields.py, and through it openapi.json) all read these, so a
range changes in one place. Changing a score range also needs a migration for the
check constraints that FeedbackItem builds from it."""

NPS_RANGE = (0, 10)
CSAT_RANGE = (1, 5)
RATING_RANGE = (1, 5)
SCORE_RANGES = {"nps": NPS_RANGE, "csat": CSAT_RANGE, "rating": RATING_RANGE}
SCORE_NAMES = {"nps": "NPS", "csat": "CSAT", "rating": "Rating"}
# The list filters compare one score per item (NPS, else CSAT, else rating): any of them.
ANY_SCORE_RANGE = (min(low for low, _ in SCORE_RANGES.values()), max(high for _, high in SCORE_RANGES.values()))

# A BCP 47-like language tag such as en, de-CH or pt-BR (checked by shape, not against a registry).
LANGUAGE_PATTERN = r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$"
LANGUAGE_EXAMPLES = "en or pt-BR"
DEFAULT_LANGUAGE = "en"

MAX_TEXT_LENGTH = 100_000
MAX_LANGUAGE_LENGTH = 16
MAX_EXTERNAL_ID_LENGTH = 200
MAX_SUBMITTER_NAME_LENGTH = 120
MAX_SUBMITTER_EMAIL_LENGTH = 254


def score_range_text(name):
    """ "0-10" for nps: how forms and labels show a score's range."""
    low, high = SCORE_RANGES[name]
    return f"{low}-{high}"


def score_label(name):
    """ "NPS (0-10)", "CSAT (1-5)", "Rating (1-5)"."""
    return f"{SCORE_NAMES[name]} ({score_range_text(name)})"
