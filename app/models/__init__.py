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
