"""API tokens and webhook endpoints of the acting tenant. Secrets are shown once, in
the response to the POST that created them (never in a flash message, which would
travel in the session cookie)."""

from flask import Blueprint, flash, make_response, redirect, render_template, url_for
from flask_login import current_user

from app.core.forms import commit_or_show
from app.core.permissions import Access, default_access, get_or_404
from app.extensions import db
from app.integrations.forms import ApiTokenForm, WebhookForm
from app.integrations.models import ApiToken, WebhookEndpoint
from app.integrations.services import api_tokens, webhooks

bp = Blueprint("integrations", __name__, url_prefix="/admin/integrations", template_folder="templates")
default_access(bp, Access.ADMIN)


def _token_form(**kwargs):
    # Prefixes keep the two forms' field ids apart on one page.
    return ApiTokenForm(prefix="token", **kwargs)


def _webhook_form(**kwargs):
    return WebhookForm(prefix="webhook", **kwargs)


def _index(token_form=None, webhook_form=None, status=200):
    return render_template(
        "integrations/index.html",
        tokens=api_tokens.api_tokens(),
        endpoints=webhooks.endpoints(),
        token_form=token_form or _token_form(formdata=None),
        webhook_form=webhook_form or _webhook_form(formdata=None),
    ), status


def _secret_page(template, **context):
    response = make_response(render_template(template, **context))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/")
def index():
    return _index()


@bp.route("/tokens", methods=["POST"])
def create_token():
    form = _token_form()
    created = form.validate_on_submit() and commit_or_show(
        form, lambda: api_tokens.create_api_token(form.name.data, form.scopes(), current_user._get_current_object())
    )
    if created:
        token, raw = created
        return _secret_page("integrations/token_created.html", token=token, raw_token=raw)
    return _index(token_form=form, status=422)


@bp.route("/tokens/<int:api_token_id>/revoke", methods=["POST"])
def revoke_token(api_token_id):
    token = get_or_404(ApiToken, api_token_id)
    api_tokens.revoke_api_token(token)
    db.session.commit()
    flash(f"The token “{token.name}” is revoked; requests with it now get 401.", "success")
    return redirect(url_for("integrations.index"))


@bp.route("/webhooks", methods=["POST"])
def create_webhook():
    form = _webhook_form()
    endpoint = form.validate_on_submit() and commit_or_show(
        form, lambda: webhooks.create_endpoint(
            form.url.data, form.description.data, created_by=current_user._get_current_object()
        )
    )
    if endpoint:
        return _secret_page("integrations/webhook_created.html", webhook=endpoint)
    return _index(webhook_form=form, status=422)


@bp.route("/webhooks/<int:webhook_endpoint_id>")
def show_webhook(webhook_endpoint_id):
    endpoint = get_or_404(WebhookEndpoint, webhook_endpoint_id)
    return render_template(
        "integrations/webhook.html", webhook=endpoint, deliveries=webhooks.recent_deliveries(endpoint)
    )


@bp.route("/webhooks/<int:webhook_endpoint_id>/delete", methods=["POST"])
def delete_webhook(webhook_endpoint_id):
    endpoint = get_or_404(WebhookEndpoint, webhook_endpoint_id)
    webhooks.delete_endpoint(endpoint)
    db.session.commit()
    flash("The webhook endpoint is removed; it receives no more events.", "success")
    return redirect(url_for("integrations.index"))
