"""Admins keep the tenant's lists of partner regions and verticals (app/partners/lists.py),
next to the tiers: add, rename, delete. The views attach to the partners blueprint."""

from flask import flash, redirect, render_template, url_for

from app.core.errors import back_to
from app.core.forms import commit_or_show
from app.core.permissions import Access, allow, get_or_404
from app.extensions import db
from app.partners import lists
from app.partners.forms import ListEntryNameForm
from app.partners.routes import bp


def _page(forms=None, status=200):
    forms = forms or {}
    sections = [(kind, lists.LABELS[kind], lists.entries(kind),
                 forms.get(kind) or ListEntryNameForm(prefix=kind)) for kind in lists.MODELS]
    return render_template("partners/lists.html", sections=sections), status


def _add(kind):
    form = ListEntryNameForm(prefix=kind)
    if form.validate_on_submit() and commit_or_show(form, lambda: lists.add_entry(kind, form.name.data)) is not None:
        flash(f"Added the {kind} “{form.name.data.strip()}”.", "success")
        return redirect(url_for("partners.partner_lists"))
    return _page({kind: form}, 422)


def _edit(kind, entry):
    form = ListEntryNameForm(obj=entry)
    if form.validate_on_submit() and commit_or_show(
        form, lambda: lists.rename_entry(kind, entry, form.name.data)
    ) is not None:
        flash(f"Saved; partners and rules now say “{entry.name}”.", "success")
        return redirect(url_for("partners.partner_lists"))
    return render_template("partners/form.html", form=form, title=f"Rename the {kind} {entry.name}"), (
        422 if form.errors else 200)


def _delete(kind, entry):
    # A ServiceError (a rule uses the entry) is flashed by the app's handler (@back_to).
    name = entry.name
    lists.delete_entry(kind, entry)
    db.session.commit()
    flash(f"Deleted the {kind} {name}; its partners now have none.", "success")
    return redirect(url_for("partners.partner_lists"))


@bp.route("/lists")
@allow(Access.ADMIN)
def partner_lists():
    return _page()


@bp.route("/regions", methods=["POST"])
@allow(Access.ADMIN)
def add_region():
    return _add("region")


@bp.route("/verticals", methods=["POST"])
@allow(Access.ADMIN)
def add_vertical():
    return _add("vertical")


@bp.route("/regions/<int:region_id>/edit", methods=["GET", "POST"])
@allow(Access.ADMIN)
def edit_region(region_id):
    return _edit("region", get_or_404(lists.PartnerRegion, region_id))


@bp.route("/verticals/<int:vertical_id>/edit", methods=["GET", "POST"])
@allow(Access.ADMIN)
def edit_vertical(vertical_id):
    return _edit("vertical", get_or_404(lists.PartnerVertical, vertical_id))


@bp.route("/regions/<int:region_id>/delete", methods=["POST"])
@allow(Access.ADMIN)
@back_to("partners.partner_lists")
def delete_region(region_id):
    return _delete("region", get_or_404(lists.PartnerRegion, region_id))


@bp.route("/verticals/<int:vertical_id>/delete", methods=["POST"])
@allow(Access.ADMIN)
@back_to("partners.partner_lists")
def delete_vertical(vertical_id):
    return _delete("vertical", get_or_404(lists.PartnerVertical, vertical_id))
