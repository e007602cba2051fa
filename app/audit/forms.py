from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField
from wtforms.validators import NumberRange, Optional, ValidationError

from app.audit.models import AuditAction
from app.audit.services import audit_actors, audit_kinds
from app.core.forms import supported_date
from app.core.models import MAX_ID


def optional_int(value):
    if value in (None, "", "None"):
        return None
    return int(value)


class AuditFilterForm(FlaskForm):
    """Filters of the audit log, read from the query string (no CSRF: GET only)."""

    class Meta:
        csrf = False

    kind = SelectField("Kind", validators=[Optional()])
    object_id = IntegerField("Object id", validators=[Optional(), NumberRange(min=1, max=MAX_ID)])
    actor_id = SelectField("Changed by", coerce=optional_int, validators=[Optional()])
    action = SelectField("Change", validators=[Optional()],
                         choices=[("", "Any change")] + [(a.value, a.value.capitalize()) for a in AuditAction])
    start = DateField("From", validators=[Optional(), supported_date])
    end = DateField("To", validators=[Optional(), supported_date])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = [(kind, kind.replace("_", " ").capitalize()) for kind in audit_kinds()]
        self.kind.choices = [("", "Every kind")] + kinds
        self.actor_id.choices = [(None, "Anyone")] + audit_actors()

    def validate_end(self, field):
        if field.data and self.start.data and field.data < self.start.data:
            raise ValidationError("The end date is before the start date.")
