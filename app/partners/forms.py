from flask import current_app
from flask_wtf import FlaskForm
from wtforms import EmailField, IntegerField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional

from app.core.forms import single_line
from app.partners.lists import names
from app.partners.models import PartnerStatus
from app.partners.services import partner_tiers, staff_members
from app.tenants.models import Role

STATUS_CHOICES = [(s.value, s.value.capitalize()) for s in PartnerStatus]


def list_choices(kind, blank):
    """Select choices of one tenant list: its names, after `blank` ("")."""
    return [("", blank)] + [(name, name) for name in names(kind)]


def _coerce_optional_int(value):
    if value in (None, "", "None"):
        return None
    return int(value)


class PartnerForm(FlaskForm):
    name = StringField("Partner company", validators=[DataRequired(), Length(max=120), single_line])
    tier_id = SelectField("Tier", coerce=_coerce_optional_int, validate_choice=True)
    region = SelectField("Region", default="", validate_choice=True,
                         description="Admins keep the list (Partners → Regions and verticals).")
    vertical = SelectField("Industry vertical", default="", validate_choice=True)
    manager_id = SelectField("Partner manager", coerce=_coerce_optional_int, validate_choice=True)
    submit = SubmitField("Save partner")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Choices come from the active tenant only, so a foreign id is "not a valid choice".
        self.tier_id.choices = [(None, "No tier")] + [(t.id, t.name) for t in partner_tiers()]
        self.manager_id.choices = [(None, "Unassigned")] + [(u.id, u.name) for u in staff_members()]
        self.region.choices = list_choices("region", "No region")
        self.vertical.choices = list_choices("vertical", "No vertical")

    def partner_fields(self):
        return {
            "name": self.name.data,
            "tier_id": self.tier_id.data,
            "region": self.region.data,
            "vertical": self.vertical.data,
            "manager_id": self.manager_id.data,
        }


class InvitePartnerForm(PartnerForm):
    admin_email = EmailField(
        "Email of the partner's first admin",
        validators=[DataRequired(), Email(), Length(max=254), single_line],
    )
    submit = SubmitField("Invite partner")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        days = current_app.config["INVITATION_TTL_DAYS"]
        self.admin_email.description = f"They receive an invitation link, valid for {days} days."


class InvitePartnerUserForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Email(), Length(max=254), single_line])
    role = SelectField(
        "Role",
        choices=[
            (Role.PARTNER_MEMBER.value, Role.PARTNER_MEMBER.label),
            (Role.PARTNER_ADMIN.value, Role.PARTNER_ADMIN.label),
        ],
        default=Role.PARTNER_MEMBER.value,  # least privilege
    )
    submit = SubmitField("Send invitation")


class PartnerStatusForm(FlaskForm):
    status = SelectField("Status", choices=STATUS_CHOICES)


class TierForm(FlaskForm):
    name = StringField("Tier name", validators=[DataRequired(), Length(max=60), single_line])
    weight = IntegerField(
        "Weight",
        default=1,
        validators=[InputRequired(), NumberRange(min=1, max=100)],
        description="How much this tier's votes and feedback count (1-100).",
    )
    submit = SubmitField("Save tier")


class PartnerFilterForm(FlaskForm):
    """The filters of the partner list, read from the query string."""

    class Meta:
        csrf = False

    q = StringField("Search", validators=[Optional(), Length(max=120), single_line])
    status = SelectField("Status", choices=[("", "Any status")] + STATUS_CHOICES, validators=[Optional()])
    tier_id = SelectField("Tier", coerce=_coerce_optional_int, validators=[Optional()])
    manager_id = SelectField("Partner manager", coerce=_coerce_optional_int, validators=[Optional()])
    region = SelectField("Region", validators=[Optional()])
    vertical = SelectField("Vertical", validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.tier_id.choices = [(None, "Any tier")] + [(t.id, t.name) for t in partner_tiers()]
        self.manager_id.choices = [(None, "Any manager")] + [(u.id, u.name) for u in staff_members()]
        self.region.choices = list_choices("region", "Any region")
        self.vertical.choices = list_choices("vertical", "Any vertical")

    def valid_filters(self):
        """The filters that passed validation: a nonsense value in the URL is ignored, not an error."""
        self.validate()

        def value(field):
            return None if field.errors else field.data

        return {
            "status": value(self.status),
            "tier_id": value(self.tier_id),
            "manager_id": value(self.manager_id),
            "region": value(self.region) or None,
            "vertical": value(self.vertical) or None,
            "search": value(self.q),
        }


class ListEntryNameForm(FlaskForm):
    """Add or rename an entry of the tenant's regions or verticals."""

    name = StringField("Name", validators=[DataRequired(), Length(max=60), single_line])
    submit = SubmitField("Save")
