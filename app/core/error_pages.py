"""Error pages: HTML in the portal, JSON under /api/; and the one handler of ServiceError."""

from flask import current_app, flash, jsonify, redirect, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from app.core.access_log import mask_tokens
from app.core.errors import ServiceError, flash_category, return_target
from app.extensions import db

MESSAGES = {
    400: ("Bad request", "The request could not be understood."),
    403: ("Not allowed", "Your role does not allow this."),
    404: ("Not found", "This page does not exist, or you do not have access to it."),
    405: ("Method not allowed", "This address does not accept that kind of request."),
    413: ("Too large", "What you sent is larger than allowed."),
    422: ("Validation failed", "Some fields are not valid."),
    429: ("Too many requests", "Please wait a minute before trying again."),
    500: ("Something went wrong", "The error has been logged. Please try again."),
}


def _wants_json():
    return request.path.startswith("/api/")


def render_error(code, message=None):
    title, default_message = MESSAGES.get(code, ("Error", "The request failed."))
    message = message or default_message
    if _wants_json():
        return jsonify(error=title, message=message, status=code), code
    return render_template("errors/error.html", code=code, title=title, message=message), code


def handle_http_exception(error):
    return render_error(error.code or 500)


def handle_csrf_error(error):
    return render_error(400, "Your form expired. Go back, reload the page and try again.")


def handle_service_error(error):
    """A service refused the input and the view did not show it on a form: nothing the
    request wrote stays; the API answers 422 with the field at fault; a page flashes the
    message and goes back to the page the form was on (never a 5xx)."""
    db.session.rollback()
    if _wants_json():
        fields = {error.field: error.message} if error.field else None
        return jsonify(error=MESSAGES[422][0], message=error.message, status=422,
                       **({"fields": fields} if fields else {})), 422
    target = return_target()
    if target is None:
        return render_error(422, error.message)
    flash(error.message, flash_category())
    return redirect(target)


def handle_unexpected(error):
    db.session.rollback()
    if isinstance(error, HTTPException):
        return handle_http_exception(error)
    current_app.logger.exception("Unhandled error on %s %s", request.method, mask_tokens(request.path))
    return render_error(InternalServerError.code)


def register(app):
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(ServiceError, handle_service_error)
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(Exception, handle_unexpected)
