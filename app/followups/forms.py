"""Forms of the follow-up area. Owner, category and tier choices are not checked by
WTForms (validate_choice=False): the services check them and say what is wrong."""

import secrets

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from app.analysis.services.themes import list_themes
from app.core.forms import QuickSelect, optional_id, single_line, supported_date
from app.core.models import is_id
from app.feedback.constants import CSAT_RANGE
from app.feedback.models import Channel, Source
from app.feedback.services import categories, program_elements
from app.followups.models import AssignTo, FollowUpStatus, Priority
from app.followups.services.followups import MAX_NOTE, MAX_TITLE, owner_candidates, today
from app.followups.services.loop import MAX_COMMENT, MAX_REPLY
from app.partners.lists import names as partner_list_names
from app.partners.services import partner_choices, partner_tiers, staff_members


def optional_int(value):
    if value in (None, "", "None"):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        return -1  # not an id: the service calls it unknown
    return number if is_id(number) else -1  # nor is a number no row can have


def owner_label(membership):
    where = f", {membership.partner.name}" if membership.partner_id else ""
    return f"{membership.user.name} ({membership.role.label}{where})"


PRIORITY_CHOICES = [(p.value, p.label) for p in Priority]
STATUS_CHOICES = [(s.value, s.label) for s in FollowUpStatus]


