"""bench/analysis.py --tenant SLUG: a tenant's staff-corrected items as a labelled set.

Opens the app on DATABASE_URL (the usual configuration), reads the tenant's items whose
sentiment staff corrected, with e-mail addresses, phone numbers and the names of the
tenant's people and contacts masked (app/analysis/services/corrections.py). The request
column is unknown for them (0), so only the sentiment figures mean something."""

from sqlalchemy import select

from app import create_app
from app.analysis.services.corrections import corrected_items
from app.extensions import db
from app.tenancy import scoped_to, unscoped
from app.tenants.models import Tenant


def tenant_rows(slug, app=None):
    """The tenant's corrected items as rows of bench/data/feedback_labelled.csv's shape."""
    app = app or create_app()
    with app.app_context():
        tenant_id = db.session.scalar(unscoped(select(Tenant.id).where(Tenant.slug == slug)))
        if tenant_id is None:
            raise SystemExit(f"No tenant {slug!r}.")
        with scoped_to(tenant_id):
            return corrected_items()
