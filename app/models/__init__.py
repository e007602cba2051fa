"""All models, imported here so Alembic and the app see one metadata."""
# ruff: noqa: F401  (re-exports)

from app.auth.models import EmailVerification, PasswordResetToken, User, UserSession  # noqa: F401
from app.feedback.models import (
    Channel,
    CustomerContact,
    FeedbackCategory,
    FeedbackItem,
    FeedbackStatus,
    InternalNote,
    LoopResponse,
    ProgramElement,
    SentimentLabel,
    Source,
)
from app.mail.models import OutboxMessage, OutboxStatus  # noqa: F401
from app.models import (  # noqa: F401,E402  (survey tables, tenant settings)  # noqa: F401,E402  (audit log; actions and their before/after figures)
    actions,
    api,  # noqa: F401,E402  (API tokens, idempotency keys, webhooks)
    audit,
    followups,  # noqa: F401,E402  (follow-ups, loop replies, automation rules)
    ideas,  # noqa: F401,E402  (innovation ideas board)
    imports,  # noqa: F401,E402  (CSV import batches and their row errors)
    rollup_ddl,  # noqa: F401,E402  (feedback rollups and the triggers that keep them)
    rollups,
    settings,
    surveys,
    themes,  # noqa: F401,E402  (themes and their tags on feedback items)
)
from app.partners.models import Partner, PartnerStatus, PartnerTier
from app.tenants.models import Invitation, Membership, Role, Tenant
