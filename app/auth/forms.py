from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from app.core.forms import single_line
from app.core.timezones import zone_choices


class OwnTimeZoneForm(FlaskForm):
    time_zone = SelectField("Your time zone", description="Used for today's date in forms and for the dates shown.")
    submit = SubmitField("Save time zone")

    def __init__(self, *args, organisation_zone="UTC", **kwargs):
        super().__init__(*args, **kwargs)
        self.time_zone.choices = zone_choices(blank=f"The organisation's ({organisation_zone})")


def strip_whitespace(value):
    # Pasted addresses often carry spaces; the email validator would refuse them.
    return value.strip() if isinstance(value, str) else value


class SignupForm(FlaskForm):
    company_name = StringField(
        "Company name", validators=[DataRequired(), Length(max=120), single_line]
    )
    slug = StringField(
        "Portal address",
        description="Lowercase letters, digits and hyphens, e.g. acme-partners.",
        filters=[strip_whitespace],
        validators=[DataRequired(), Length(min=3, max=63), single_line],
    )
    name = StringField("Your name", validators=[DataRequired(), Length(max=120), single_line])
    email = EmailField(
        "Work email", filters=[strip_whitespace], validators=[DataRequired(), Email(), Length(max=254), single_line]
    )
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)])
    submit = SubmitField("Create your portal")


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=254), single_line])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)])
    remember = BooleanField("Remember me on this device")
    submit = SubmitField("Log in")


class ResetRequestForm(FlaskForm):
    email = EmailField(
        "Email", filters=[strip_whitespace], validators=[DataRequired(), Email(), Length(max=254), single_line]
    )
    submit = SubmitField("Send reset link")


class ResetPasswordForm(FlaskForm):
    password = PasswordField("New password", validators=[DataRequired(), Length(max=200)])
    confirm = PasswordField(
        "Repeat new password", validators=[DataRequired(), EqualTo("password", "The passwords differ.")]
    )
    submit = SubmitField("Set new password")


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField("Current password", validators=[DataRequired(), Length(max=200)])
    password = PasswordField("New password", validators=[DataRequired(), Length(max=200)])
    confirm = PasswordField(
        "Repeat new password", validators=[DataRequired(), EqualTo("password", "The passwords differ.")]
    )
    submit = SubmitField("Change password")


class ChooseOrganisationForm(FlaskForm):
    """Only the CSRF token: the membership comes from the URL and is checked."""


class NewOrganisationForm(FlaskForm):
    """A signed-in person opens another organisation, with themselves as its admin."""

    company_name = StringField(
        "Company name", validators=[DataRequired(), Length(max=120), single_line]
    )
    slug = StringField(
        "Portal address",
        description="Lowercase letters, digits and hyphens, e.g. acme-partners.",
        filters=[strip_whitespace],
        validators=[DataRequired(), Length(min=3, max=63), single_line],
    )
    submit = SubmitField("Create the portal")


class ConfirmEmailForm(FlaskForm):
    """Only the CSRF token: the link's token comes from the URL. A button, so that a mail
    scanner opening the link does not use it up."""

    submit = SubmitField("Confirm my email address")


class ResendVerificationForm(FlaskForm):
    """Only the CSRF token: the account is the one whose password this browser just gave."""

    submit = SubmitField("Send a new link")


class SignOutEverywhereForm(FlaskForm):
    submit = SubmitField("Sign out everywhere")
