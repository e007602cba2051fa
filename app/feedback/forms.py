from flask_wtf import FlaskForm
from wtforms import DateField, EmailField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import URL, DataRequired, Email, Length, Optional, ValidationError

from app.analysis.services.themes import list_themes
from app.core.forms import QuickSelect, single_line, supported_date
from app.core.timezones import local_today
from app.feedback.constants import (
    MAX_SUBMITTER_EMAIL_LENGTH,
    MAX_SUBMITTER_NAME_LENGTH,
    MAX_TEXT_LENGTH,
    SCORE_RANGES,
    score_range_text,
)
from app.feedback.models import Channel, FeedbackStatus, LoopResponse, SentimentLabel, Source
from app.feedback.services import categories, program_elements
from app.partners.services import partner_choices


def optional_int(value):
    if value in (None, "", "None"):
        return None
    return int(value)


def _score_choices(name, blank="Not rated"):
    low, high = SCORE_RANGES[name]
    return [(None, blank)] + [(n, str(n)) for n in range(low, high + 1)]


INTERNAL_CHANNELS = (Channel.CALL_CENTER, Channel.EMAIL, Channel.CHAT, Channel.SOCIAL, Channel.PORTAL)
# Who gave the feedback staff record: it decides which rules fire and what partners see.
RECORDED_SOURCES = [
    ("", "Choose who gave it"),
    (Source.PARTNER.value, "Someone at the partner"),
    (Source.CUSTOMER.value, "A customer of the partner"),
    (Source.INTERNAL.value, "Our own team (internal: the partner does not see it)"),
]


class FeedbackForm(FlaskForm):
    """Partner users' feedback about the vendor's program."""

    program_element_id = SelectField("Which part of the program is it about?", coerce=optional_int)
    category_id = SelectField("Kind of feedback", coerce=optional_int)
    nps = SelectField(f"How likely are you to recommend the program to a peer? ({score_range_text('nps')})",
                      coerce=optional_int, choices=_score_choices("nps"))
    csat = SelectField(f"How satisfied are you with this part of the program? ({score_range_text('csat')})",
                       coerce=optional_int, choices=_score_choices("csat"))
    text = TextAreaField("Your feedback", validators=[DataRequired(), Length(max=MAX_TEXT_LENGTH)],
                         render_kw={"rows": 6})
    link_url = StringField("Link (optional)", validators=[Optional(), Length(max=2000), single_line,
                                                         URL(require_tld=False)],
                           description="e.g. a deal or a document the feedback refers to")
    submit = SubmitField("Send feedback")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.program_element_id.choices = [(None, "General")] + [(e.id, e.name) for e in program_elements()]
        self.category_id.choices = [(None, "Not specified")] + [(c.id, c.name) for c in categories()]

    def validate_link_url(self, field):
        if field.data and not field.data.lower().startswith(("http://", "https://")):
            raise ValidationError("Use an http:// or https:// link.")


class InternalFeedbackForm(FeedbackForm):
    """Staff record feedback about a partner, e.g. from a business review or a call."""

    partner_id = SelectField("Partner", coerce=optional_int, validators=[DataRequired("Choose the partner.")],
                             widget=QuickSelect())
    source = SelectField("Who gave it?", choices=RECORDED_SOURCES, validators=[DataRequired("Choose who gave it.")],
                         description="Customer feedback counts as customer feedback everywhere (rules, figures); "
                                     "internal observations stay with your team.")
    channel = SelectField("Where did it come from?", choices=[(c.value, c.label) for c in INTERNAL_CHANNELS])
    given_at = DateField("Date given", default=local_today, validators=[DataRequired(), supported_date])
    submitter_name = StringField("Who said it", description="Their name and role, e.g. “Dana Lee, CTO”; "
                                                            "optional for internal observations.",
                                 validators=[Length(max=MAX_SUBMITTER_NAME_LENGTH), single_line])
    submitter_email = EmailField("Their email (optional)", validators=[
        Optional(), Email(), Length(max=MAX_SUBMITTER_EMAIL_LENGTH), single_line],
        description="Lets a follow-up reply to them.")
    nps = SelectField(f"NPS given ({score_range_text('nps')})", coerce=optional_int, choices=_score_choices("nps"))
    csat = SelectField(f"CSAT given ({score_range_text('csat')})", coerce=optional_int,
                       choices=_score_choices("csat"))
    text = TextAreaField("What was said", validators=[DataRequired(), Length(max=MAX_TEXT_LENGTH)],
                         render_kw={"rows": 6})
    submit = SubmitField("Record feedback")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.partner_id.choices = [(None, "Choose a partner")] + partner_choices()

    def validate_submitter_name(self, field):
        if self.source.data in (Source.PARTNER.value, Source.CUSTOMER.value) and not (field.data or "").strip():
            raise ValidationError("Say who said it: a partner's or customer's feedback needs a name.")

    def validate_given_at(self, field):
        if field.data and field.data > local_today():
            raise ValidationError("The date cannot be in the future.")


