"""Feedback in the portal: partners give it, staff record and annotate it."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.analysis.models import Theme
from app.analysis.services import themes as theme_service
from app.analysis.services.corrections import correct_sentiment
from app.analysis.services.evidence import item_evidence
from app.core.forms import commit_or_show
from app.core.list_filters import page_number, usable_filters
from app.core.permissions import Access, allow, default_access, get_or_404, is_staff
from app.core.timezones import moment_of_local_day
from app.extensions import db
from app.feedback import services as feedback_service
from app.feedback.forms import (
    FeedbackFilterForm,
    FeedbackForm,
    InternalFeedbackForm,
    ItemThemeForm,
    LoopOverrideForm,
    NoteForm,
    SentimentOverrideForm,
    StatusForm,
)
from app.feedback.models import Channel, FeedbackItem, FeedbackStatus, Source
from app.tenancy.request import current_membership

bp = Blueprint("feedback", __name__, url_prefix="/feedback", template_folder="templates")
default_access(bp, Access.MEMBER)


def _filters_from(form):
    usable_filters(form)
    return feedback_service.FeedbackFilters(
        partner_id=form.partner_id.data, source=form.source.data or None, channel=form.channel.data or None,
        program_element_id=form.program_element_id.data, search=form.q.data, theme_id=form.theme_id.data,
        detected_language=form.detected_language.data or None,
    )


@bp.route("/")
def index():
    form = FeedbackFilterForm(request.args, staff=is_staff())
    pagination = feedback_service.feedback_page(_filters_from(form), page=page_number(request.args))
    filtered = any(v for k, v in request.args.items() if k != "page")
    themes = theme_service.themes_of_items([item.id for item in pagination.items]) if is_staff() else {}
    return render_template("feedback/index.html", pagination=pagination, filters=form, filtered=filtered,
                           item_themes=themes)


def _partner_input(form):
    return feedback_service.FeedbackInput(
        source=Source.PARTNER, channel=Channel.PORTAL, text=form.text.data,
        partner_id=current_membership.partner_id, program_element_id=form.program_element_id.data,
        category_id=form.category_id.data, nps=form.nps.data, csat=form.csat.data, link_url=form.link_url.data or "",
    )


def _internal_input(form):
    return feedback_service.FeedbackInput(
        source=Source(form.source.data), channel=Channel(form.channel.data), text=form.text.data,
        partner_id=form.partner_id.data, program_element_id=form.program_element_id.data,
        category_id=form.category_id.data, nps=form.nps.data, csat=form.csat.data,
        link_url=form.link_url.data or "", given_at=moment_of_local_day(form.given_at.data),
        submitter_name=form.submitter_name.data or "", submitter_email=form.submitter_email.data or "",
    )


@bp.route("/new", methods=["GET", "POST"])
def new():
    staff = is_staff()
    form = InternalFeedbackForm() if staff else FeedbackForm()
    if request.method == "GET" and staff:
        form.partner_id.data = request.args.get("partner_id", type=int)
    recorded = form.validate_on_submit() and commit_or_show(form, lambda: feedback_service.record_feedback(
        _internal_input(form) if staff else _partner_input(form), author=current_user._get_current_object()))
    if recorded:
        flash("Thank you: the feedback is recorded." if not staff else "Feedback recorded.", "success")
        return redirect(url_for("feedback.show", feedback_id=recorded[0].id))
    template = "feedback/new_internal.html" if staff else "feedback/new.html"
    return render_template(template, form=form), 422 if form.errors else 200


@bp.route("/<int:feedback_id>")
def show(feedback_id):
    item = get_or_404(FeedbackItem, feedback_id)
    return _show_page(item, NoteForm())


def _show_page(item, note_form):
    """The item's page, with its forms, themes and the evidence behind its label."""
    override = item.sentiment_override
    return render_template("feedback/show.html", item=item, note_form=note_form,
                           status_form=StatusForm(status=item.status.value), loop_form=_loop_form(item),
                           sentiment_form=SentimentOverrideForm(sentiment=override.value if override else ""),
                           evidence=item_evidence(item), **_theme_context(item))


