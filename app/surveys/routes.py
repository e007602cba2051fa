"""Survey builder (staff), customer campaigns (partner admins, or staff for a partner),
pulse surveys (staff), results and settings."""

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from app.core.errors import back_to
from app.core.forms import apply_service_error, commit_or_show
from app.core.list_filters import page_number
from app.core.permissions import Access, allow, default_access, get_or_404, is_staff
from app.extensions import db
from app.surveys import tasks as sending_jobs
from app.surveys.forms import (
    CampaignForm,
    ContactForm,
    PulseForm,
    QuestionForm,
    SettingsForm,
    SurveyDetailsForm,
    SurveyForm,
    UploadForm,
    response_form,
)
from app.surveys.models import (
    CampaignKind,
    Survey,
    SurveyAudience,
    SurveyCampaign,
    SurveyQuestion,
    SurveyRecipient,
)
from app.surveys.services import builder, campaigns, sending
from app.surveys.services.results import campaign_results, campaign_stats, stats_by_campaign
from app.surveys.services.settings import SETTING_RANGES, survey_settings, update_survey_settings
from app.tenancy.request import current_membership

bp = Blueprint("surveys", __name__, url_prefix="/surveys", template_folder="templates")
# Vendor staff and partner admins; partner members do not learn the area exists.
default_access(bp, Access.PARTNER_ADMIN)


def _author():
    return current_user._get_current_object()


@bp.route("/")
def index():
    campaign_list = campaigns.list_campaigns()
    stats = stats_by_campaign([c.id for c in campaign_list])
    surveys = builder.list_surveys() if is_staff() else builder.sendable_surveys("customer")
    return render_template("surveys/index.html", campaigns=campaign_list, stats=stats, surveys=surveys)


# --- builder -------------------------------------------------------------------------


@bp.route("/new", methods=["GET", "POST"])
@allow(Access.STAFF)
def new_survey():
    form = SurveyForm()
    if form.validate_on_submit():
        survey = commit_or_show(
            form,
            lambda: builder.create_survey(_author(), form.title.data, form.intro.data, form.audience.data),
        )
        if survey is not None:
            flash("Survey created. Now add its questions.", "success")
            return redirect(url_for("surveys.builder_page", survey_id=survey.id))
    return render_template("surveys/survey_new.html", form=form), 422 if form.errors else 200


def _render_builder(survey, details_form=None, question_form=None, status=200):
    details_form = details_form or SurveyDetailsForm(obj=survey, formdata=None)
    question_form = question_form or QuestionForm(formdata=None)
    return render_template(
        "surveys/builder.html",
        survey=survey,
        locked=builder.is_locked(survey),
        details_form=details_form,
        question_form=question_form,
    ), status


@bp.route("/<int:survey_id>")
@allow(Access.STAFF)
def builder_page(survey_id):
    return _render_builder(get_or_404(Survey, survey_id))


@bp.route("/<int:survey_id>/edit", methods=["POST"])
@allow(Access.STAFF)
def edit_survey(survey_id):
    survey = get_or_404(Survey, survey_id)
    form = SurveyDetailsForm()
    if (
        form.validate_on_submit()
        and commit_or_show(form, lambda: builder.update_survey(survey, form.title.data, form.intro.data))
        is not None
    ):
        flash("Survey saved.", "success")
        return redirect(url_for("surveys.builder_page", survey_id=survey.id))
    return _render_builder(survey, details_form=form, status=422)


@bp.route("/<int:survey_id>/questions", methods=["POST"])
@allow(Access.STAFF)
def add_question(survey_id):
    survey = get_or_404(Survey, survey_id)
    form = QuestionForm()
    if (
        form.validate_on_submit()
        and commit_or_show(
            form,
            lambda: builder.add_question(
                survey, form.kind.data, form.prompt.data, form.required.data, form.choices.data
            ),
        )
        is not None
    ):
        flash("Question added.", "success")
        return redirect(url_for("surveys.builder_page", survey_id=survey.id, _anchor="questions"))
    return _render_builder(survey, question_form=form, status=422)


