"""All models, imported here so Alembic and the app see one metadata."""

from app.models.tenancy import (  # noqa: F401
    Invitation,
    Membership,
    Partner,
    PartnerStatus,
    PartnerTier,
    PasswordResetToken,
    Role,
    Tenant,
    User,
)
from app.models.feedback import (  # noqa: F401
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
from app.models import settings, surveys  # noqa: F401,E402  (survey tables, tenant settings)
from app.models import api  # noqa: F401,E402  (API tokens, idempotency keys, webhooks)
from app.models import imports  # noqa: F401,E402  (CSV import batches and their row errors)
from app.models import ideas  # noqa: F401,E402  (innovation ideas board)
from app.models import audit, actions  # noqa: F401,E402  (audit log; actions and their before/after figures)
from app.models import followups  # noqa: F401,E402  (follow-ups, loop replies, automation rules)
