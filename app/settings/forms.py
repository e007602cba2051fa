from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, SubmitField
from wtforms.validators import AnyOf, DataRequired, Length

from app.core.forms import single_line


class ListEntryForm(FlaskForm):
    """Add an entry to one of the tenant's lists (program elements or categories)."""

    kind = HiddenField(validators=[AnyOf(["element", "category"])])
    name = StringField("Name", validators=[DataRequired(), Length(max=80), single_line])
    submit = SubmitField("Add")