class NoteForm(FlaskForm):
    body = TextAreaField("Internal note", validators=[DataRequired(), Length(max=MAX_TEXT_LENGTH)],
                         render_kw={"rows": 3}, description="Only vendor staff see notes.")
    submit = SubmitField("Add note")


class LoopOverrideForm(FlaskForm):
    """Staff correct the derived loop response; "automatic" removes the correction."""

    loop_response = SelectField("Does it ask for a change?", choices=[
        ("", "Automatic"), (LoopResponse.ACTION_NEEDED.value, "Action needed"),
        (LoopResponse.STATUS_QUO.value, "Status quo is fine")])
    submit = SubmitField("Save")


class SentimentOverrideForm(FlaskForm):
    """Staff correct the engine's sentiment label; "automatic" removes the correction."""

    sentiment = SelectField("Is the sentiment right?", choices=[
        ("", "Automatic"), (SentimentLabel.POSITIVE.value, "Positive"), (SentimentLabel.NEUTRAL.value, "Neutral"),
        (SentimentLabel.NEGATIVE.value, "Negative")])
    submit = SubmitField("Save")


class StatusForm(FlaskForm):
    status = SelectField("Status", choices=[(s.value, s.label) for s in FeedbackStatus])
    submit = SubmitField("Update status")


class FeedbackFilterForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField("Search", validators=[Optional(), Length(max=200), single_line])
    partner_id = SelectField("Partner", coerce=optional_int, validators=[Optional()], widget=QuickSelect())
    source = SelectField("Source", choices=[("", "Any source")] + [(s.value, s.value.capitalize()) for s in Source],
                         validators=[Optional()])
    channel = SelectField("Channel", choices=[("", "Any channel")] + [(c.value, c.label) for c in Channel],
                          validators=[Optional()])
    program_element_id = SelectField("Program", coerce=optional_int, validators=[Optional()])
    theme_id = SelectField("Theme", coerce=optional_int, validators=[Optional()])
    detected_language = SelectField("Language", choices=[("", "Any language"), ("en", "English"), ("de", "German"),
                                                         ("fr", "French"), ("es", "Spanish"),
                                                         ("other", "Other (not analysed)")], validators=[Optional()])

    def __init__(self, *args, staff=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.partner_id.choices = [(None, "Any partner")] + (partner_choices() if staff else [])
        self.program_element_id.choices = [(None, "Any program")] + [(e.id, e.name) for e in program_elements()]
        # Themes are staff-only rows: a partner user's list is empty anyway.
        self.theme_id.choices = [(None, "Any theme")] + ([(t.id, t.name) for t in list_themes()] if staff else [])


class ItemThemeForm(FlaskForm):
    """Staff tag an item with one more theme."""

    theme_id = SelectField("Add a theme", coerce=optional_int, validators=[DataRequired("Choose a theme.")])
    submit = SubmitField("Add")

    def __init__(self, *args, exclude=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.theme_id.choices = [(None, "Choose a theme")] + [(t.id, t.name) for t in list_themes()
                                                               if t.id not in exclude]
