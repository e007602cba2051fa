"""The public response pages: /s/<token> (answer) and /s/<token>/opt-out. No login:
the token resolves the recipient, and everything after runs in its tenant's scope."""

from flask import Blueprint, current_app, render_template, request

from app.core.forms import commit_or_show
from app.core.permissions import Access, default_access
from app.extensions import db, limiter
from app.surveys.forms import answers_from, response_form
from app.surveys.services.responses import (
    AlreadyAnswered,
    LinkExpired,
    LinkNotFound,
    check_answerable,
    find_recipient,
    mark_opened,
    opt_out,
    respondent_scope,
    submit_response,
    survey_context,
)

public_bp = Blueprint("survey_public", __name__, template_folder="templates", cli_group=None)
default_access(public_bp, Access.PUBLIC)  # the link's token is the credential


def _token_limit():
    return current_app.config["TOKEN_RATE_LIMIT"]


# One budget for both pages, so guessing tokens on two URLs is no faster than on one.
token_limit = limiter.shared_limit(_token_limit, scope="survey-token")


def _message(title, message, context=None, status=200):
    return render_template(
        "surveys/public_message.html", title=title, message=message, context=context
    ), status


def _unknown_link(error):
    return _message("This link can't be used", error.message, status=404)


@public_bp.route("/s/<token>", methods=["GET", "POST"])
@token_limit
def respond(token):
    try:
        recipient = find_recipient(token)
    except LinkNotFound as error:
        return _unknown_link(error)
    with respondent_scope(recipient):
        return _respond(recipient)


def _thanks(context, message="Your answers have been recorded. Thank you for your time!"):
    return _message("Thank you", message, context)


def _respond(recipient):
    context = survey_context(recipient)
    try:
        check_answerable(recipient)
    except AlreadyAnswered as error:
        # It only read: end the transaction here, in the tenant's scope, rather than at
        # teardown, which would first declare no-scope to PostgreSQL and ask it whether the
        # transaction wrote (two round trips more for every re-sent answer).
        db.session.commit()
        return _thanks(context, error.message)
    except LinkExpired as error:
        return _message("This survey has closed", error.message, context, status=410)
    survey = recipient.campaign.survey
    questions = list(survey.questions)
    form = response_form(questions)
    if request.method == "GET":
        mark_opened(recipient)
        page = _form_page(survey, questions, form, context)
        db.session.commit()  # after rendering: a commit expires the survey, which the page would read again
        return page
    if form.validate_on_submit():
        try:
            if commit_or_show(form, lambda: submit_response(recipient, answers_from(form, questions)),
                              let_through=(AlreadyAnswered, LinkExpired)) is not None:
                return _thanks(context)
        except AlreadyAnswered as error:
            db.session.rollback()
            return _thanks(context, error.message)
        except LinkExpired as error:
            db.session.rollback()
            return _message("This survey has closed", error.message, context, status=410)
    return _form_page(survey, questions, form, context, status=422 if form.errors else 200)


def _form_page(survey, questions, form, context, status=200):
    return render_template(
        "surveys/respond.html",
        survey=survey,
        questions=questions,
        form=form,
        context=context,
        token=request.view_args["token"],
    ), status


@public_bp.route("/s/<token>/opt-out", methods=["GET", "POST"])
@token_limit
def opt_out_page(token):
    """GET only asks (mail scanners fetch links); the POST opts out, for good."""
    try:
        recipient = find_recipient(token)
    except LinkNotFound as error:
        return _unknown_link(error)
    with respondent_scope(recipient):
        context = survey_context(recipient)
        if request.method == "POST":
            opt_out(recipient)
            db.session.commit()
            return _message(
                "You will not be surveyed again",
                (
                    f"{recipient.email} will receive no more surveys from {context.vendor_name} or its partners."
                ),
                context,
            )
        return render_template("surveys/opt_out.html", context=context, email=recipient.email)
