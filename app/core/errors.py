"""Domain exceptions, and where a refused request goes back to.

A view either shows a ServiceError on its form (`commit_or_show` and `apply_service_error`
in app/core/forms.py, when the form re-renders with the message on its field) or lets it
propagate: the app's handler (app/core/error_pages.py) rolls the session back, flashes
the message and redirects to `return_target()`; under /api/ it answers a JSON 422."""

from urllib.parse import urlsplit

from flask import current_app, request, url_for

from app.core.security import is_safe_local_path


class ServiceError(Exception):
    """A rule was broken by the input. `field` names the form field at fault, if any."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


class TokenError(ServiceError):
    """A link token is unknown, expired, revoked or already used."""


def back_to(endpoint, anchor=None, category="danger"):
    """View decorator: where a ServiceError the view lets through sends the browser when
    the form's page is not known (no local Referer): `endpoint`, built from the view's
    own URL arguments it needs, with `anchor`; its message is flashed as `category`."""

    def decorator(view):
        view.back_to = (endpoint, anchor, category)
        return view

    return decorator


def _declaration():
    return getattr(current_app.view_functions.get(request.endpoint), "back_to", None)


def flash_category():
    declared = _declaration()
    return declared[2] if declared else "danger"


def _declared_target():
    declared = _declaration()
    if declared is None:
        return None
    endpoint, anchor, _ = declared
    arguments = next(current_app.url_map.iter_rules(endpoint)).arguments
    values = {name: value for name, value in (request.view_args or {}).items() if name in arguments}
    return url_for(endpoint, _anchor=anchor, **values)


def form_page():
    """The page this request's form was on: its `next` field or the Referer, as a local
    path, or None (never a page of another site)."""
    target = (request.form.get("next") if request.method == "POST" else None) or request.referrer or ""
    parts = urlsplit(target)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return path if is_safe_local_path(path) and parts.netloc in ("", request.host) else None


def return_target():
    """Where to send the browser back to: the form's page (with the anchor of the view's
    `back_to` when that names the same page), else the `back_to` page, else None."""
    declared, came_from = _declared_target(), form_page()
    target = came_from or declared
    if came_from and declared and urlsplit(declared).path == urlsplit(came_from).path:
        anchor = urlsplit(declared).fragment
        target = came_from + (f"#{anchor}" if anchor else "")
    if target and request.method == "GET" and urlsplit(target).path == request.path:
        return None  # the page itself failed: going back to it would fail again
    return target
