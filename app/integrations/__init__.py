"""Admin pages for integrations: API tokens and webhook endpoints (tenant admins only)."""

from flask import Blueprint, abort

from app.core.permissions import is_admin, staff_guard

bp = Blueprint("integrations", __name__, url_prefix="/admin/integrations", template_folder="templates")


@bp.before_request
def admin_guard():
    """Partner users get 404 (they do not learn the page exists), managers 403."""
    redirect_response = staff_guard()
    if redirect_response is not None:
        return redirect_response
    if not is_admin():
        abort(403)
    return None


from app.integrations import routes  # noqa: E402,F401
