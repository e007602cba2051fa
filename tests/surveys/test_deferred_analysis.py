"""The survey answer stores the response and its item, then answers; the text's analysis,
themes, the feedback.created webhook and the rules run as a job right after the commit
(issue #18, item 4). Tests run jobs eagerly; `parked_jobs` holds them back to look in between."""

from sqlalchemy import func, select

from app.analysis.models import FeedbackTheme, Theme
from app.extensions import db
from app.feedback.models import LoopResponse, SentimentLabel
from app.jobs.models import Job
from app.jobs.services.runner import run_job
from app.surveys.models import SurveyRecipient
from app.surveys.services.responses import respondent_scope, submit_response
from app.tenancy import scoped_to, unscoped
from tests.analysis.theme_helpers import make_theme
from tests.surveys.helpers import feedback_items, full_answers, sent_campaign

CUSTOMER = "casey@customer.example.com"
COMPLAINT = "The payout for our April claim arrived in September and nobody told us why."


def answer(org, nps="9", text=COMPLAINT):
    campaign = sent_campaign(org, [CUSTOMER])
    recipient = db.session.scalars(unscoped(select(SurveyRecipient))).one()
    values = {int(name[1:]): value for name, value in full_answers(campaign.survey, nps, text).items()}
    with respondent_scope(recipient):
        submit_response(recipient, values)
        db.session.commit()


def theme_names(org, item):
    with scoped_to(org.tenant.id):
        return db.session.scalars(select(Theme.name).join(FeedbackTheme, FeedbackTheme.theme_id == Theme.id)
                                  .where(FeedbackTheme.feedback_item_id == item.id)).all()


def jobs_of(org):
    with scoped_to(org.tenant.id):
        return db.session.scalars(select(Job)).all()


def test_the_answer_is_stored_before_its_text_is_analysed(world, parked_jobs):
    make_theme(world.a.tenant, "Payouts", ["payout"])
    answer(world.a, nps="9")
    [item] = feedback_items(world.a)
    assert (item.sentiment_label, item.analysed_by, item.detected_language) == (None, None, None)
    assert item.loop_response == LoopResponse.STATUS_QUO  # from the score so far
    [job] = jobs_of(world.a)
    assert job.kind == "feedback.analyse" and job.payload == {"item_id": item.id}

    run_job(world.a.tenant.id, job.id)  # the worker
    [item] = feedback_items(world.a)
    assert item.sentiment_label == SentimentLabel.NEGATIVE and item.analysed_by is not None
    assert item.loop_response == LoopResponse.ACTION_NEEDED  # a promoter's complaint needs action
    assert theme_names(world.a, item) == ["Payouts"]
    assert jobs_of(world.a) == []  # done: the row goes (it would keep the answer's moment)


def test_running_the_analysis_twice_changes_nothing(world, parked_jobs):
    make_theme(world.a.tenant, "Payouts", ["payout"])
    answer(world.a)
    [job] = jobs_of(world.a)
    run_job(world.a.tenant.id, job.id)
    with scoped_to(world.a.tenant.id):
        # A second delivery of the same work, as after a worker died right after its commit.
        db.session.add(Job(kind="feedback.analyse", title="again", payload=job.payload))
        db.session.commit()
        again = db.session.scalar(select(Job.id))
        before = [(item.id, item.sentiment_label, item.loop_response) for item in feedback_items(world.a)]
        tags = db.session.scalar(select(func.count()).select_from(FeedbackTheme))
        assert tags == 1
    run_job(world.a.tenant.id, again)
    with scoped_to(world.a.tenant.id):
        assert db.session.scalar(select(func.count()).select_from(FeedbackTheme)) == tags
    assert [(item.id, item.sentiment_label, item.loop_response) for item in feedback_items(world.a)] == before


def test_tests_run_the_analysis_at_commit(world):
    answer(world.a, nps="3", text="Support was quick and friendly.")
    [item] = feedback_items(world.a)
    assert item.sentiment_label == SentimentLabel.POSITIVE and jobs_of(world.a) == []


def test_an_answer_without_text_is_analysed_at_once_and_makes_no_job(world, parked_jobs):
    answer(world.a, nps="2", text="")
    [item] = feedback_items(world.a)
    assert item.loop_response == LoopResponse.ACTION_NEEDED and item.analysed_by is not None
    assert jobs_of(world.a) == []