@bp.route("/<int:feedback_id>/notes", methods=["POST"])
@allow(Access.STAFF)
def add_note(feedback_id):
    item = get_or_404(FeedbackItem, feedback_id)
    form = NoteForm()
    if form.validate_on_submit() and commit_or_show(
        form, lambda: feedback_service.add_internal_note(item, current_user._get_current_object(), form.body.data)
    ) is not None:
        flash("Note added.", "success")
        return redirect(url_for("feedback.show", feedback_id=item.id))
    return _show_page(item, form), 422


def _theme_context(item):
    """The item's themes and the form to add one (staff only: themes are staff's tool)."""
    if not is_staff():
        return {"themes": [], "theme_form": None}
    themes = theme_service.item_themes(item)
    return {"themes": themes, "theme_form": ItemThemeForm(exclude={theme.id for theme, _ in themes})}


@bp.route("/<int:feedback_id>/themes", methods=["POST"])
@allow(Access.STAFF)
def add_theme(feedback_id):
    item = get_or_404(FeedbackItem, feedback_id)
    form = ItemThemeForm()
    if not form.validate_on_submit():
        flash("Choose one of your themes to add.", "warning")
        return redirect(url_for("feedback.show", feedback_id=item.id))
    theme = get_or_404(Theme, form.theme_id.data)
    theme_service.add_manual_theme(item, theme)
    db.session.commit()
    flash(f"Tagged “{theme.name}”; re-analysis keeps tags you add.", "success")
    return redirect(url_for("feedback.show", feedback_id=item.id))


@bp.route("/<int:feedback_id>/themes/<int:theme_id>/remove", methods=["POST"])
@allow(Access.STAFF)
def remove_theme(feedback_id, theme_id):
    item = get_or_404(FeedbackItem, feedback_id)
    theme = get_or_404(Theme, theme_id)
    theme_service.remove_theme(item, theme)
    db.session.commit()
    flash(f"Removed “{theme.name}”; re-analysis will not add it back.", "success")
    return redirect(url_for("feedback.show", feedback_id=item.id))


def _loop_form(item):
    override = item.loop_response_override
    return LoopOverrideForm(loop_response=override.value if override else "")


@bp.route("/<int:feedback_id>/loop", methods=["POST"])
@allow(Access.STAFF)
def override_loop_response(feedback_id):
    item = get_or_404(FeedbackItem, feedback_id)
    form = LoopOverrideForm()
    if not form.validate_on_submit():
        abort(400)
    feedback_service.override_loop_response(item, form.loop_response.data or None)
    db.session.commit()
    flash("Loop response saved; re-analysis keeps your choice.", "success")
    return redirect(url_for("feedback.show", feedback_id=item.id))


@bp.route("/<int:feedback_id>/sentiment", methods=["POST"])
@allow(Access.STAFF)
def override_sentiment(feedback_id):
    item = get_or_404(FeedbackItem, feedback_id)
    form = SentimentOverrideForm()
    if not form.validate_on_submit():
        abort(400)
    corrected = correct_sentiment(item, form.sentiment.data or None)
    db.session.commit()
    flash("Sentiment corrected; re-analysis keeps your choice." if corrected
          else "Sentiment set to automatic (the engine's label).", "success")
    return redirect(url_for("feedback.show", feedback_id=item.id))


@bp.route("/<int:feedback_id>/status", methods=["POST"])
@allow(Access.STAFF)
def change_status(feedback_id):
    item = get_or_404(FeedbackItem, feedback_id)
    form = StatusForm()
    if not form.validate_on_submit():
        abort(400)
    item.status = FeedbackStatus(form.status.data)
    db.session.commit()
    flash(f"Status set to {item.status.label}.", "success")
    return redirect(url_for("feedback.show", feedback_id=item.id))
