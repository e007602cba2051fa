from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField, SubmitField
from wtforms.validators import DataRequired, Email, Length

from app.core.forms import single_line


class InviteForm(FlaskForm):
    """Invite a colleague; the roles offered depend on who is inviting."""

    email = EmailField("Email", validators=[DataRequired(), Email(), Length(max=254), single_line])
    role = SelectField("Role")
    submit = SubmitField("Send invitation")

    def __init__(self, roles, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = [(role.value, role.label) for role in roles]