def _question_of(survey_id, question_id):
    question = get_or_404(SurveyQuestion, question_id)
    if question.survey_id != survey_id:
        abort(404)
    return question


@bp.route("/<int:survey_id>/questions/<int:question_id>/edit", methods=["GET", "POST"])
@allow(Access.STAFF)
def edit_question(survey_id, question_id):
    question = _question_of(survey_id, question_id)
    form = QuestionForm(obj=question)
    if request.method == "GET":
        form.choices.data = "\n".join(question.choices)
    if (
        form.validate_on_submit()
        and commit_or_show(
            form,
            lambda: builder.update_question(
                question, form.kind.data, form.prompt.data, form.required.data, form.choices.data
            ),
        )
        is not None
    ):
        flash("Question saved.", "success")
        return redirect(url_for("surveys.builder_page", survey_id=survey_id, _anchor="questions"))
    return render_template(
        "surveys/question_edit.html", question=question, form=form
    ), 422 if form.errors else 200


def _question_action(survey_id, question_id, action, message):
    action(_question_of(survey_id, question_id))
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("surveys.builder_page", survey_id=survey_id, _anchor="questions"))


@bp.route("/<int:survey_id>/questions/<int:question_id>/up", methods=["POST"])
@allow(Access.STAFF)
@back_to("surveys.builder_page", anchor="questions")
def move_question_up(survey_id, question_id):
    return _question_action(
        survey_id, question_id, lambda q: builder.move_question(q, "up"), "Question moved up."
    )


@bp.route("/<int:survey_id>/questions/<int:question_id>/down", methods=["POST"])
@allow(Access.STAFF)
@back_to("surveys.builder_page", anchor="questions")
def move_question_down(survey_id, question_id):
    return _question_action(
        survey_id, question_id, lambda q: builder.move_question(q, "down"), "Question moved down."
    )


@bp.route("/<int:survey_id>/questions/<int:question_id>/delete", methods=["POST"])
@allow(Access.STAFF)
@back_to("surveys.builder_page", anchor="questions")
def delete_question(survey_id, question_id):
    return _question_action(survey_id, question_id, builder.delete_question, "Question deleted.")


@bp.route("/<int:survey_id>/preview")
def preview(survey_id):
    survey = get_or_404(Survey, survey_id)
    if not is_staff() and survey.audience != SurveyAudience.CUSTOMER:
        abort(404)
    form = response_form(survey.questions, formdata=None)
    return render_template("surveys/preview.html", survey=survey, form=form)


@bp.route("/<int:survey_id>/new-version", methods=["POST"])
@allow(Access.STAFF)
@back_to("surveys.builder_page")
def new_version(survey_id):
    survey = get_or_404(Survey, survey_id)
    copy = builder.new_version(survey, _author())
    db.session.commit()
    flash(
        f"Version {copy.version} created; new campaigns use it. Version {survey.version} is archived.",
        "success",
    )
    return redirect(url_for("surveys.builder_page", survey_id=copy.id))


# --- customer campaigns ------------------------------------------------------------------


@bp.route("/campaigns/new", methods=["GET", "POST"])
def new_campaign():
    staff = is_staff()
    form = CampaignForm(staff=staff)
    if request.method == "GET" and staff:
        form.partner_id.data = request.args.get("partner_id", type=int)
    if form.validate_on_submit():
        partner_id = form.partner_id.data if staff else current_membership.partner_id
        campaign = commit_or_show(
            form,
            lambda: campaigns.create_customer_campaign(
                _author(), form.survey_id.data, partner_id, form.name.data
            ),
        )
        if campaign is not None:
            flash("Campaign created. Add the customers to survey, then send it.", "success")
            return redirect(url_for("surveys.campaign_page", campaign_id=campaign.id))
    return render_template("surveys/campaign_new.html", form=form), 422 if form.errors else 200


