"""Form helpers shared by the blueprints."""

from markupsafe import Markup, escape
from wtforms.validators import ValidationError
from wtforms.widgets import Select

from app.services.validation import single_line_problem


def apply_service_error(form, error):
    """Show a ServiceError on its field, or as a form-level error."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = list(field.errors) + [error.message]
    else:
        form.form_errors.append(error.message)


def single_line(form, field):
    """Validator of every one-line text field (names, titles, subjects, emails, searches):
    refuses line breaks and control characters, as app.services.validation defines them.
    Such text ends up in email headers, CSV cells and log lines, where they would break it.
    tests/security/test_single_line_text.py fails for a StringField without it."""
    problem = single_line_problem(field.data) if isinstance(field.data, str) else None
    if problem:
        raise ValidationError(problem)


# The former name, for forms written before single_line existed.
no_control_characters = single_line


def commit_or_show(form, change):
    """Run `change()` (a service call) and commit; on a ServiceError roll back and show it
    on `form`. Returns the result, or None when it failed."""
    from app.extensions import db
    from app.services.errors import ServiceError

    try:
        result = change()
        db.session.commit()
        return result
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
