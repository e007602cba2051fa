from datetime import timedelta

from flask_wtf import FlaskForm
from wtforms import DateField, SelectField
from wtforms.validators import Optional, ValidationError

from app.core.forms import QuickSelect, supported_date
from app.core.timezones import local_today
from app.feedback.models import Channel, Source
from app.feedback.services import program_elements
from app.insights.services.metrics import partner_regions, partner_verticals
from app.partners.services import partner_choices, partner_tiers


def optional_int(value):
    if value in (None, "", "None"):
        return None
    return int(value)


class ProgramFilterForm(FlaskForm):
    """Filters of the program view, read from the query string (no CSRF: GET only)."""

    class Meta:
        csrf = False

    start = DateField("From", validators=[Optional(), supported_date])
    end = DateField("To", validators=[Optional(), supported_date])
    granularity = SelectField("Trend by", choices=[("month", "Month"), ("week", "Week")], default="month")
    tier_id = SelectField("Tier", coerce=optional_int, validators=[Optional()])
    region = SelectField("Region", validators=[Optional()])
    vertical = SelectField("Vertical", validators=[Optional()])
    partner_id = SelectField("Partner", coerce=optional_int, validators=[Optional()], widget=QuickSelect())
    program_element_id = SelectField("Program", coerce=optional_int, validators=[Optional()])
    source = SelectField("Source", choices=[("", "All sources")] + [(s.value, s.value.capitalize()) for s in Source],
                         validators=[Optional()])
    channel = SelectField("Channel", choices=[("", "All channels")] + [(c.value, c.label) for c in Channel],
                          validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.tier_id.choices = [(None, "All tiers")] + [(t.id, t.name) for t in partner_tiers()]
        self.region.choices = [("", "All regions")] + [(r, r) for r in partner_regions()]
        self.vertical.choices = [("", "All verticals")] + [(v, v) for v in partner_verticals()]
        self.partner_id.choices = [(None, "All partners")] + partner_choices()
        self.program_element_id.choices = [(None, "All programs")] + [(e.id, e.name) for e in program_elements()]

    def validate_end(self, field):
        if field.data and self.start.data and field.data < self.start.data:
            raise ValidationError(f"the end date {field.data:%d %b %Y} is before the start date (From) "
                                  f"{self.start.data:%d %b %Y}; the figures run to today instead")

    def described(self):
        """[(label, chosen option)] of the dimension filters in use, for the report's header."""
        fields = (self.partner_id, self.tier_id, self.region, self.vertical, self.program_element_id, self.source,
                  self.channel)
        return [(field.label.text, dict(field.choices).get(field.data, field.data)) for field in fields
                if field.data not in (None, "")]

    def period(self, today=None):
        """(start, end) with defaults: the last 12 months up to today."""
        today = today or local_today()
        end = self.end.data or today
        start = self.start.data or (end - timedelta(days=364))
        return start, end


class HealthFilterForm(FlaskForm):
    class Meta:
        csrf = False

    tier_id = SelectField("Tier", coerce=optional_int, validators=[Optional()])
    region = SelectField("Region", validators=[Optional()])
    sort = SelectField("Sort by", choices=[("score", "Health, worst first"), ("score_desc", "Health, best first"),
                                           ("name", "Name"), ("trend", "Trend, falling first")], default="score")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.tier_id.choices = [(None, "All tiers")] + [(t.id, t.name) for t in partner_tiers()]
        self.region.choices = [("", "All regions")] + [(r, r) for r in partner_regions()]
