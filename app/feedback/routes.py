"""Feedback in the portal: partners give it, staff record and annotate it."""

from datetime import datetime, time, timedelta

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.analysis.models import Theme
from app.analysis.services import themes as theme_service
from app.analysis.services.corrections import correct_sentiment
from app.analysis.services.evidence import item_evidence
from app.core.errors import back_to, form_page
from app.core.forms import commit_or_show
from app.core.list_filters import page_number, usable_filters
from app.core.permissions import Access, allow, default_access, get_or_404, is_staff
from app.core.security import is_safe_local_path
from app.core.timezones import moment_of_local_day
from app.extensions import db
from app.feedback import bulk as bulk_service
from app.feedback import services as feedback_service
from app.feedback.forms import (
    BulkForm,
    FeedbackFilterForm,
    FeedbackForm,
    InternalFeedbackForm,
    ItemThemeForm,
    LoopOverrideForm,
    NoteForm,
    SentimentOverrideForm,
    StatusForm,
    UndoForm,
    entry_ids,
)
from app.feedback.models import Channel, FeedbackItem, FeedbackStatus, Source
from app.followups.services.followups import today
from app.tenancy.request import current_membership

bp = Blueprint("feedback", __name__, url_prefix="/feedback", template_folder="templates")
default_access(bp, Access.MEMBER)


def _day_start(day, days_after=0):
    return datetime.combine(day + timedelta(days=days_after), time.min) if day else None


# Partner users see neither follow-ups nor other partners: these filters are staff's.
STAFF_FILTERS = ("follow_up", "tier_id", "region")


def _filters_from(form, staff=True):
    usable_filters(form)
    data = {name: (value if value != "" else None) for name, value in form.data.items()}
    if not staff:
        data.update(dict.fromkeys(STAFF_FILTERS))
    return feedback_service.FeedbackFilters(
        partner_id=data["partner_id"], source=data["source"], channel=data["channel"],
        program_element_id=data["program_element_id"], search=data["q"], theme_id=data["theme_id"],
        detected_language=data["detected_language"], status=data["status"], score_kind=data["score_kind"],
        min_score=data["min_score"], max_score=data["max_score"], sentiment=data["sentiment"],
        loop_response=data["loop_response"], follow_up=data["follow_up"], category_id=data["category_id"],
        tier_id=data["tier_id"], region=data["region"], since=_day_start(data["given_from"]),
        until=_day_start(data["given_to"], 1),
    )


@bp.route("/")
def index():
    form = FeedbackFilterForm(request.args, staff=is_staff())
    pagination = feedback_service.feedback_page(_filters_from(form, is_staff()), page=page_number(request.args))
    filtered = any(v for k, v in request.args.items() if k != "page")
    themes = theme_service.themes_of_items([item.id for item in pagination.items]) if is_staff() else {}
    return render_template("feedback/index.html", pagination=pagination, filters=form, filtered=filtered,
                           item_themes=themes, bulk_form=BulkForm(formdata=None) if is_staff() else None)


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
    # The text's analysis, themes, webhook and rules follow in a job after the commit.
    recorded = form.validate_on_submit() and commit_or_show(form, lambda: feedback_service.record_feedback(
        _internal_input(form) if staff else _partner_input(form), author=current_user._get_current_object(),
        defer_analysis=True))
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


# --- bulk changes (staff) --------------------------------------------------------------

DEFAULT_DUE_DAYS = 3


def _list_page():
    return form_page() or url_for("feedback.index")


def _bulk_change(form):
    action, ids = form.action.data, form.ids.data
    if action == "status":
        return bulk_service.set_status(ids, form.status.data)
    if action == "tag":
        return bulk_service.tag(ids, form.theme_id.data)
    due_on = form.due_on.data or today() + timedelta(days=DEFAULT_DUE_DAYS)
    return bulk_service.assign(ids, form.owner_id.data, due_on, current_user._get_current_object())


@bp.route("/bulk", methods=["POST"])
@allow(Access.STAFF)
@back_to("feedback.index", category="warning")
def bulk():
    form = BulkForm()
    if not form.validate_on_submit():
        flash(" ".join(error for errors in form.errors.values() for error in errors), "warning")
        return redirect(_list_page())
    result = _bulk_change(form)
    db.session.commit()
    if form.action.data == "assign":
        flash(f"{result.changed} follow-up{'s' if result.changed != 1 else ''} created. {result.note}", "success")
        return redirect(_list_page())
    return redirect(url_for("feedback.bulk_result", entries=",".join(map(str, result.entry_ids)),
                            unchanged=result.unchanged, next=_list_page()))


@bp.route("/bulk/result")
@allow(Access.STAFF)
def bulk_result():
    """What a bulk status or tag change did, with its Undo."""
    ids = entry_ids(request.args.get("entries", ""))
    entries = bulk_service.bulk_entries(ids) if ids else []
    form = UndoForm(entries=",".join(str(entry.id) for entry in entries))
    return render_template("feedback/bulk_result.html", entries=entries, form=form,
                           unchanged=request.args.get("unchanged", 0, type=int),
                           status_labels={status.value: status.label for status in FeedbackStatus},
                           back=safe_list_path(request.args.get("next")))


@bp.route("/bulk/undo", methods=["POST"])
@allow(Access.STAFF)
@back_to("feedback.index", category="warning")
def bulk_undo():
    form = UndoForm()
    if not form.validate_on_submit():
        flash("Nothing to undo.", "warning")
        return redirect(url_for("feedback.index"))
    result = bulk_service.undo(form.entry_ids())
    db.session.commit()
    kept = f" {result.unchanged} changed again since and kept as they are." if result.unchanged else ""
    flash(f"Undone on {result.changed} item{'s' if result.changed != 1 else ''}.{kept}", "success")
    return redirect(safe_list_path(form.next.data))


def safe_list_path(path):
    """`path` when it is this site's feedback list (with filters), else the plain list."""
    path = path or ""
    if path.startswith("/feedback/") and is_safe_local_path(path):
        return path
    return url_for("feedback.index")
