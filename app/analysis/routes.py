"""Themes for staff: define tags and the keywords that apply them automatically."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.analysis.forms import SuggestionForm, SuggestionPeriodForm, ThemeForm
from app.analysis.models import Theme
from app.analysis.services import suggestions as suggestion_service
from app.analysis.services import themes as theme_service
from app.analysis.services.corrections import corrections_by_engine
from app.core.errors import ServiceError
from app.core.forms import commit_or_show
from app.core.permissions import Access, default_access, get_or_404
from app.extensions import db
from app.jobs.models import JobState
from app.jobs.services.submit import submit
from app.surveys.services.settings import survey_settings

# Theme management is the vendor staff's analysis tool: partner users get 404.
bp = Blueprint("themes", __name__, url_prefix="/settings/themes", template_folder="templates")
default_access(bp, Access.STAFF)


def _saved_message(theme, job):
    """After the commit that asked for the theme's tagging job: its result if it has run
    already (a quick worker, or the tests), else that it is being applied."""
    if job is None:
        return f"Saved “{theme.name}”."
    if job.state == JobState.DONE:
        return f"Saved “{theme.name}”. {job.result}"
    return (f"Saved “{theme.name}”. Its keywords are being applied to the existing feedback: "
            "the list below says when they are.")


def _render_index(form, period_form, status=200):
    start, end = period_form.period()
    if not period_form.errors:  # show the default period in the date fields
        period_form.start.data, period_form.end.data = start, end
    suggested = suggestion_service.suggest_themes(start, end, survey_settings().anonymity_threshold)
    applying = {job.payload.get("theme_id"): job for job in theme_service.tagging_jobs()}
    return render_template("themes/index.html", themes=theme_service.list_themes(), form=form, applying=applying,
                           counts=theme_service.tag_counts(), period_form=period_form, suggested=suggested,
                           dismissals=suggestion_service.list_dismissals(),
                           corrections=corrections_by_engine()), status


@bp.route("/", methods=["GET", "POST"])
def index():
    form = ThemeForm()
    period_form = SuggestionPeriodForm(request.args)
    period_form.validate()  # bad dates are shown on the form; the default period is used
    if form.validate_on_submit():
        created = commit_or_show(form, lambda: theme_service.create_theme(form.name.data, form.keywords.data,
                                                                          current_user))
        if created is not None:
            flash(_saved_message(*created), "success")
            return redirect(url_for("themes.index"))
    return _render_index(form, period_form, 422 if form.errors else 200)


def _on_suggestion(change):
    """Run `change(form, start, end, threshold)` for a clicked suggestion and commit; a bad
    click re-renders the page with the reason (422), a good one redirects to the same period."""
    form = SuggestionForm()
    start, end = form.period() if form.validate() else (None, None)
    try:
        if form.errors:
            raise ServiceError(next(iter(form.errors.values()))[0])
        message = change(form.phrase.data, start, end, survey_settings().anonymity_threshold)
        db.session.commit()
    except ServiceError as error:
        db.session.rollback()
        flash(error.message, "danger")
        return _render_index(ThemeForm(formdata=None), SuggestionPeriodForm(request.form), 422)
    flash(message, "success")
    return redirect(url_for("themes.index", start=start.isoformat(), end=end.isoformat()))


@bp.route("/suggestions/accept", methods=["POST"])
def accept_suggestion():
    def accept(phrase, start, end, threshold):
        theme, job = suggestion_service.accept_suggestion(phrase, start, end, threshold, current_user)
        db.session.commit()  # the tagging job runs from here
        return _saved_message(theme, job) + " Edit it to add other forms of the words."
    return _on_suggestion(accept)


@bp.route("/suggestions/dismiss", methods=["POST"])
def dismiss_suggestion():
    def dismiss(phrase, start, end, threshold):
        phrase = suggestion_service.dismiss_suggestion(phrase, start, end, threshold, current_user.id)
        return f"Dismissed “{phrase}”: it will not be suggested again."
    return _on_suggestion(dismiss)


@bp.route("/suggestions/restore", methods=["POST"])
def restore_suggestion():
    def restore(phrase, start, end, threshold):
        return f"“{suggestion_service.restore_suggestion(phrase)}” may be suggested again."
    return _on_suggestion(restore)


@bp.route("/<int:theme_id>", methods=["GET", "POST"])
def edit(theme_id):
    theme = get_or_404(Theme, theme_id)
    form = ThemeForm()
    if request.method == "GET":
        form.name.data, form.keywords.data = theme.name, "\n".join(theme.keywords or [])
    if form.validate_on_submit():
        changed = commit_or_show(form, lambda: (theme_service.update_theme(theme, form.name.data,
                                                                           form.keywords.data, current_user),))
        if changed is not None:
            flash(_saved_message(theme, changed[0]), "success")
            return redirect(url_for("themes.index"))
    return render_template("themes/edit.html", theme=theme, form=form), 422 if form.errors else 200


@bp.route("/retag", methods=["POST"])
def retag():
    """Re-apply every theme's keywords as a background job; its page shows the progress."""
    job = submit("analysis.retag", "Re-apply theme keywords to all feedback", started_by=current_user)
    db.session.commit()
    flash("Re-applying the themes' keywords to every feedback item; tags staff added or removed stay as they are.",
          "success")
    return redirect(url_for("jobs.show", job_id=job.id))


@bp.route("/<int:theme_id>/delete", methods=["GET", "POST"])
def delete(theme_id):
    """GET asks to confirm, saying how many items lose the tag; POST deletes."""
    theme = get_or_404(Theme, theme_id)
    if request.method == "GET":
        return render_template("themes/delete.html", theme=theme,
                               tagged=theme_service.tag_counts().get(theme.id, 0))
    name = theme.name
    theme_service.delete_theme(theme)
    db.session.commit()
    flash(f"Deleted the theme “{name}” and its tags.", "success")
    return redirect(url_for("themes.index"))