def _render_campaign(campaign, contact_form=None, upload_form=None, csv_errors=(), status=200):
    staff = is_staff()
    return render_template(
        "surveys/campaign.html",
        campaign=campaign,
        recipient_status=lambda recipient: campaigns.recipient_status(recipient, staff),
        stats=campaign_stats(campaign),
        recipients=campaigns.campaign_recipients(campaign, page=page_number(request.args)),
        pending=campaigns.pending_count(campaign) if campaign.kind == CampaignKind.CUSTOMER else 0,
        sending=sending_jobs.sending_state(campaign, staff),
        contact_form=contact_form or ContactForm(formdata=None),
        upload_form=upload_form or UploadForm(formdata=None),
        csv_errors=csv_errors,
    ), status


@bp.route("/campaigns/<int:campaign_id>")
def campaign_page(campaign_id):
    return _render_campaign(get_or_404(SurveyCampaign, campaign_id))


@bp.route("/campaigns/<int:campaign_id>/contacts", methods=["POST"])
def add_contact(campaign_id):
    campaign = get_or_404(SurveyCampaign, campaign_id)
    form = ContactForm()
    if (
        form.validate_on_submit()
        and commit_or_show(
            form, lambda: campaigns.add_contact(campaign, form.email.data, form.name.data, form.company.data)
        )
        is not None
    ):
        flash(f"{form.email.data.strip()} added.", "success")
        return redirect(url_for("surveys.campaign_page", campaign_id=campaign.id, _anchor="contacts"))
    return _render_campaign(campaign, contact_form=form, status=422)


@bp.route("/campaigns/<int:campaign_id>/upload", methods=["POST"])
def upload_contacts(campaign_id):
    campaign = get_or_404(SurveyCampaign, campaign_id)
    form = UploadForm()
    csv_errors = []
    result = None
    if form.validate_on_submit():
        try:
            result = commit_or_show(form, lambda: campaigns.import_contacts_csv(campaign, form.file.data.read()),
                                    let_through=campaigns.CsvImportError)
        except campaigns.CsvImportError as error:
            db.session.rollback()
            apply_service_error(form, error)
            csv_errors = error.errors
    if result is not None:
        note = f" {result.already_present} already in the campaign." if result.already_present else ""
        flash(f"{result.added} contacts added.{note}", "success")
        if result.errors:  # the rows left out are listed on the page, not lost in a redirect
            flash(f"{len(result.errors)} {'row was' if len(result.errors) == 1 else 'rows were'} left out: "
                  "fix them below and upload just those rows again.", "warning")
            return _render_campaign(campaign, csv_errors=result.errors)
        return redirect(url_for("surveys.campaign_page", campaign_id=campaign.id, _anchor="contacts"))
    return _render_campaign(campaign, upload_form=form, csv_errors=csv_errors, status=422)


@bp.route("/campaigns/<int:campaign_id>/send", methods=["GET", "POST"])
@back_to("surveys.campaign_page")
def send_campaign(campaign_id):
    """GET: the email each contact will get and how many will get it, to confirm; POST asks
    for the sending job, whose progress the campaign's page shows."""
    campaign = get_or_404(SurveyCampaign, campaign_id)
    if request.method == "GET":
        return _confirm_sending(campaign)
    job = sending_jobs.start_sending(campaign, _author())
    db.session.commit()  # the worker starts sending now
    if job.is_finished:  # a quick worker (or the tests, which run jobs at once)
        flash(*sending_jobs.outcome_message(job, is_staff()))
    else:
        flash("Sending started: this page shows its progress, and you may leave it.", "info")
    return redirect(url_for("surveys.campaign_page", campaign_id=campaign.id))


