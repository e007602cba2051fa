"""The public page behind a loop reply's link (/loop/<token>, no login): the person who
gave the feedback says, once, whether their issue is resolved. GET only shows the
question (mail scanners fetch links); the answer is a POST. Rate-limited per address
like every token page, so guessing tokens is slow as well as hopeless (256 bits)."""

from flask import Blueprint, current_app, render_template, request

from app.core.forms import commit_or_show
from app.core.permissions import Access, default_access
from app.extensions import db, limiter
from app.followups.forms import AnswerForm
from app.followups.services.loop import (
    AlreadyAnswered,
    LinkClosed,
    LinkNotFound,
    answer,
    check_answerable,
    find_reply,
    reply_scope,
)
from app.tenants.models import Tenant

loop_bp = Blueprint("loop", __name__, template_folder="templates", cli_group=None)
default_access(loop_bp, Access.PUBLIC)  # the link's token is the credential


def _token_limit():
    return current_app.config["TOKEN_RATE_LIMIT"]


token_limit = limiter.shared_limit(_token_limit, scope="loop-token")


def _message(title, message, vendor_name="", status=200):
    return render_template("followups/loop_message.html", title=title, message=message,
                           vendor_name=vendor_name), status


@loop_bp.route("/loop/<token>", methods=["GET", "POST"])
@token_limit
def confirm(token):
    try:
        reply = find_reply(token)
    except LinkNotFound as error:
        return _message("This link can't be used", error.message, status=404)
    with reply_scope(reply):
        return _confirm(reply, db.session.get(Tenant, reply.tenant_id).name)


def _thanks(resolved, vendor_name):
    if resolved:
        return _message("Thank you", "Glad it is resolved. Thank you for letting us know!", vendor_name)
    return _message("Thank you", "Sorry it is not resolved yet. We have reopened it and will be in touch.",
                    vendor_name)


def _confirm(reply, vendor_name):
    try:
        check_answerable(reply)
    except AlreadyAnswered as error:
        return _message("Thank you", error.message, vendor_name)
    except LinkClosed as error:
        return _message("This question has closed", error.message, vendor_name, status=410)
    form = AnswerForm()
    if request.method == "GET":
        form.answer.data = request.args.get("answer") if request.args.get("answer") in ("yes", "no") else None
    elif form.validate_on_submit():
        try:
            if commit_or_show(form, lambda: answer(reply, form.answer.data == "yes", form.comment.data),
                              let_through=(AlreadyAnswered, LinkClosed)) is not None:
                return _thanks(form.answer.data == "yes", vendor_name)
        except (AlreadyAnswered, LinkClosed) as error:
            db.session.rollback()
            return _message("Thank you", error.message, vendor_name)
    return render_template("followups/confirm.html", form=form, reply=reply, vendor_name=vendor_name,
                           token=request.view_args["token"]), 422 if form.errors else 200
