"""All models, imported here so Alembic and the app see one metadata."""
# ruff: noqa: F401  (re-exports)

from app.actions import models as actions
from app.analysis import models as themes
from app.api import models as api_models
from app.audit import models as audit
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
from app.followups import models as followups
from app.ideas import models as ideas
from app.imports import models as imports
from app.insights import models as rollups
from app.insights import rollup_ddl
from app.integrations import models as integrations
from app.jobs.models import Job, JobState, ScheduledRun  # noqa: F401
from app.lifecycle.models import TenantExport, TenantExportPart  # noqa: F401
from app.mail.models import OutboxMessage, OutboxStatus  # noqa: F401
from app.partners.models import Partner, PartnerRegion, PartnerStatus, PartnerTier, PartnerVertical
from app.surveys import models as settings
from app.surveys import models as surveys
from app.tenants.models import Invitation, Membership, Role, Tenant
