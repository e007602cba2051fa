"""Follow-ups in the portal: each person's inbox, the staff team view, one follow-up
with its log, and creating one on a feedback item or idea."""

from datetime import timedelta

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from app.core.errors import ServiceError, back_to
from app.core.forms import commit_or_show
from app.core.list_filters import page_number, usable_filters
from app.core.permissions import Access, allow, default_access, get_or_404, is_staff
from app.extensions import db
from app.feedback.models import FeedbackItem
from app.followups.forms import (
    AnswerForm,
    EditFollowUpForm,
    FilterForm,
    FollowUpForm,
    NoteForm,
    ResolveForm,
    StatusForm,
)
from app.followups.models import FollowUp, FollowUpStatus, LoopReply, ReplyState
from app.followups.services import followups as followup_service
from app.followups.services import loop as loop_service
from app.followups.services.followups import AlreadySubmitted, DelegationNeedsConfirmation, today
from app.followups.services.lists import (
    DUE_WINDOWS,
    FollowUpFilters,
    follow_up_page,
    follow_ups_of,
    replies_to,
)
from app.followups.services.service_levels import current_policy
from app.ideas.models import Idea
from app.tenancy.request import current_membership

bp = Blueprint("followups", __name__, url_prefix="/followups", template_folder="templates")
default_access(bp, Access.MEMBER)


def _actor():
    return current_user._get_current_object()


def _filters_from(form, owner_id=None):
    usable_filters(form)
    status = form.status.data if form.status.data in {"all", *FollowUpStatus} else None
    return FollowUpFilters(partner_id=form.partner_id.data, status=status, owner_id=owner_id or form.owner_id.data,
                           due=form.due.data if form.due.data in DUE_WINDOWS else None)


def _list(template_mine, owner_id=None):
    form = FilterForm(request.args)
    pagination = follow_up_page(_filters_from(form, owner_id), page=page_number(request.args))
    filtered = any(value for key, value in request.args.items() if key != "page")
    return render_template("followups/index.html", pagination=pagination, form=form, mine=template_mine,
                           filtered=filtered, today=today())


@bp.route("/")
@allow(Access.STAFF)
def team():
    return _list(template_mine=False)


@bp.route("/mine")
def mine():
    return _list(template_mine=True, owner_id=current_user.id)


@bp.app_template_global()
def has_follow_ups_page():
    """Staff always; a partner user once the vendor delegated a follow-up to them, so
    nobody meets a page about work they are never given."""
    return is_staff() or db.session.scalar(
        select(FollowUp.id).where(FollowUp.owner_id == current_user.id).limit(1)) is not None


@bp.app_template_global()
def follow_up_panel(subject):
    """What the follow-up panel on a feedback item's or idea's page shows."""
    staff = is_staff()
    if isinstance(subject, FeedbackItem):
        new_url = url_for("followups.new_for_feedback", feedback_id=subject.id)
    else:
        new_url = url_for("followups.new_for_idea", idea_id=subject.id)
    return {"follow_ups": follow_ups_of(subject), "replies": replies_to(subject),
            "staff": staff, "today": today(), "new_url": new_url if staff else None,
            "answerable": lambda reply: reply.state == ReplyState.AWAITING
            and loop_service.is_recipient(reply, current_user),
            "answer_form": lambda reply: AnswerForm(formdata=None, prefix=_answer_prefix(reply.id))}


def _answer_prefix(reply_id):
    """Each reply's answer form has its own field names (a page may show several)."""
    return f"reply-{reply_id}"


# --- creating -------------------------------------------------------------------------


@bp.route("/feedback/<int:feedback_id>/new", methods=["GET", "POST"])
@allow(Access.STAFF)
def new_for_feedback(feedback_id):
    return _new(get_or_404(FeedbackItem, feedback_id))


@bp.route("/ideas/<int:idea_id>/new", methods=["GET", "POST"])
@allow(Access.STAFF)
def new_for_idea(idea_id):
    return _new(get_or_404(Idea, idea_id))


def _prefill(form, subject):
    manager_id = subject.partner.manager_id if subject.partner else None
    form.owner_id.data = manager_id or current_user.id
    form.due_on.data = today() + timedelta(days=current_policy().first_response_days)


def _new(subject):
    form = FollowUpForm(partner_id=subject.partner_id)
    if request.method == "GET":
        _prefill(form, subject)
    elif form.validate_on_submit():
        try:
            follow_up = commit_or_show(form, lambda: followup_service.create_follow_up(
                subject, _actor(), form.owner_id.data, form.due_on.data, form.priority.data, form.title.data,
                request_key=form.request_key.data or None, delegation_confirmed=bool(form.delegation_confirmed.data),
            ), let_through=(DelegationNeedsConfirmation, AlreadySubmitted))
        except DelegationNeedsConfirmation as error:
            db.session.rollback()
            return _confirm_delegation(form, error.preview, request.path, _subject_url(subject))
        except AlreadySubmitted as error:
            existing_id = error.follow_up.id
            db.session.rollback()
            flash(error.message, "info")
            return redirect(url_for("followups.show", followup_id=existing_id))
        if follow_up is not None:
            flash("Follow-up created.", "success")
            return redirect(url_for("followups.show", followup_id=follow_up.id))
    return render_template("followups/new.html", form=form, subject=subject,
                           subject_label=followup_service.describe_subject(subject)), 422 if form.errors else 200


def _subject_url(subject):
    if isinstance(subject, FeedbackItem):
        return url_for("feedback.show", feedback_id=subject.id)
    return url_for("ideas.show", idea_id=subject.id)


