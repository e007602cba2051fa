from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField, SubmitField, URLField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from app.core.forms import single_line


class ApiTokenForm(FlaskForm):
    name = StringField(
        "Name",
        validators=[DataRequired(), Length(max=80), single_line],
        description="The integration that will use it, e.g. Zendesk sync.",
    )
    read = BooleanField("Read: list and fetch feedback and partners", default=True)
    write = BooleanField("Write: record feedback")
    submit = SubmitField("Create token")

    def validate_write(self, field):
        if not (self.read.data or field.data):
            raise ValidationError("Choose at least one scope.")

    def scopes(self):
        return [name for name in ("read", "write") if getattr(self, name).data]


class WebhookForm(FlaskForm):
    url = URLField(
        "Endpoint URL",
        validators=[DataRequired(), Length(max=2000), single_line],
        description="A public https:// address; private and internal addresses are refused.",
    )
    description = StringField("Description", validators=[Optional(), Length(max=200), single_line])
    submit = SubmitField("Add endpoint")
