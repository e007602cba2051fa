"""Tenant settings for admins: the program elements and feedback categories."""

from flask import flash, redirect, render_template, url_for

from app.extensions import db
from app.forms import apply_service_error
from app.models import FeedbackCategory, ProgramElement
from app.permissions import get_or_404
from app.services import feedback as feedback_service
from app.services.errors import ServiceError
from app.settings import bp
from app.settings.forms import ListEntryForm

MODELS = {"element": ProgramElement, "category": FeedbackCategory}


def _render(element_form=None, category_form=None, status=200):
    return render_template(
        "settings/index.html", elements=feedback_service.program_elements(), categories=feedback_service.categories(),
        element_form=element_form or ListEntryForm(kind="element", prefix="element"),
        category_form=category_form or ListEntryForm(kind="category", prefix="category"),
    ), status


@bp.route("/")
def index():
    return _render()


def _add_entry(kind):
    form = ListEntryForm(prefix=kind)
    if form.validate_on_submit() and form.kind.data == kind:
        try:
            feedback_service.add_list_entry(MODELS[kind], form.name.data)
            db.session.commit()
        except ServiceError as error:
            db.session.rollback()
            apply_service_error(form, error)
        else:
            flash(f"Added “{form.name.data.strip()}”.", "success")
            return redirect(url_for("settings.index"))
    forms = {"element_form": form} if kind == "element" else {"category_form": form}
    return _render(status=422, **forms)


@bp.route("/elements", methods=["POST"])
def add_element():
    return _add_entry("element")


@bp.route("/categories", methods=["POST"])
def add_category():
    return _add_entry("category")


@bp.route("/elements/<int:element_id>/delete", methods=["POST"])
def delete_element(element_id):
    element = get_or_404(ProgramElement, element_id)
    db.session.delete(element)
    db.session.commit()
    flash(f"Removed “{element.name}”; its feedback now counts as general.", "success")
    return redirect(url_for("settings.index"))


@bp.route("/categories/<int:category_id>/delete", methods=["POST"])
def delete_category(category_id):
    category = get_or_404(FeedbackCategory, category_id)
    db.session.delete(category)
    db.session.commit()
    flash(f"Removed “{category.name}”.", "success")
    return redirect(url_for("settings.index"))
