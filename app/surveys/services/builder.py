"""The survey builder: surveys, their questions and their order, locking and versions.

A survey is locked once any campaign has sent it: recipients may be looking at its
questions, and every stored answer must keep meaning what it was asked as. To change
a locked survey, staff make a new version (a copy that replaces it for new campaigns).
"""

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.core.errors import ServiceError
from app.core.models import utcnow
from app.extensions import db
from app.surveys.models import QuestionKind, Survey, SurveyAudience, SurveyCampaign, SurveyQuestion

MAX_TITLE_LENGTH = 200
MAX_INTRO_LENGTH = 5_000
MAX_PROMPT_LENGTH = 500
MAX_CHOICE_LENGTH = 200
MAX_CHOICES = 20
MAX_QUESTIONS = 50
LOCKED_MESSAGE = "This survey has been sent, so it is locked. Make a new version to change it."


def list_surveys():
    """The tenant's surveys, current ones first, newest first."""
    return db.session.scalars(
        select(Survey)
        .options(selectinload(Survey.questions))
        .order_by(Survey.archived_at.is_not(None), Survey.created_at.desc(), Survey.id.desc())
    ).all()


def sendable_surveys(audience):
    """Current (not archived) surveys for `audience` that have at least one question."""
    has_questions = select(SurveyQuestion.id).where(SurveyQuestion.survey_id == Survey.id).exists()
    return db.session.scalars(
        select(Survey)
        .where(Survey.audience == SurveyAudience(audience), Survey.archived_at.is_(None), has_questions)
        .options(selectinload(Survey.questions))
        .order_by(Survey.title, Survey.id)
    ).all()


def is_locked(survey):
    """True once a campaign has sent the survey (checked in the staff scope, which sees every campaign)."""
    statement = select(SurveyCampaign.id).where(
        SurveyCampaign.survey_id == survey.id, SurveyCampaign.first_sent_at.is_not(None)
    )
    return db.session.scalars(statement.limit(1)).first() is not None


def _ensure_editable(survey):
    if survey.archived_at is not None:
        raise ServiceError("This version has been replaced by a newer one; edit that one instead.")
    if is_locked(survey):
        raise ServiceError(LOCKED_MESSAGE)


def _clean_text(value, field, label, max_length, required=True):
    value = (value or "").strip()
    if required and not value:
        raise ServiceError(f"Enter {label}.", field=field)
    if len(value) > max_length:
        raise ServiceError(f"Keep {label} under {max_length:,} characters.", field=field)
    if "\x00" in value:
        raise ServiceError(f"{label.capitalize()} contains a NUL character.", field=field)
    return value


def create_survey(author, title, intro="", audience=SurveyAudience.CUSTOMER):
    survey = Survey(
        title=_clean_text(title, "title", "a title", MAX_TITLE_LENGTH),
        intro=_clean_text(intro, "intro", "the introduction", MAX_INTRO_LENGTH, required=False),
        audience=SurveyAudience(audience),
        created_by_id=author.id if author else None,
    )
    db.session.add(survey)
    db.session.flush()
    return survey


def update_survey(survey, title, intro=""):
    _ensure_editable(survey)
    survey.title = _clean_text(title, "title", "a title", MAX_TITLE_LENGTH)
    survey.intro = _clean_text(intro, "intro", "the introduction", MAX_INTRO_LENGTH, required=False)
    return survey


def parse_choices(text):
    """The options of a choice question, one a line; blank lines are ignored."""
    choices = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if len(choices) < 2:
        raise ServiceError("Give at least two options, one a line.", field="choices")
    if len(choices) > MAX_CHOICES:
        raise ServiceError(f"Give at most {MAX_CHOICES} options.", field="choices")
    if any(len(choice) > MAX_CHOICE_LENGTH for choice in choices):
        raise ServiceError(f"Keep each option under {MAX_CHOICE_LENGTH} characters.", field="choices")
    if len({choice.casefold() for choice in choices}) != len(choices):
        raise ServiceError("Each option must be different.", field="choices")
    if any("\x00" in choice for choice in choices):
        raise ServiceError("An option contains a NUL character.", field="choices")
    return choices


def _apply_question_fields(question, kind, prompt, required, choices_text):
    kind = QuestionKind(kind)
    question.kind = kind
    question.prompt = _clean_text(prompt, "prompt", "the question", MAX_PROMPT_LENGTH)
    question.required = bool(required)
    question.choices = parse_choices(choices_text) if kind.has_choices else []


def add_question(survey, kind, prompt, required=False, choices_text=""):
    """Append a question to an editable survey."""
    _ensure_editable(survey)
    if len(survey.questions) >= MAX_QUESTIONS:
        raise ServiceError(f"A survey can have at most {MAX_QUESTIONS} questions.")
    question = SurveyQuestion(position=_next_position(survey))
    _apply_question_fields(question, kind, prompt, required, choices_text)
    survey.questions.append(question)
    db.session.flush()
    return question


def _next_position(survey):
    highest = db.session.scalar(
        select(func.max(SurveyQuestion.position)).where(SurveyQuestion.survey_id == survey.id)
    )
    return 0 if highest is None else highest + 1


def update_question(question, kind, prompt, required=False, choices_text=""):
    _ensure_editable(question.survey)
    _apply_question_fields(question, kind, prompt, required, choices_text)
    return question


def _renumber(questions):
    for position, question in enumerate(questions):
        question.position = position


def move_question(question, direction):
    """Swap the question with its neighbour above ("up") or below ("down"); at an end, nothing moves."""
    survey = question.survey
    _ensure_editable(survey)
    if direction not in ("up", "down"):
        raise ServiceError("Move a question up or down.")
    questions = list(survey.questions)
    index = questions.index(question)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(questions):
        questions[index], questions[other] = questions[other], questions[index]
    _renumber(questions)
    return question


def delete_question(question):
    survey = question.survey
    _ensure_editable(survey)
    survey.questions.remove(question)
    _renumber(survey.questions)


def new_version(survey, author):
    """Copy `survey` with its questions as the next version; the old one is archived
    (its campaigns and answers stay as they were)."""
    if survey.archived_at is not None:
        raise ServiceError("This version has already been replaced by a newer one.")
    if not is_locked(survey):
        raise ServiceError("This survey has never been sent: change it here, no new version is needed.")
    copy = Survey(
        title=survey.title,
        intro=survey.intro,
        audience=survey.audience,
        version=survey.version + 1,
        previous_version_id=survey.id,
        created_by_id=author.id if author else None,
    )
    for question in survey.questions:
        copy.questions.append(
            SurveyQuestion(
                position=question.position,
                kind=question.kind,
                prompt=question.prompt,
                required=question.required,
                choices=list(question.choices),
            )
        )
    survey.archived_at = utcnow()
    db.session.add(copy)
    db.session.flush()
    return copy
