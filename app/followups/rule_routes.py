"""Automation rules (staff) and the follow-up policy (admins)."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.core.forms import commit_or_show
from app.core.permissions import Access, allow, get_or_404, is_admin
from app.extensions import db
from app.followups.forms import PolicyForm, RuleForm
from app.followups.models import AutomationRule
from app.followups.routes import bp
from app.followups.services import rules as rule_service
from app.followups.services.service_levels import current_policy, save_policy


@bp.route("/rules")
@allow(Access.STAFF)
def rules():
    return render_template("followups/rules.html", rules=rule_service.list_rules(), admin=is_admin())


def _rule_input(form):
    return rule_service.RuleInput(
        name=form.name.data or "", active=form.active.data, source=form.source.data or None,
        channel=form.channel.data or None, nps_detractor=form.nps_detractor.data,
        nps_promoter=form.nps_promoter.data, csat_at_most=form.csat_at_most.data,
        negative_sentiment=form.negative_sentiment.data, action_needed=form.action_needed.data,
        category_id=form.category_id.data, tier_id=form.tier_id.data, region=form.region.data or "",
        theme_id=form.theme_id.data, program_element_id=form.program_element_id.data,
        partner_id=form.partner_id.data,
        assign_to=form.assign_to.data, owner_id=form.owner_id.data, due_in_days=form.due_in_days.data,
        priority=form.priority.data,
    )


def _save(rule, data):
    if rule is None:
        return rule_service.create_rule(current_user._get_current_object(), data)
    return rule_service.update_rule(rule, data)


def _matches(data):
    """The test of a rule: how many items it matches, the first 20, and the feedback list
    filtered the same way (None when the list's filters cannot say it)."""
    filters = rule_service.list_filters(data)
    return {"match_count": rule_service.count_matches(data), "matches": rule_service.first_matches(data),
            "list_url": url_for("feedback.index", **filters) if filters is not None else None}


def _rule_page(rule):
    form = RuleForm(obj=rule) if rule is not None and request.method == "GET" else RuleForm()
    tested = {}
    if form.validate_on_submit():
        if form.test.data:  # counts only; nothing to commit
            tested = commit_or_show(form, lambda: _matches(_rule_input(form))) or {}
        elif commit_or_show(form, lambda: _save(rule, _rule_input(form))) is not None:
            flash("Rule saved.", "success")
            return redirect(url_for("followups.rules"))
    return render_template("followups/rule_form.html", form=form, rule=rule, match_count=tested.get("match_count"),
                           matches=tested.get("matches", []), list_url=tested.get("list_url")), \
        422 if form.errors else 200


@bp.route("/rules/new", methods=["GET", "POST"])
@allow(Access.STAFF)
def new_rule():
    return _rule_page(None)


@bp.route("/rules/<int:rule_id>", methods=["GET", "POST"])
@allow(Access.STAFF)
def edit_rule(rule_id):
    return _rule_page(get_or_404(AutomationRule, rule_id))


@bp.route("/rules/<int:rule_id>/toggle", methods=["POST"])
@allow(Access.STAFF)
def toggle_rule(rule_id):
    rule = get_or_404(AutomationRule, rule_id)
    rule.active = not rule.active
    db.session.commit()
    flash(f"“{rule.name}” is {'active' if rule.active else 'paused'}.", "success")
    return redirect(url_for("followups.rules"))


@bp.route("/rules/<int:rule_id>/delete", methods=["POST"])
@allow(Access.STAFF)
def delete_rule(rule_id):
    rule = get_or_404(AutomationRule, rule_id)
    name = rule.name
    db.session.delete(rule)  # its follow-ups stay; their log still names the rule
    db.session.commit()
    flash(f"Rule “{name}” deleted.", "success")
    return redirect(url_for("followups.rules"))


@bp.route("/policy", methods=["GET", "POST"])
@allow(Access.ADMIN)
def policy():
    form = PolicyForm(obj=current_policy()) if request.method == "GET" else PolicyForm()
    if form.validate_on_submit() and commit_or_show(form, lambda: save_policy(
            form.escalation_user_id.data, form.first_response_days.data, form.resolution_days.data,
            form.confirmation_days.data)) is not None:
        flash("Follow-up policy saved.", "success")
        return redirect(url_for("followups.policy"))
    return render_template("followups/policy.html", form=form), 422 if form.errors else 200
