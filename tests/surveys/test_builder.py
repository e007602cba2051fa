"""The survey builder: staff create surveys with every question type, order them,
preview them; a sent survey is locked and changes make a new version."""

from sqlalchemy import select

from app.extensions import db
from app.surveys.models import QuestionKind, Survey, SurveyQuestion
from app.tenancy import scoped_to
from tests.surveys.helpers import fresh, make_survey, sent_campaign


def _survey(org, survey_id):
    fresh()
    with scoped_to(org.tenant.id):
        return db.session.scalars(select(Survey).where(Survey.id == survey_id)).one()


def _prompts(org, survey_id):
    with scoped_to(org.tenant.id):
        return [
            q.prompt
            for q in db.session.scalars(
                select(SurveyQuestion)
                .where(SurveyQuestion.survey_id == survey_id)
                .order_by(SurveyQuestion.position)
            ).all()
        ]


def _new_survey(client, title="Customer pulse", audience="customer"):
    response = client.post(
        "/surveys/new", data={"title": title, "intro": "Two minutes.", "audience": audience}
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return int(response.headers["Location"].rstrip("/").split("/")[-1])


def _add(client, survey_id, kind, prompt, required=False, choices=""):
    data = {"kind": kind, "prompt": prompt, "choices": choices}
    if required:
        data["required"] = "y"
    return client.post(f"/surveys/{survey_id}/questions", data=data)


def test_staff_build_a_survey_with_every_question_type(world, login):
    client = login(world.a.manager)
    survey_id = _new_survey(client)
    for kind in QuestionKind:
        choices = "Red\nGreen\nBlue" if kind.has_choices else ""
        assert _add(client, survey_id, kind.value, f"About {kind.value}?", True, choices).status_code == 302
    survey = _survey(world.a, survey_id)
    assert [q.kind for q in survey.questions] == list(QuestionKind)
    assert all(q.required for q in survey.questions)
    assert survey.questions[3].choices == ["Red", "Green", "Blue"]
    assert survey.questions[0].choices == []


def test_choice_question_needs_two_distinct_options(world, login):
    client = login(world.a.admin)
    survey_id = _new_survey(client)
    response = _add(client, survey_id, "single_choice", "Pick one", choices="Only one")
    assert response.status_code == 422
    assert "Give at least two options" in response.get_data(as_text=True)
    response = _add(client, survey_id, "multiple_choice", "Pick some", choices="Same\nsame")
    assert "Each option must be different." in response.get_data(as_text=True)
    assert _prompts(world.a, survey_id) == []


def test_question_without_prompt_rerenders_with_message(world, login):
    client = login(world.a.admin)
    survey_id = _new_survey(client)
    response = _add(client, survey_id, "nps", "   ")
    assert response.status_code == 422
    assert "This field is required." in response.get_data(as_text=True)


def test_survey_without_title_rerenders_with_message(world, login):
    response = login(world.a.admin).post("/surveys/new", data={"title": "", "audience": "customer"})
    assert response.status_code == 422
    assert "This field is required." in response.get_data(as_text=True)


def test_questions_move_up_and_down(world, login):
    client = login(world.a.admin)
    survey_id = _new_survey(client)
    for prompt in ("First", "Second", "Third"):
        _add(client, survey_id, "text", prompt)
    first, second, third = _survey(world.a, survey_id).questions
    client.post(f"/surveys/{survey_id}/questions/{third.id}/up")
    assert _prompts(world.a, survey_id) == ["First", "Third", "Second"]
    client.post(f"/surveys/{survey_id}/questions/{first.id}/down")
    assert _prompts(world.a, survey_id) == ["Third", "First", "Second"]
    client.post(f"/surveys/{survey_id}/questions/{second.id}/down")  # already last: nothing moves
    assert _prompts(world.a, survey_id) == ["Third", "First", "Second"]


def test_question_is_edited_and_deleted(world, login):
    client = login(world.a.admin)
    survey_id = _new_survey(client)
    _add(client, survey_id, "text", "Old wording")
    _add(client, survey_id, "nps", "Recommend?")
    old, nps = _survey(world.a, survey_id).questions
    page = client.get(f"/surveys/{survey_id}/questions/{old.id}/edit")
    assert "Old wording" in page.get_data(as_text=True)
    client.post(
        f"/surveys/{survey_id}/questions/{old.id}/edit",
        data={"kind": "single_choice", "prompt": "New wording", "choices": "Yes\nNo", "required": "y"},
    )
    question = _survey(world.a, survey_id).questions[0]
    assert (question.prompt, question.kind, question.choices, question.required) == (
        "New wording",
        QuestionKind.SINGLE_CHOICE,
        ["Yes", "No"],
        True,
    )
    client.post(f"/surveys/{survey_id}/questions/{nps.id}/delete")
    assert _prompts(world.a, survey_id) == ["New wording"]


def test_question_of_another_survey_is_404(world, login):
    client = login(world.a.admin)
    first, second = _new_survey(client, "One"), _new_survey(client, "Two")
    _add(client, first, "text", "Belongs to one")
    question = _survey(world.a, first).questions[0]
    assert client.post(f"/surveys/{second}/questions/{question.id}/delete").status_code == 404
    assert _prompts(world.a, first) == ["Belongs to one"]


def test_preview_shows_questions_and_options(world, login):
    survey = make_survey(world.a)
    page = login(world.a.admin).get(f"/surveys/{survey.id}/preview").get_data(as_text=True)
    assert "How likely are you to recommend us?" in page
    assert "Enterprise" in page
    assert "are not saved" in page


def test_sent_survey_is_locked(world, login):
    campaign = sent_campaign(world.a, ["c@customer.example"])
    survey_id = campaign.survey_id
    client = login(world.a.admin)
    assert "it is locked" in client.get(f"/surveys/{survey_id}").get_data(as_text=True)
    response = _add(client, survey_id, "text", "Sneaked in")
    assert response.status_code == 422
    assert "Make a new version" in response.get_data(as_text=True)
    question = _survey(world.a, survey_id).questions[0]
    client.post(f"/surveys/{survey_id}/questions/{question.id}/delete")
    client.post(f"/surveys/{survey_id}/edit", data={"title": "Renamed"})
    assert "Sneaked in" not in _prompts(world.a, survey_id)
    assert len(_prompts(world.a, survey_id)) == 6
    assert _survey(world.a, survey_id).title == "Customer survey"


def test_new_version_copies_questions_and_archives_the_old_one(world, login):
    campaign = sent_campaign(world.a, ["c@customer.example"])
    client = login(world.a.admin)
    response = client.post(f"/surveys/{campaign.survey_id}/new-version")
    new_id = int(response.headers["Location"].rstrip("/").split("/")[-1])
    old, new = _survey(world.a, campaign.survey_id), _survey(world.a, new_id)
    assert old.archived_at is not None and new.archived_at is None
    assert (new.version, new.previous_version_id) == (2, old.id)
    assert _prompts(world.a, new_id) == _prompts(world.a, old.id)
    assert _add(client, new_id, "text", "Now editable").status_code == 302


def test_partner_admin_cannot_open_the_builder(world, login):
    survey = make_survey(world.a)
    client = login(world.a.partner_admins[0])
    assert client.get("/surveys/new").status_code == 404
    assert client.get(f"/surveys/{survey.id}").status_code == 404
    assert _add(client, survey.id, "text", "Partner question").status_code == 404
    assert client.get(f"/surveys/{survey.id}/preview").status_code == 200


def test_partner_member_does_not_see_surveys(world, login):
    assert login(world.a.partner_members[0]).get("/surveys/").status_code == 404


def test_other_tenants_survey_is_404(world, login):
    survey = make_survey(world.a)
    client = login(world.b.admin)
    assert client.get(f"/surveys/{survey.id}").status_code == 404
    assert client.get(f"/surveys/{survey.id}/preview").status_code == 404
    assert _add(client, survey.id, "text", "Cross-tenant").status_code == 404


def test_hostile_title_and_options_are_stored_and_shown_escaped(world, login):
    client = login(world.a.admin)
    hostile = "<img src=x onerror=alert(1)>"
    survey_id = _new_survey(client, title=hostile)
    _add(client, survey_id, "single_choice", "Pick", choices=f"{hostile}\nSafe")
    assert _survey(world.a, survey_id).title == hostile
    for url in (f"/surveys/{survey_id}", f"/surveys/{survey_id}/preview", "/surveys/"):
        page = client.get(url).get_data(as_text=True)
        assert "&lt;img src=x onerror=alert(1)&gt;" in page
        assert hostile not in page
