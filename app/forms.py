"""Form helpers shared by the blueprints."""

from markupsafe import Markup, escape
from wtforms.validators import ValidationError
from wtforms.widgets import Select


def apply_service_error(form, error):
    """Show a ServiceError on its field, or as a form-level error."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = list(field.errors) + [error.message]
    else:
        form.form_errors.append(error.message)


def no_control_characters(form, field):
    """Refuse NUL and other control characters in single-line fields."""
    if field.data and any(ord(ch) < 32 and ch not in "\t" for ch in field.data):
        raise ValidationError("Remove control characters from this field.")


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
