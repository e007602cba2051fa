"""Actions: list, record, edit, link feedback, and the before/after page."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.actions import charts
from app.actions import services as action_service
from app.actions.forms import ActionForm, ActionLinkForm, FeedbackLinkForm
from app.actions.models import ProgramAction
from app.core.errors import back_to
from app.core.forms import commit_or_show
from app.core.list_filters import ignore_filter
from app.core.permissions import Access, default_access, get_or_404, is_staff
from app.extensions import db
from app.feedback.models import FeedbackItem

bp = Blueprint("actions", __name__, url_prefix="/actions", template_folder="templates")
default_access(bp, Access.STAFF)


@bp.app_template_global()
def action_links_of(item):
    """For the feedback page's include: (actions the item is linked to, form to link it)."""
    if not is_staff():
        return [], None
    return action_service.actions_linked_to(item), ActionLinkForm()


def _input(form):
    return action_service.ActionInput(
        title=form.title.data, description=form.description.data, effective_on=form.effective_on.data,
        program_element_id=form.program_element_id.data, partner_ids=form.partner_ids.data or [],
    )


def _form_page(form, title, action=None):
    return render_template("actions/form.html", form=form, title=title, action=action), 422 if form.errors else 200


@bp.route("/")
def index():
    return render_template("actions/index.html", rows=action_service.list_actions())


@bp.route("/new", methods=["GET", "POST"])
def new():
    form = ActionForm()
    if form.validate_on_submit():
        author = current_user._get_current_object()
        action = commit_or_show(form, lambda: action_service.create_action(_input(form), created_by=author))
        if action is not None:
            flash("Action recorded. Link the feedback that led to it.", "success")
            return redirect(url_for("actions.show", action_id=action.id))
    return _form_page(form, "Record an action")


@bp.route("/<int:action_id>")
def show(action_id):
    action = get_or_404(ProgramAction, action_id)
    window = request.args.get("window", action_service.DEFAULT_WINDOW, type=int)
    if window not in action_service.WINDOWS:
        ignore_filter("Window", f"choose {', '.join(map(str, action_service.WINDOWS))} days")
        window = action_service.DEFAULT_WINDOW
    comparison = action_service.before_after(action, window)
    search = (request.args.get("q") or "").strip()[:200]
    return render_template(
        "actions/show.html", action=action, comparison=comparison, windows=action_service.WINDOWS,
        chart=charts.before_after_figure(comparison), linked=action_service.linked_feedback(action),
        search=search, candidates=action_service.feedback_candidates(action, search),
        min_answers=action_service.MIN_ANSWERS,
    )


@bp.route("/<int:action_id>/edit", methods=["GET", "POST"])
def edit(action_id):
    action = get_or_404(ProgramAction, action_id)
    form = ActionForm(obj=action)
    if request.method == "GET":
        form.partner_ids.data = [link.partner_id for link in action.partner_links]
    if form.validate_on_submit() and commit_or_show(form, lambda: action_service.update_action(action, _input(form))):
        flash("Action saved.", "success")
        return redirect(url_for("actions.show", action_id=action.id))
    return _form_page(form, f"Edit {action.title}", action)


@bp.route("/<int:action_id>/feedback", methods=["POST"])
def link_feedback(action_id):
    action = get_or_404(ProgramAction, action_id)
    form = FeedbackLinkForm()
    if form.validate_on_submit():
        action_service.link_feedback(action, get_or_404(FeedbackItem, form.feedback_id.data))
        db.session.commit()
        flash("Feedback linked.", "success")
    else:
        flash("Choose a feedback item to link.", "warning")
    return redirect(url_for("actions.show", action_id=action.id, q=request.args.get("q") or None))


@bp.route("/<int:action_id>/feedback/<int:feedback_id>/unlink", methods=["POST"])
@back_to("actions.show", category="warning")
def unlink_feedback(action_id, feedback_id):
    action = get_or_404(ProgramAction, action_id)
    action_service.unlink_feedback(action, feedback_id)
    db.session.commit()
    flash("Feedback unlinked.", "success")
    return redirect(url_for("actions.show", action_id=action.id))


@bp.route("/from-feedback/<int:feedback_id>", methods=["POST"])
def link_from_feedback(feedback_id):
    """The feedback page's "Link to action" form."""
    item = get_or_404(FeedbackItem, feedback_id)
    form = ActionLinkForm()
    if form.validate_on_submit():
        action = get_or_404(ProgramAction, form.action_id.data)
        action_service.link_feedback(action, item)
        db.session.commit()
        flash(f"Linked to the action “{action.title}”.", "success")
    else:
        flash("Choose one of the actions.", "warning")
    return redirect(url_for("feedback.show", feedback_id=item.id))
