from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from app.actions.services import MAX_DESCRIPTION, MAX_TITLE, recent_actions
from app.core.forms import QuickSelect, single_line, supported_date
from app.feedback.services import program_elements
from app.partners.services import partner_choices


def optional_int(value):
    if value in (None, "", "None"):
        return None
    return int(value)


class ActionForm(FlaskForm):
    title = StringField("What changed", validators=[DataRequired(), Length(max=MAX_TITLE), single_line],
                        description="For example: faster deal registration approvals.")
    description = TextAreaField("Details", validators=[Optional(), Length(max=MAX_DESCRIPTION)], render_kw={"rows": 4})
    effective_on = DateField("Took effect on",
                             validators=[InputRequired(message="Give the date the change took effect."), supported_date],
                             description="Feedback before this day is compared with feedback from this day on. "
                                         "A future date is fine for a planned change.")
    program_element_id = SelectField("Part of the program", coerce=optional_int)
    partner_ids = SelectMultipleField("Partners affected", coerce=int, widget=QuickSelect(multiple=True),
                                      description="Leave empty when the change affects every partner.")
    submit = SubmitField("Save action")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.program_element_id.choices = [(None, "Whole program")] + [(e.id, e.name) for e in program_elements()]
        self.partner_ids.choices = partner_choices()


class FeedbackLinkForm(FlaskForm):
    """Link one feedback item to the action whose page this is."""

    feedback_id = IntegerField(validators=[InputRequired()])


class ActionLinkForm(FlaskForm):
    """On a feedback item's page: link it to one of the actions."""

    action_id = SelectField("Action", coerce=optional_int, validators=[InputRequired()])
    submit = SubmitField("Link to action")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.action_id.choices = [(a.id, f"{a.title} ({a.effective_on:%d %b %Y})") for a in recent_actions()]
