"""Confirmation forms of the irreversible actions: deleting a tenant, a partner, an account."""

from flask_wtf import FlaskForm
from wtforms import PasswordField, RadioField, StringField, SubmitField
from wtforms.validators import DataRequired, Length

from app.core.forms import single_line
from app.lifecycle.services.partners import PartnerDeletion


class ExportForm(FlaskForm):
    """Only the CSRF token: the export is a POST so no other site can start one."""

    submit = SubmitField("Export all data (ZIP)")


class DeleteTenantForm(FlaskForm):
    confirm_slug = StringField("Type the portal address to confirm",
                               validators=[DataRequired(), Length(max=63), single_line])
    password = PasswordField("Your password", validators=[DataRequired(), Length(max=200)],
                             description="Asked again because this cannot be undone.")
    submit = SubmitField("Delete this organisation and all its data")


class DeletePartnerForm(FlaskForm):
    choice = RadioField(
        "What happens to the partner's feedback?",
        choices=[(PartnerDeletion.KEEP.value, "Keep feedback, anonymised"),
                 (PartnerDeletion.DELETE.value, "Delete everything")],
        validators=[DataRequired(message="Choose what happens to the partner's feedback.")],
    )
    submit = SubmitField("Delete partner")


class DeleteAccountForm(FlaskForm):
    password = PasswordField("Your password", validators=[DataRequired(), Length(max=200)])
    submit = SubmitField("Delete my account")