class FollowUpForm(FlaskForm):
    title = StringField("Title", validators=[Optional(), Length(max=MAX_TITLE), single_line],
                        description="What should happen? Defaults to what it is about.")
    owner_id = SelectField("Owner", coerce=optional_int, validate_choice=False,
                           validators=[DataRequired("Choose the owner.")],
                           description="Someone on your team, or a user of the partner it is about (delegation).")
    due_on = DateField("Due", validators=[DataRequired("Choose a due date."), supported_date])
    priority = SelectField("Priority", choices=PRIORITY_CHOICES, default=Priority.NORMAL.value)
    request_key = HiddenField()
    # Set only by the page that lists what a partner will see (followups/delegate.html);
    # the form itself always renders it empty, so a re-shown form never carries a yes.
    delegation_confirmed = HiddenField(render_kw={"value": ""})
    submit = SubmitField("Create follow-up")

    def __init__(self, *args, partner_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner_id.choices = [(None, "Choose the owner")] + [
            (m.user_id, owner_label(m)) for m in owner_candidates(partner_id)
        ]
        if not self.request_key.data:
            self.request_key.data = secrets.token_hex(16)

    def validate_due_on(self, field):
        if field.data and field.data < today():
            raise ValidationError("The due date cannot be in the past.")


class EditFollowUpForm(FollowUpForm):
    title = StringField("Title", validators=[DataRequired(), Length(max=MAX_TITLE), single_line])
    submit = SubmitField("Save changes")

    def validate_due_on(self, field):
        pass  # an unchanged past due date may stay; the service refuses moving it into the past


class StatusForm(FlaskForm):
    status = SelectField("Status", choices=STATUS_CHOICES)
    expected = HiddenField()  # the status the page showed: a stale form is told, not obeyed
    submit = SubmitField("Update status")


class ResolveForm(FlaskForm):
    reply = TextAreaField("Reply to the person who gave the feedback",
                          validators=[Optional(), Length(max=MAX_REPLY)], render_kw={"rows": 5},
                          description="Emailed with a link that asks them whether the issue is resolved. "
                                      "Leave empty to resolve without a reply.")
    expected = HiddenField()
    submit = SubmitField("Resolve")


class NoteForm(FlaskForm):
    """A note is internal unless staff tick `share_with_partner`: a form posted without
    it (or a partner user's form, which has none) never shares a staff note by mistake."""

    body = TextAreaField("Note", validators=[DataRequired(), Length(max=MAX_NOTE)], render_kw={"rows": 3})
    share_with_partner = BooleanField(
        "Share with the partner",
        description="Unticked, the note is internal: only vendor staff see it. Ticked, the partner's users "
                    "see it whenever this follow-up is delegated to one of them, now or later.")
    submit = SubmitField("Add note")


class FilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET filter changes nothing

    partner_id = SelectField("Partner", coerce=optional_id, validate_choice=False, widget=QuickSelect())
    status = SelectField("Status", choices=[("", "Active"), ("all", "All")] + STATUS_CHOICES, validate_choice=False)
    owner_id = SelectField("Owner", coerce=optional_id, validate_choice=False)
    due = SelectField("Due", choices=[("", "Any time"), ("overdue", "Overdue"), ("today", "Due today"),
                                      ("week", "Due within 7 days")], validate_choice=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.partner_id.choices = [(None, "All partners")] + partner_choices()
        self.owner_id.choices = [(None, "Anyone")] + [(m.user_id, owner_label(m)) for m in owner_candidates()]


def _blank(label, options):
    return [("", label)] + options


class RuleForm(FlaskForm):
    name = StringField("Rule name", validators=[DataRequired(), Length(max=120), single_line])
    active = BooleanField("Active", default=True)
    source = SelectField("Source", choices=_blank("Any source", [(s.value, s.value.capitalize()) for s in Source]),
                         validate_choice=False)
    channel = SelectField("Channel", choices=_blank("Any channel", [(c.value, c.label) for c in Channel]),
                          validate_choice=False)
    nps_detractor = BooleanField("NPS detractor (0-6)")
    nps_promoter = BooleanField("NPS promoter (9-10)")
    csat_at_most = IntegerField("CSAT at or below", validators=[Optional()],
                                description=f"{CSAT_RANGE[0]} to {CSAT_RANGE[1]}; leave empty for any CSAT.")
    negative_sentiment = BooleanField("Negative sentiment")
    action_needed = BooleanField("Loop response: action needed")
    category_id = SelectField("Category", coerce=optional_int, validate_choice=False)
    tier_id = SelectField("Partner tier", coerce=optional_int, validate_choice=False)
    region = SelectField("Partner region", validate_choice=False)
    theme_id = SelectField("Theme", coerce=optional_int, validate_choice=False)
    program_element_id = SelectField("Program element", coerce=optional_int, validate_choice=False)
    partner_id = SelectField("Partner", coerce=optional_int, validate_choice=False)
    assign_to = SelectField("Assign to", choices=[(AssignTo.PARTNER_MANAGER.value, "The partner's manager"),
                                                  (AssignTo.USER.value, "A named staff member")])
    owner_id = SelectField("Staff member", coerce=optional_int, validate_choice=False,
                           description="The owner when “a named staff member”; otherwise used for items whose "
                                       "partner has no manager (else the first admin).")
    due_in_days = IntegerField("Due in (days)", default=2, validators=[InputRequired("How many days?")])
    priority = SelectField("Priority", choices=PRIORITY_CHOICES, default=Priority.NORMAL.value)
    test = SubmitField("Count matching feedback")
    submit = SubmitField("Save rule")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.category_id.choices = [(None, "Any category")] + [(c.id, c.name) for c in categories()]
        self.tier_id.choices = [(None, "Any tier")] + [(t.id, t.name) for t in partner_tiers()]
        self.theme_id.choices = [(None, "Any theme")] + [(t.id, t.name) for t in list_themes()]
        self.program_element_id.choices = [(None, "Any program element")] + [(e.id, e.name)
                                                                             for e in program_elements()]
        self.partner_id.choices = [(None, "Any partner")] + partner_choices()
        self.owner_id.choices = [(None, "Nobody")] + [(u.id, u.name) for u in staff_members()]
        self.region.choices = [("", "Any region")] + [(name, name) for name in partner_list_names("region")]


class PolicyForm(FlaskForm):
    escalation_user_id = SelectField("Escalate overdue follow-ups to", coerce=optional_int, validate_choice=False,
                                     description="E.g. the partner managers' lead. Nobody: every admin.")
    first_response_days = IntegerField("First-response target (days)", validators=[InputRequired()])
    resolution_days = IntegerField("Resolution target (days)", validators=[InputRequired()])
    confirmation_days = IntegerField("Confirmation window (days)", validators=[InputRequired()],
                                     description="How long a reply's “is it resolved?” link stays open; "
                                                 "unanswered loops close after it.")
    submit = SubmitField("Save policy")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.escalation_user_id.choices = [(None, "Every admin")] + [(u.id, u.name) for u in staff_members()]


class AnswerForm(FlaskForm):
    answer = RadioField("Is your issue resolved?", choices=[("yes", "Yes, it is resolved"), ("no", "No, not yet")],
                        validators=[DataRequired("Choose yes or no.")])
    comment = TextAreaField("Anything to add? (optional)", validators=[Optional(), Length(max=MAX_COMMENT)],
                            render_kw={"rows": 3})
    submit = SubmitField("Send my answer")
