from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import AnyOf, DataRequired, Email, EqualTo, Length

from app.core.forms import single_line
from app.core.timezones import zone_choices


class InviteForm(FlaskForm):
    """Invite a colleague; the roles offered depend on who is inviting, the least
    privileged one (listed first) is the default."""

    email = EmailField("Email", validators=[DataRequired(), Email(), Length(max=254), single_line])
    role = SelectField("Role")
    submit = SubmitField("Send invitation")

    def __init__(self, roles, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = [(role.value, role.label) for role in roles]
        if self.role.data is None:
            self.role.data = roles[0].value


class TenantTimeZoneForm(FlaskForm):
    """The organisation's time zone: "today" in forms and the dates shown."""

    time_zone = SelectField("Time zone", description="People who chose their own zone (Your account) keep it.")
    submit = SubmitField("Save time zone")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.time_zone.choices = zone_choices()


class AcceptNewAccountForm(FlaskForm):
    name = StringField("Your name", validators=[DataRequired(), Length(max=120), single_line])
    password = PasswordField("Choose a password", validators=[DataRequired(), Length(max=200)])
    confirm = PasswordField(
        "Repeat password", validators=[DataRequired(), EqualTo("password", "The passwords differ.")]
    )
    submit = SubmitField("Create account and join")


class AcceptExistingAccountForm(FlaskForm):
    password = PasswordField("Your current password", validators=[DataRequired(), Length(max=200)])
    submit = SubmitField("Join")


class JoinAsCurrentUserForm(FlaskForm):
    submit = SubmitField("Join")


class ListEntryForm(FlaskForm):
    """Add an entry to one of the tenant's lists (program elements or categories)."""

    kind = HiddenField(validators=[AnyOf(["element", "category"])])
    name = StringField("Name", validators=[DataRequired(), Length(max=80), single_line])
    submit = SubmitField("Add")