def _confirm_delegation(form, preview, action, back_url):
    """The page that lists what the partner will see; its button re-posts `form` confirmed."""
    return render_template("followups/delegate.html", form=form, preview=preview, action=action,
                           back_url=back_url)


# --- one follow-up --------------------------------------------------------------------


def _forms(follow_up, status_form=None, resolve_form=None, note_form=None, edit_form=None):
    expected = follow_up.status.value
    forms = {
        "status_form": status_form or StatusForm(status=expected, expected=expected),
        "resolve_form": resolve_form or ResolveForm(expected=expected),
        "note_form": note_form or NoteForm(),
    }
    if is_staff():
        forms["edit_form"] = edit_form or EditFollowUpForm(partner_id=follow_up.about_partner_id, obj=follow_up)
    else:
        del forms["note_form"].share_with_partner
    return forms


def _render_show(follow_up, status=200, **forms):
    return render_template(
        "followups/show.html", follow_up=follow_up, activities=followup_service.visible_activities(follow_up),
        can_work=followup_service.can_work_on(follow_up, current_membership), staff=is_staff(), today=today(),
        recipient=loop_service.reply_recipient(follow_up), **_forms(follow_up, **forms),
    ), status


@bp.route("/<int:followup_id>")
def show(followup_id):
    return _render_show(get_or_404(FollowUp, followup_id))


def _workable(followup_id):
    follow_up = get_or_404(FollowUp, followup_id)
    if not followup_service.can_work_on(follow_up, current_membership):
        abort(403)
    return follow_up


def _back(follow_up):
    return redirect(url_for("followups.show", followup_id=follow_up.id))


@bp.route("/<int:followup_id>/status", methods=["POST"])
@back_to("followups.show", category="warning")
def change_status(followup_id):
    follow_up = _workable(followup_id)
    form = StatusForm()
    if not form.validate_on_submit():
        return _render_show(follow_up, 422, status_form=form)
    changed = followup_service.change_status(follow_up, _actor(), form.status.data,
                                             expected=form.expected.data or None)
    db.session.commit()
    label = FollowUpStatus(form.status.data).label
    flash(f"Status set to “{label}”." if changed else f"It already is “{label}”: nothing changed.",
          "success" if changed else "info")
    return _back(follow_up)


@bp.route("/<int:followup_id>/resolve", methods=["POST"])
def resolve(followup_id):
    follow_up = _workable(followup_id)
    form = ResolveForm()
    if form.validate_on_submit():
        changed = commit_or_show(form, lambda: loop_service.resolve(
            follow_up, _actor(), form.reply.data, expected=form.expected.data or None))
        if changed is not None:
            if not changed:
                flash("It already is resolved: nothing changed, no reply sent.", "info")
            else:
                flash("Resolved; the reply is on its way." if form.reply.data.strip() else "Resolved.", "success")
            return _back(follow_up)
    return _render_show(follow_up, 422, resolve_form=form)


@bp.route("/<int:followup_id>/notes", methods=["POST"])
def add_note(followup_id):
    follow_up = _workable(followup_id)
    form = NoteForm()
    shared = is_staff() and form.share_with_partner.data
    if form.validate_on_submit() and commit_or_show(form, lambda: followup_service.add_note(
            follow_up, _actor(), form.body.data, internal=not shared, staff=is_staff())) is not None:
        flash("Note added.", "success")
        return _back(follow_up)
    return _render_show(follow_up, 422, note_form=form)


@bp.route("/<int:followup_id>/edit", methods=["POST"])
@allow(Access.STAFF)
def edit(followup_id):
    follow_up = get_or_404(FollowUp, followup_id)
    form = EditFollowUpForm(partner_id=follow_up.about_partner_id)
    if not form.validate_on_submit():
        return _render_show(follow_up, 422, edit_form=form)
    try:
        updated = commit_or_show(form, lambda: followup_service.update_follow_up(
            follow_up, _actor(), form.owner_id.data, form.due_on.data, form.priority.data, form.title.data,
            delegation_confirmed=bool(form.delegation_confirmed.data),
        ), let_through=DelegationNeedsConfirmation)
    except DelegationNeedsConfirmation as error:
        db.session.rollback()
        return _confirm_delegation(form, error.preview, request.path, url_for("followups.show",
                                                                              followup_id=followup_id))
    if updated is None:
        return _render_show(follow_up, 422, edit_form=form)
    flash("Follow-up updated.", "success")
    return _back(follow_up)


# --- answering a reply in the portal ----------------------------------------------------


def _reply_subject_url(reply):
    if reply.feedback_item_id:
        return url_for("feedback.show", feedback_id=reply.feedback_item_id)
    return url_for("ideas.show", idea_id=reply.idea_id)


@bp.route("/replies/<int:reply_id>/answer", methods=["POST"])
@back_to("home.index")
def answer_reply(reply_id):
    """The recipient of a loop reply answers it signed in: the emailed link's choice."""
    reply = get_or_404(LoopReply, reply_id)
    if not loop_service.is_recipient(reply, current_user):
        abort(404)  # someone else's reply is nothing to answer (nor to learn about)
    form = AnswerForm(prefix=_answer_prefix(reply_id))
    if not form.validate_on_submit():
        raise ServiceError("Choose whether the issue is resolved.")
    resolved = form.answer.data == "yes"
    loop_service.answer_in_portal(reply, _actor(), resolved, form.comment.data)
    db.session.commit()
    flash("Thank you: glad it is resolved." if resolved
          else "Thank you: it is reopened, and its owner is told it is not resolved yet.", "success")
    return redirect(_reply_subject_url(reply))
