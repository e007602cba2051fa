"""The ideas board: everyone in the tenant posts, votes and comments; staff run the pipeline."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from app.core.errors import ServiceError, back_to
from app.core.forms import commit_or_show
from app.core.permissions import Access, allow, default_access, get_or_404, is_staff
from app.extensions import db
from app.feedback.models import FeedbackItem
from app.ideas import services as idea_service
from app.ideas.forms import (
    BoardFilterForm,
    CommentForm,
    IdeaForm,
    MergeForm,
    NoteForm,
    PromoteForm,
    ProxyVoteForm,
    RenameStatusForm,
    RoadmapForm,
    StatusForm,
    StatusNameForm,
)
from app.ideas.models import Idea, IdeaComment, IdeaFeedbackLink, IdeaNote, IdeaStatus
from app.partners.models import Partner
from app.tenancy import scoped_to
from app.tenancy.request import current_membership, current_tenant
from app.tenants.models import Tenant

bp = Blueprint("ideas", __name__, url_prefix="/ideas", template_folder="templates")
default_access(bp, Access.MEMBER)
# The public roadmap needs no login: its own blueprint.
roadmap_bp = Blueprint("roadmap", __name__, template_folder="templates")
default_access(roadmap_bp, Access.PUBLIC)


@bp.context_processor
def author_names():
    """`shows_author_name(contribution)` in the board's templates, for the acting person."""
    return {"shows_author_name": lambda contribution: idea_service.shows_author_name(current_membership,
                                                                                      contribution)}


def _done(message, idea_id=None):
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("ideas.show", idea_id=idea_id) if idea_id else url_for("ideas.index"))


@bp.route("/")
def index():
    form = BoardFilterForm(request.args, staff=is_staff())
    if not form.validate():
        form = BoardFilterForm(formdata=None, staff=is_staff())
    rows = idea_service.board(sort=form.sort.data, status_id=form.status_id.data,
                              program_element_id=form.program_element_id.data, include_demand=is_staff())
    voted = idea_service.voted_idea_ids([row.Idea.id for row in rows], current_membership)
    return render_template("ideas/index.html", rows=rows, form=form, voted=voted,
                           filtered=any(v for k, v in request.args.items() if k != "sort"))


@bp.route("/new", methods=["GET", "POST"])
def new():
    form = IdeaForm()
    idea = form.validate_on_submit() and commit_or_show(form, lambda: idea_service.post_idea(
        current_membership, form.title.data, form.description.data, form.program_element_id.data))
    if idea:
        return _done("Your idea is on the board.", idea.id)
    return render_template("ideas/new.html", form=form), 422 if form.errors else 200


def _staff_forms(idea):
    merge_form = MergeForm(formdata=None)
    merge_form.set_targets([row.Idea for row in idea_service.board(limit=500) if row.Idea.id != idea.id])
    return {"status_form": StatusForm(status_id=idea.status_id), "note_form": NoteForm(), "merge_form": merge_form,
            "proxy_form": ProxyVoteForm(),
            "notes": db.session.scalars(select(IdeaNote).where(IdeaNote.idea_id == idea.id).order_by(IdeaNote.id)).all(),
            "links": db.session.scalars(select(IdeaFeedbackLink).where(IdeaFeedbackLink.idea_id == idea.id)).all()}


@bp.route("/<int:idea_id>")
def show(idea_id):
    idea = get_or_404(Idea, idea_id)
    votes, demand = idea_service.idea_demand(idea)
    comments = db.session.scalars(select(IdeaComment).where(IdeaComment.idea_id == idea.id)
                                  .order_by(IdeaComment.id)).all()
    context = _staff_forms(idea) if is_staff() else {}
    return render_template("ideas/show.html", idea=idea, votes=votes, demand=demand, comments=comments,
                           voted=idea_service.has_voted(idea, current_membership), comment_form=CommentForm(),
                           **context)


@bp.route("/<int:idea_id>/vote", methods=["POST"])
@back_to("ideas.show")
def vote(idea_id):
    idea = get_or_404(Idea, idea_id)
    if idea_service.has_voted(idea, current_membership):
        idea_service.retract_vote(idea, current_membership)
        return _done("Your vote is withdrawn.", idea.id)
    idea_service.add_vote(idea, current_membership)
    return _done("Thanks for your vote.", idea.id)


def _post_text(idea_id, form, add, empty_message, done_message):
    """A comment or note on an idea: form check, service call, flash and back to the idea."""
    idea = get_or_404(Idea, idea_id)
    if not form.validate_on_submit():
        flash(empty_message, "danger")
        return redirect(url_for("ideas.show", idea_id=idea.id))
    add(idea, current_membership, form.body.data)
    return _done(done_message, idea.id)


@bp.route("/<int:idea_id>/comments", methods=["POST"])
@back_to("ideas.show")
def comment(idea_id):
    return _post_text(idea_id, CommentForm(), idea_service.add_comment,
                      "Write a comment first (at most 20,000 characters).", "Comment added.")


