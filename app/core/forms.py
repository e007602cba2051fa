"""Form helpers shared by the blueprints."""

from datetime import date

from markupsafe import Markup, escape
from wtforms.validators import ValidationError
from wtforms.widgets import Select

from app.core.models import is_id
from app.core.validation import single_line_problem


def apply_service_error(form, error):
    """Show a ServiceError on its field, or as a form-level error."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = list(field.errors) + [error.message]
    else:
        form.form_errors.append(error.message)


def single_line(form, field):
    """Validator of every one-line text field (names, titles, subjects, emails, searches):
    refuses line breaks and control characters, as app.core.validation defines them.
    Such text ends up in email headers, CSV cells and log lines, where they would break it.
    tests/security/test_single_line_text.py fails for a StringField without it."""
    problem = single_line_problem(field.data) if isinstance(field.data, str) else None
    if problem:
        raise ValidationError(problem)


def optional_id(value):
    """SelectField coerce for an optional id: None when blank, else an int a row can have
    (ValueError otherwise, so the field reports it instead of a query failing on it)."""
    if value in (None, "", "None"):
        return None
    number = int(value)
    if not is_id(number):
        raise ValueError(value)
    return number


# Dates any form accepts: wide enough for any real date, and far enough from the date
# type's limits (years 1 and 9999) that periods, their previous periods and "the day
# after" can be computed without overflowing.
EARLIEST_DATE, LATEST_DATE = date(1900, 1, 1), date(2999, 12, 31)


def supported_date(form, field):
    """Validator of every DateField: refuses dates outside EARLIEST_DATE..LATEST_DATE."""
    if field.data and not EARLIEST_DATE <= field.data <= LATEST_DATE:
        raise ValidationError(f"Choose a date from {EARLIEST_DATE:%d %b %Y} to {LATEST_DATE:%d %b %Y}.")


def commit_or_show(form, change, let_through=()):
    """Run `change()` (a service call) and commit; on a ServiceError roll back and show it
    on `form`. Returns the result (True when `change` returns nothing), or None when it
    failed: callers test `is not None`. Errors of the `let_through`
    kinds are raised to the caller, uncommitted and not rolled back (they ask for another
    page, e.g. a link problem, and may need the objects they carry)."""
    from app.core.errors import ServiceError
    from app.extensions import db

    try:
        result = change()
        db.session.commit()
        return True if result is None else result
    except let_through:
        raise
    except ServiceError as error:
        db.session.rollback()
        apply_service_error(form, error)
        return None


class QuickSelect(Select):
    """wtforms' Select with plain options written by one f-string each: its general
    option renderer made a 500-partner filter list cost ~25 ms of every page."""

    @classmethod
    def render_option(cls, choice, **kwargs):
        if kwargs or choice.render_kw or isinstance(choice.value, bool):
            return super().render_option(choice, **kwargs)
        selected = "selected " if choice.selected else ""  # the order wtforms writes: attributes sorted
        label = escape(choice.label or choice.value)
        return Markup(f'<option {selected}value="{escape(choice.value)}">{label}</option>')
