"""Themes for staff: define tags and the keywords that apply them automatically."""

from flask import Blueprint, flash, redirect, render_template, request, url_for

from app.analysis.forms import ThemeForm
from app.analysis.models import Theme
from app.analysis.services import themes as theme_service
from app.core.forms import commit_or_show
from app.core.permissions import Access, default_access, get_or_404
from app.extensions import db

# Theme management is the vendor staff's analysis tool: partner users get 404.
bp = Blueprint("themes", __name__, url_prefix="/settings/themes", template_folder="templates")
default_access(bp, Access.STAFF)


def _tagged_message(theme, matched):
    return f"Saved “{theme.name}”: its keywords match {matched:,} feedback item{'s' if matched != 1 else ''}."


@bp.route("/", methods=["GET", "POST"])
def index():
    form = ThemeForm()
    if form.validate_on_submit():
        created = commit_or_show(form, lambda: theme_service.create_theme(form.name.data, form.keywords.data))
        if created is not None:
            flash(_tagged_message(*created), "success")
            return redirect(url_for("themes.index"))
    return render_template("themes/index.html", themes=theme_service.list_themes(), form=form,
                           counts=theme_service.tag_counts()), 422 if form.errors else 200


@bp.route("/<int:theme_id>", methods=["GET", "POST"])
def edit(theme_id):
    theme = get_or_404(Theme, theme_id)
    form = ThemeForm()
    if request.method == "GET":
        form.name.data, form.keywords.data = theme.name, "\n".join(theme.keywords or [])
    if form.validate_on_submit():
        changed = commit_or_show(form, lambda: (theme_service.update_theme(theme, form.name.data,
                                                                           form.keywords.data),))
        if changed is not None:
            matched = changed[0]
            flash(_tagged_message(theme, matched) if matched is not None else f"Saved “{theme.name}”.", "success")
            return redirect(url_for("themes.index"))
    return render_template("themes/edit.html", theme=theme, form=form), 422 if form.errors else 200


@bp.route("/<int:theme_id>/delete", methods=["POST"])
def delete(theme_id):
    theme = get_or_404(Theme, theme_id)
    name = theme.name
    theme_service.delete_theme(theme)
    db.session.commit()
    flash(f"Deleted the theme “{name}” and its tags.", "success")
    return redirect(url_for("themes.index"))