def _confirm_sending(campaign):
    if sending_jobs.running_sending_job(campaign) is not None:
        flash("This campaign is being sent already: this page shows how far it got.", "warning")
        return redirect(url_for("surveys.campaign_page", campaign_id=campaign.id))
    pending = campaigns.pending_count(campaign) if campaign.kind == CampaignKind.CUSTOMER else 0
    if not pending:
        flash("Add contacts first: everyone in this campaign has already been handled.", "warning")
        return redirect(url_for("surveys.campaign_page", campaign_id=campaign.id))
    return render_template("surveys/campaign_send.html", campaign=campaign, pending=pending,
                           preview=sending.preview_campaign_email(campaign))


@bp.route("/campaigns/<int:campaign_id>/sending.json")
def sending_progress(campaign_id):
    """The sending job's progress, for the campaign page's polling script (job-progress.js);
    partner admins cannot open the staff jobs page, so the campaign has its own."""
    job = sending_jobs.sending_job(get_or_404(SurveyCampaign, campaign_id))
    if job is None:
        abort(404)
    # No result or error text: the page reloads when the job ends and says how it went.
    return jsonify(id=job.id, state=job.state.value, done=job.progress_done, total=job.progress_total,
                   percent=job.percent, finished=job.is_finished, result=None, error=None)


@bp.route("/campaigns/<int:campaign_id>/sending/cancel", methods=["POST"])
@back_to("surveys.campaign_page")
def cancel_sending(campaign_id):
    """Stop the sending after its current batch: contacts already emailed stay emailed."""
    campaign = get_or_404(SurveyCampaign, campaign_id)
    message = sending_jobs.cancel_sending(campaign)
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("surveys.campaign_page", campaign_id=campaign.id))


@bp.route("/campaigns/<int:campaign_id>/recipients/<int:recipient_id>/remove", methods=["POST"])
@back_to("surveys.campaign_page", anchor="contacts")
def remove_recipient(campaign_id, recipient_id):
    campaign = get_or_404(SurveyCampaign, campaign_id)
    recipient = get_or_404(SurveyRecipient, recipient_id)
    if recipient.campaign_id != campaign.id:
        abort(404)
    campaigns.remove_recipient(recipient)
    db.session.commit()
    flash(f"{recipient.email} removed.", "success")
    return redirect(url_for("surveys.campaign_page", campaign_id=campaign.id, _anchor="contacts"))


@bp.route("/campaigns/<int:campaign_id>/results")
def results(campaign_id):
    campaign = get_or_404(SurveyCampaign, campaign_id)
    return render_template(
        "surveys/results.html",
        campaign=campaign,
        stats=campaign_stats(campaign),
        results=campaign_results(campaign),
    )


# --- pulse surveys and settings -----------------------------------------------------------


@bp.route("/pulse/new", methods=["GET", "POST"])
@allow(Access.STAFF)
def new_pulse():
    form = PulseForm()
    if form.validate_on_submit():
        sent = commit_or_show(
            form,
            lambda: sending.send_pulse(
                _author(),
                form.survey_id.data,
                form.name.data,
                form.anonymous.data,
                form.partner_ids.data,
                form.include_members.data,
            ),
        )
        if sent is not None:
            campaign, result = sent
            flash(result.summary(noun="partner user"), "success" if result.sent else "warning")
            return redirect(url_for("surveys.campaign_page", campaign_id=campaign.id))
    return render_template("surveys/pulse_new.html", form=form), 422 if form.errors else 200


@bp.route("/settings", methods=["GET", "POST"])
@allow(Access.ADMIN)
def settings():
    form = SettingsForm(obj=survey_settings())
    if form.validate_on_submit():
        values = {name: form[name].data for name in SETTING_RANGES}
        if commit_or_show(form, lambda: update_survey_settings(**values)) is not None:
            flash("Survey settings saved.", "success")
            return redirect(url_for("surveys.settings"))
    return render_template("surveys/settings.html", form=form), 422 if form.errors else 200
