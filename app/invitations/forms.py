from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length

from app.core.forms import single_line


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
