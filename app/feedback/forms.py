import re

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    EmailField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import URL, DataRequired, Email, Length, Optional, Regexp, ValidationError

from app.analysis.services.themes import list_themes
from app.core.forms import QuickSelect, single_line, supported_date
from app.core.timezones import local_today
from app.feedback.constants import (
    ANY_SCORE_RANGE,
    MAX_SUBMITTER_EMAIL_LENGTH,
    MAX_SUBMITTER_NAME_LENGTH,
    MAX_TEXT_LENGTH,
    SCORE_NAMES,
    SCORE_RANGES,
    score_range_text,
)
from app.feedback.models import Channel, FeedbackStatus, LoopResponse, SentimentLabel, Source
from app.feedback.services import categories, program_elements
from app.insights.services.metrics import partner_regions
from app.partners.services import partner_choices, partner_tiers, staff_members


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


def _choices(blank, pairs):
    return [("", blank)] + list(pairs)


class FeedbackFilterForm(FlaskForm):
    """The feedback list's filters, read from the query string. A value that cannot be
    used is ignored and named on the page (app/core/list_filters.py), never a 500."""

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
    status = SelectField("Status", choices=_choices("Any status", [(s.value, s.label) for s in FeedbackStatus]),
                         validators=[Optional()])
    score_kind = SelectField("Score", choices=_choices("Any score", [(k, SCORE_NAMES[k]) for k in SCORE_RANGES]),
                             validators=[Optional()])
    min_score = IntegerField("Score from", validators=[Optional()])
    max_score = IntegerField("Score to", validators=[Optional()])
    sentiment = SelectField("Sentiment", choices=_choices("Any sentiment", [(s.value, s.value.capitalize())
                                                                            for s in SentimentLabel]),
                            validators=[Optional()])
    loop_response = SelectField("Loop response", choices=_choices("Any", [
        (LoopResponse.ACTION_NEEDED.value, "Action needed"), (LoopResponse.STATUS_QUO.value, "Status quo is fine")]),
        validators=[Optional()])
    given_from = DateField("Given from", validators=[Optional(), supported_date])
    given_to = DateField("Given to", validators=[Optional(), supported_date])
    follow_up = SelectField("Follow-up", choices=_choices("Any", [
        ("none", "No follow-up"), ("open", "Open follow-up"), ("overdue", "Overdue follow-up"),
        ("done", "Follow-ups all finished")]), validators=[Optional()])
    category_id = SelectField("Kind", coerce=optional_int, validators=[Optional()])
    tier_id = SelectField("Partner tier", coerce=optional_int, validators=[Optional()])
    region = SelectField("Partner region", validators=[Optional()], validate_choice=False)

    def __init__(self, *args, staff=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.partner_id.choices = [(None, "Any partner")] + (partner_choices() if staff else [])
        self.program_element_id.choices = [(None, "Any program")] + [(e.id, e.name) for e in program_elements()]
        # Themes are staff-only rows: a partner user's list is empty anyway.
        self.theme_id.choices = [(None, "Any theme")] + ([(t.id, t.name) for t in list_themes()] if staff else [])
        self.category_id.choices = [(None, "Any kind")] + [(c.id, c.name) for c in categories()]
        self.tier_id.choices = [(None, "Any tier")] + ([(t.id, t.name) for t in partner_tiers()] if staff else [])
        self.region.choices = _choices("Any region", [(r, r) for r in partner_regions()] if staff else [])

    def _score_range(self):
        return SCORE_RANGES.get(self.score_kind.data, ANY_SCORE_RANGE)

    def _check_score(self, field):
        low, high = self._score_range()
        if field.data is not None and not low <= field.data <= high:
            kind = SCORE_NAMES.get(self.score_kind.data, "Scores")
            raise ValidationError(f"{kind} run from {low} to {high}.")

    validate_min_score = _check_score

    def validate_max_score(self, field):
        self._check_score(field)
        if field.data is not None and self.min_score.data is not None and field.data < self.min_score.data:
            raise ValidationError(f"“Score to” ({field.data}) is below “Score from” ({self.min_score.data}).")

    def validate_given_to(self, field):
        if field.data and self.given_from.data and field.data < self.given_from.data:
            raise ValidationError(f"“Given to” ({field.data:%d %b %Y}) is before “Given from” "
                                  f"({self.given_from.data:%d %b %Y}).")

    def more_in_use(self):
        """Whether a filter of the folded "more filters" part is set (it then starts open)."""
        return any(self[name].data not in (None, "") for name in MORE_FILTERS)


MORE_FILTERS = ("status", "score_kind", "min_score", "max_score", "sentiment", "loop_response", "given_from",
                "given_to", "follow_up", "category_id", "tier_id", "region")


class ItemThemeForm(FlaskForm):
    """Staff tag an item with one more theme."""

    theme_id = SelectField("Add a theme", coerce=optional_int, validators=[DataRequired("Choose a theme.")])
    submit = SubmitField("Add")

    def __init__(self, *args, exclude=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.theme_id.choices = [(None, "Choose a theme")] + [(t.id, t.name) for t in list_themes()
                                                               if t.id not in exclude]


BULK_ACTIONS = [("status", "Set the status"), ("tag", "Tag with a theme"), ("assign", "Assign a follow-up")]


def _id_or_none(values):
    return int(values) if str(values).isascii() and str(values).isdigit() and len(str(values)) <= 10 else None


class BulkForm(FlaskForm):
    """A change to the items ticked on the list page (their ids come as `ids`)."""

    ids = SelectMultipleField("Items", coerce=_id_or_none, validate_choice=False)
    action = SelectField("Change", choices=BULK_ACTIONS)
    # Checked by the change that uses it (app/feedback/bulk.py): the others are left as they come.
    status = SelectField("Status", choices=[(s.value, s.label) for s in FeedbackStatus], validate_choice=False)
    theme_id = SelectField("Theme", coerce=optional_int, validate_choice=False)
    owner_id = SelectField("Owner", coerce=optional_int, validate_choice=False)
    due_on = DateField("Due", validators=[Optional(), supported_date])
    next = HiddenField()  # the list page with its filters, to return to (app/core/errors.py form_page)
    submit = SubmitField("Apply to selected")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.theme_id.choices = [(None, "Choose a theme")] + [(t.id, t.name) for t in list_themes()]
        self.owner_id.choices = [(None, "Choose a person")] + [(u.id, u.name) for u in staff_members()]

    def validate_ids(self, field):
        if not any(field.data or ()):
            raise ValidationError("Select at least one feedback item.")


ENTRY_IDS = re.compile(r"^\d{1,10}(,\d{1,10}){0,99}$")


def entry_ids(text):
    """The audit entry ids of "1,2,3" (at most 100), or [] for anything else."""
    return [int(part) for part in text.split(",")] if ENTRY_IDS.match(text or "") else []


class UndoForm(FlaskForm):
    """Undo a bulk change: the audit entries it wrote, as comma-separated ids."""

    entries = HiddenField(validators=[DataRequired(), Regexp(ENTRY_IDS.pattern)])
    next = HiddenField()
    submit = SubmitField("Undo this change")

    def entry_ids(self):
        return entry_ids(self.entries.data)