@bp.route("/<int:idea_id>/notes", methods=["POST"])
@allow(Access.STAFF)
@back_to("ideas.show")
def add_note(idea_id):
    return _post_text(idea_id, NoteForm(), idea_service.add_note, "Write a note first.", "Note added.")


@bp.route("/<int:idea_id>/status", methods=["POST"])
@allow(Access.STAFF)
@back_to("ideas.show")
def change_status(idea_id):
    idea = get_or_404(Idea, idea_id)
    form = StatusForm()
    if not form.validate_on_submit():
        abort(400)
    idea_service.change_status(idea, form.status_id.data, current_membership.user)
    return _done(f"Moved to {idea.status.name}; voters are notified by email.", idea.id)


@bp.route("/<int:idea_id>/merge", methods=["POST"])
@allow(Access.STAFF)
@back_to("ideas.show")
def merge(idea_id):
    """First post: a page naming both ideas asks to confirm; the confirmed post merges."""
    duplicate = get_or_404(Idea, idea_id)
    form = MergeForm()
    if not form.validate_on_submit():
        raise ServiceError("Choose the idea this one duplicates.")
    target = get_or_404(Idea, form.target_id.data)
    idea_service.check_merge(duplicate, target)
    if form.confirmed.data != "yes":
        form.confirmed.data = "yes"
        return render_template("ideas/merge_confirm.html", duplicate=duplicate, target=target, form=form,
                               votes=idea_service.idea_demand(duplicate)[0])
    idea_service.merge_ideas(duplicate, target)
    return _done(f"“{duplicate.title}” is merged into this idea: its votes, comments and details moved here.",
                 target.id)


@bp.route("/<int:idea_id>/proxy-votes", methods=["POST"])
@allow(Access.STAFF)
@back_to("ideas.show")
def record_proxy_vote(idea_id):
    idea = get_or_404(Idea, idea_id)
    partner = get_or_404(Partner, request.form.get("partner_id", type=int) or 0)
    idea_service.record_vote_for_partner(idea, current_membership, partner)
    return _done(f"Vote recorded for {partner.name}.", idea.id)


@bp.route("/from-feedback/<int:feedback_id>", methods=["GET", "POST"])
@allow(Access.STAFF)
def promote(feedback_id):
    item = get_or_404(FeedbackItem, feedback_id)
    form = PromoteForm()
    idea = form.validate_on_submit() and commit_or_show(form, lambda: idea_service.promote_feedback(
        current_membership, item, form.title.data, form.description.data, form.keep_feedback_text.data))
    if idea:
        return _done("The feedback is now an idea on the board.", idea.id)
    return render_template("ideas/promote.html", form=form, item=item), 422 if form.errors else 200


@bp.route("/statuses", methods=["GET", "POST"])
@allow(Access.ADMIN)
def manage_statuses():
    form, roadmap_form = StatusNameForm(), RoadmapForm(roadmap_public=current_tenant.roadmap_public)
    if form.validate_on_submit() and commit_or_show(
        form, lambda: idea_service.add_status(form.name.data, form.on_roadmap.data, form.is_closed.data)
    ) is not None:
        flash("Status added.", "success")
        return redirect(url_for("ideas.manage_statuses"))
    return render_template("ideas/statuses.html", form=form, roadmap_form=roadmap_form,
                           statuses=idea_service.statuses()), 422 if form.errors else 200


@bp.route("/statuses/<int:status_id>/rename", methods=["POST"])
@allow(Access.ADMIN)
@back_to("ideas.manage_statuses")
def rename_status(status_id):
    status = get_or_404(IdeaStatus, status_id)
    form = RenameStatusForm()
    if not form.validate_on_submit():
        raise ServiceError("Give the status a name of at most 60 characters.")
    idea_service.rename_status(status, form.name.data)
    db.session.commit()
    flash("Status renamed.", "success")
    return redirect(url_for("ideas.manage_statuses"))


@bp.route("/roadmap-setting", methods=["POST"])
@allow(Access.ADMIN)
def roadmap_setting():
    form = RoadmapForm()
    if form.validate_on_submit():
        idea_service.set_roadmap_public(current_tenant._get_current_object(), form.roadmap_public.data)
        db.session.commit()
        flash("Public roadmap " + ("published." if form.roadmap_public.data else "hidden."), "success")
    return redirect(url_for("ideas.manage_statuses"))


@roadmap_bp.route("/roadmap/<slug>")
def public_roadmap(slug):
    """The opt-in public roadmap: idea titles and statuses only, no names of anyone."""
    tenant = db.session.scalars(select(Tenant).where(Tenant.slug == slug, Tenant.roadmap_public.is_(True))).first()
    if tenant is None:
        abort(404)
    with scoped_to(tenant.id):
        grouped = idea_service.roadmap()
        return render_template("ideas/roadmap.html", tenant=tenant, grouped=grouped)
