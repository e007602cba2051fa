"""Forms of the survey builder, campaigns, pulse surveys, settings and the public response page."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    EmailField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from app.core.errors import ServiceError
from app.core.forms import QuickSelect, single_line
from app.partners.services import partner_choices
from app.surveys.models import QuestionKind, SurveyAudience
from app.surveys.services.builder import (
    MAX_INTRO_LENGTH,
    MAX_PROMPT_LENGTH,
    MAX_TITLE_LENGTH,
    parse_choices,
    sendable_surveys,
)
from app.surveys.services.responses import MAX_ANSWER_LENGTH
from app.surveys.services.settings import SETTING_RANGES


def optional_int(value):
    if value in (None, "", "None"):
        return None
    return int(value)


class MultiCheckboxField(SelectMultipleField):
    """Several checkboxes: works without JavaScript and on a phone."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class SurveyForm(FlaskForm):
    title = StringField(
        "Title", validators=[DataRequired(), Length(max=MAX_TITLE_LENGTH), single_line]
    )
    intro = TextAreaField(
        "Introduction",
        validators=[Optional(), Length(max=MAX_INTRO_LENGTH)],
        render_kw={"rows": 3},
        description="Shown above the questions.",
    )
    audience = RadioField(
        "Who answers it?",
        default=SurveyAudience.CUSTOMER.value,
        choices=[(a.value, a.label) for a in SurveyAudience],
    )
    submit = SubmitField("Create survey")


class SurveyDetailsForm(FlaskForm):
    title = StringField(
        "Title", validators=[DataRequired(), Length(max=MAX_TITLE_LENGTH), single_line]
    )
    intro = TextAreaField(
        "Introduction",
        validators=[Optional(), Length(max=MAX_INTRO_LENGTH)],
        render_kw={"rows": 3},
        description="Shown above the questions.",
    )
    submit = SubmitField("Save details")


class QuestionForm(FlaskForm):
    kind = SelectField("Type", choices=[(k.value, k.label) for k in QuestionKind])
    prompt = StringField(
        "Question", validators=[DataRequired(), Length(max=MAX_PROMPT_LENGTH), single_line]
    )
    choices = TextAreaField(
        "Options", render_kw={"rows": 4}, description="Choice questions only: one option per line."
    )
    required = BooleanField("Answer required")
    submit = SubmitField("Add question")

    def validate_choices(self, field):
        if self.kind.data not in set(QuestionKind) or not QuestionKind(self.kind.data).has_choices:
            return  # an unknown kind is the kind field's error
        try:
            parse_choices(field.data)
        except ServiceError as error:
            raise ValidationError(error.message) from error


class CampaignForm(FlaskForm):
    survey_id = SelectField("Survey", coerce=optional_int, validators=[InputRequired("Choose a survey.")])
    partner_id = SelectField(
        "On behalf of partner",
        coerce=optional_int,
        validators=[InputRequired("Choose the partner the campaign is for.")],
        widget=QuickSelect(),
    )
    name = StringField(
        "Campaign name (optional)",
        validators=[Optional(), Length(max=200), single_line],
        description="e.g. Q3 customer satisfaction; defaults to the survey's title.",
    )
    submit = SubmitField("Create campaign")

    def __init__(self, *args, staff=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey_id.choices = [(None, "Choose a survey")] + [
            (s.id, s.label) for s in sendable_surveys(SurveyAudience.CUSTOMER)
        ]
        if staff:
            self.partner_id.choices = [(None, "Choose a partner")] + partner_choices()
        else:
            del self.partner_id  # a partner user's campaigns are always their own partner's


class ContactForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=254), single_line])
    name = StringField("Name", validators=[Optional(), Length(max=120), single_line])
    company = StringField("Company", validators=[Optional(), Length(max=120), single_line])
    submit = SubmitField("Add contact")


class UploadForm(FlaskForm):
    file = FileField(
        "CSV file",
        validators=[FileRequired("Choose a CSV file.")],
        description="Columns: email, name, company (first row names them).",
    )
    submit = SubmitField("Upload contacts")


class PulseForm(FlaskForm):
    survey_id = SelectField("Survey", coerce=optional_int, validators=[InputRequired("Choose a survey.")])
    name = StringField(
        "Name (optional)",
        validators=[Optional(), Length(max=200), single_line],
        description="e.g. Partner NPS Q3.",
    )
    partner_ids = MultiCheckboxField(
        "Partners",
        coerce=int,
        validators=[Optional()],
        description="Leave all unticked to ask every active partner.",
    )
    include_members = BooleanField("Ask partner members too (not only partner admins)", default=True)
    anonymous = BooleanField(
        "Anonymous answers",
        description="Answers carry no name, partner or time, and show only as totals once enough people "
        "answered (the anonymity threshold in Settings); the pulse must reach at least that many people.",
    )
    submit = SubmitField("Send pulse survey")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey_id.choices = [(None, "Choose a survey")] + [
            (s.id, s.label) for s in sendable_surveys(SurveyAudience.PARTNER)
        ]
        self.partner_ids.choices = partner_choices()


def _setting_field(label, name, description):
    low, high = SETTING_RANGES[name]
    return IntegerField(label, validators=[InputRequired(), NumberRange(low, high)], description=description)


class SettingsForm(FlaskForm):
    survey_frequency_cap_days = _setting_field(
        "Survey a customer at most once every (days)",
        "survey_frequency_cap_days",
        "Across the vendor and all partners. 0 turns the cap off.",
    )
    anonymity_threshold = _setting_field(
        "Show anonymous results from (responses)",
        "anonymity_threshold",
        "Anonymous answers are shown only as totals of at least this many responses.",
    )
    reminder_after_days = _setting_field(
        "Remind people who have not answered after (days)", "reminder_after_days", "0 sends no reminders."
    )
    link_expiry_days = _setting_field("Survey links expire after (days)", "link_expiry_days", "")
    submit = SubmitField("Save settings")


def _response_field(question):
    required = [InputRequired("Please answer this question.")] if question.required else [Optional()]
    if question.kind.scale:
        low, high = question.kind.scale
        return RadioField(
            question.prompt, choices=[(str(n), str(n)) for n in range(low, high + 1)], validators=required
        )
    if question.kind == QuestionKind.SINGLE_CHOICE:
        return RadioField(question.prompt, choices=[(c, c) for c in question.choices], validators=required)
    if question.kind == QuestionKind.MULTIPLE_CHOICE:
        return MultiCheckboxField(
            question.prompt, choices=[(c, c) for c in question.choices], validators=required
        )
    return TextAreaField(
        question.prompt, validators=required + [Length(max=MAX_ANSWER_LENGTH)], render_kw={"rows": 4}
    )


def field_name(question):
    return f"q{question.id}"


def response_form(questions, **kwargs):
    """A form with one field per question, named q<question id>."""

    class ResponseForm(FlaskForm):
        submit = SubmitField("Send my answers")

    for question in questions:
        setattr(ResponseForm, field_name(question), _response_field(question))
    return ResponseForm(**kwargs)


def answers_from(form, questions):
    """{question id: the submitted value} for submit_response."""
    return {question.id: form[field_name(question)].data for question in questions}
