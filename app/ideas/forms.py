from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from app.core.forms import QuickSelect, single_line
from app.feedback.services import program_elements
from app.ideas.services import MAX_BODY, MAX_TITLE, statuses
from app.partners.services import partner_choices


def optional_int(value):
    if value in (None, "", "None"):
        return None
    return int(value)


class IdeaForm(FlaskForm):
    title = StringField("Idea", validators=[DataRequired(), Length(max=MAX_TITLE), single_line],
                        description="One sentence: what should change?")
    description = TextAreaField("Details", validators=[Optional(), Length(max=MAX_BODY)], render_kw={"rows": 5},
                                description="Why it matters to you and your customers.")
    program_element_id = SelectField("Part of the program", coerce=optional_int)
    submit = SubmitField("Post idea")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.program_element_id.choices = [(None, "General")] + [(e.id, e.name) for e in program_elements()]


class CommentForm(FlaskForm):
    body = TextAreaField("Comment", validators=[DataRequired(), Length(max=MAX_BODY)], render_kw={"rows": 3})
    submit = SubmitField("Comment")


class NoteForm(FlaskForm):
    body = TextAreaField("Internal note", validators=[DataRequired(), Length(max=MAX_BODY)], render_kw={"rows": 3},
                         description="Only vendor staff see notes.")
    submit = SubmitField("Add note")


class StatusForm(FlaskForm):
    status_id = SelectField("Status", coerce=optional_int, validators=[DataRequired()])
    submit = SubmitField("Move")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.status_id.choices = [(s.id, s.name) for s in statuses()]


class MergeForm(FlaskForm):
    """No target is chosen for the user: merging moves votes and cannot be undone."""

    # Any idea of the tenant may be posted: the route loads it (or 404s) and the service checks it.
    target_id = SelectField("Merge into", coerce=optional_int, validate_choice=False,
                            validators=[DataRequired("Choose the idea this one duplicates.")])
    confirmed = HiddenField()
    submit = SubmitField("Merge duplicate…")

    def set_targets(self, ideas):
        self.target_id.choices = [("", "Choose the idea it duplicates")] + [(i.id, i.title[:80]) for i in ideas]


class ProxyVoteForm(FlaskForm):
    partner_id = SelectField("Partner", coerce=optional_int, validators=[DataRequired()], widget=QuickSelect())
    submit = SubmitField("Record vote")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.partner_id.choices = partner_choices()


class PromoteForm(FlaskForm):
    """Both texts start empty: the feedback is private to its partner and the vendor,
    the idea is read by every partner of the program."""

    title = StringField("Idea title", validators=[DataRequired(), Length(max=MAX_TITLE), single_line],
                        description="In your own words; every partner of the program reads it.")
    description = TextAreaField("Public description", validators=[Optional(), Length(max=MAX_BODY)],
                                render_kw={"rows": 5},
                                description="What the idea is about, without names or anything the partner told "
                                            "you in confidence. May stay empty.")
    keep_feedback_text = BooleanField("Use the feedback's own text as the public description",
                                      description="Only when the partner's words can be read by every partner.")
    submit = SubmitField("Promote to idea")


class BoardFilterForm(FlaskForm):
    class Meta:
        csrf = False

    sort = SelectField("Sort by", choices=[("votes", "Most votes"), ("demand", "Partner-weighted demand"),
                                           ("newest", "Newest")], default="votes")
    status_id = SelectField("Status", coerce=optional_int, validators=[Optional()])
    program_element_id = SelectField("Program", coerce=optional_int, validators=[Optional()])

    def __init__(self, *args, staff=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not staff:
            self.sort.choices = [c for c in self.sort.choices if c[0] != "demand"]
        self.status_id.choices = [(None, "Any status")] + [(s.id, s.name) for s in statuses()]
        self.program_element_id.choices = [(None, "Any program")] + [(e.id, e.name) for e in program_elements()]


class StatusNameForm(FlaskForm):
    name = StringField("Status name", validators=[DataRequired(), Length(max=60), single_line])
    on_roadmap = BooleanField("Show on the public roadmap")
    is_closed = BooleanField("Closes the idea")
    submit = SubmitField("Add status")


class RenameStatusForm(FlaskForm):
    name = StringField("New name", validators=[DataRequired(), Length(max=60), single_line])


class RoadmapForm(FlaskForm):
    roadmap_public = BooleanField("Publish a public roadmap of planned, in-progress and shipped ideas")
    submit = SubmitField("Save")
