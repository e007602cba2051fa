"""Sending surveys: campaign emails, partner pulse surveys, reminders, and the contact
protection that spans the whole ecosystem.

Contact protection is tenant-wide: an address that opted out or bounced is never
surveyed again by the vendor or any partner, and a customer address is surveyed at
most once per frequency-cap period, whichever partner sends. A partner user's own
scope sees only their partner's rows, so these checks run in the tenant scope
explicitly, and select bare addresses only: no other partner's row ever reaches
the partner user, who learns just how many contacts were skipped, never which ones
or why (see survey_campaigns.recipient_status). Staff read the reasons.
"""

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from app.core.errors import ServiceError
from app.core.models import utcnow
from app.core.tokens import new_token
from app.extensions import db
from app.mail import enqueue_email
from app.mail.models import OutboxMessage, OutboxStatus
from app.partners.models import Partner, PartnerStatus
from app.surveys.models import (
    CampaignKind,
    SkipReason,
    SuppressedAddress,
    SuppressionReason,
    SurveyAudience,
    SurveyCampaign,
    SurveyRecipient,
)
from app.surveys.services.campaigns import sendable_survey
from app.surveys.services.invitations import about_partner, invitation_preview
from app.surveys.services.settings import survey_settings
from app.tenancy import scoped_to
from app.tenants.models import Membership, Role, Tenant

CHUNK = 500


@dataclass
class SendResult:
    sent: int = 0
    skipped_recently: int = 0
    skipped_suppressed: int = 0

    @property
    def skipped(self):
        return self.skipped_recently + self.skipped_suppressed

    def summary(self, noun="contact", reasons=True):
        """E.g. "Sent to 3 contacts. 2 contacts skipped: 1 surveyed recently, 1 opted out or bounced."
        Without `reasons` (for partner users), only how many were skipped: "... 2 contacts
        skipped by the program's contact protection." """

        def counted(count):
            return f"{count} {noun if count == 1 else noun + 's'}"

        text = f"Sent to {counted(self.sent)}."
        if self.skipped and not reasons:
            text += f" {counted(self.skipped)} skipped by the program's contact protection."
        elif self.skipped:
            reasons = []
            if self.skipped_recently:
                reasons.append(f"{self.skipped_recently} surveyed recently")
            if self.skipped_suppressed:
                reasons.append(f"{self.skipped_suppressed} opted out or bounced")
            text += f" {counted(self.skipped)} skipped: {', '.join(reasons)}."
        return text


def _chunks(values):
    values = sorted(values)
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def _suppressed_addresses(emails):
    """The addresses among `emails` that nobody in the tenant may survey (tenant scope)."""
    found = set()
    for chunk in _chunks(emails):
        found.update(
            db.session.scalars(select(SuppressedAddress.email).where(SuppressedAddress.email.in_(chunk)))
        )
    return found


def _recently_surveyed(emails, since):
    """The addresses among `emails` that any customer campaign of the tenant sent to since `since`."""
    found = set()
    for chunk in _chunks(emails):
        found.update(
            db.session.scalars(
                select(SurveyRecipient.email)
                .join(SurveyCampaign, SurveyCampaign.id == SurveyRecipient.campaign_id)
                .where(
                    SurveyCampaign.kind == CampaignKind.CUSTOMER,
                    SurveyRecipient.email.in_(chunk),
                    SurveyRecipient.sent_at >= since,
                )
            )
        )
    return found


def _blocked_addresses(tenant_id, emails, now, apply_frequency_cap):
    """(suppressed, surveyed recently) among `emails`, looked up across the whole tenant."""
    db.session.flush()  # pending rows are flushed in the caller's scope, not the wider one
    with scoped_to(tenant_id):
        record_bounces(now)
        db.session.flush()  # bounces of any partner's sends are written in the tenant scope
        settings = survey_settings()
        suppressed = _suppressed_addresses(emails)
        recent = set()
        if apply_frequency_cap and settings.survey_frequency_cap_days:
            recent = _recently_surveyed(emails, now - timedelta(days=settings.survey_frequency_cap_days))
        return suppressed, recent, settings.link_expiry_days


def _email_context(recipient, token, reminder=False):
    campaign = recipient.campaign
    return {
        "recipient": recipient,
        "campaign": campaign,
        "survey": campaign.survey,
        "tenant": campaign.tenant,
        "partner": campaign.partner or recipient.partner,
        "token": token,
        "reminder": reminder,
        "pulse": campaign.kind == CampaignKind.PULSE,
        "about_partner": about_partner(campaign.survey, campaign.partner),
        "expires_at": recipient.expires_at,
    }


def _subject(recipient, reminder):
    campaign = recipient.campaign
    if campaign.kind == CampaignKind.PULSE:
        subject = f"{campaign.tenant.name} asks for your feedback on its partner program"
    else:
        subject = f"{campaign.partner.name} would like your feedback"
    return f"Reminder: {subject}" if reminder else subject


def _email(recipient, token, reminder=False):
    return enqueue_email(
        "survey_reminder" if reminder else "survey_invitation",
        recipient.email,
        _subject(recipient, reminder),
        "survey_reminder" if reminder else "survey_invitation",
        tenant_id=recipient.campaign.tenant_id,
        **_email_context(recipient, token, reminder),
    )


def _send_to(recipient, now, expiry_days):
    raw, recipient.token_hash = new_token()
    recipient.sent_at = now
    recipient.expires_at = now + timedelta(days=expiry_days)
    recipient.outbox_message = _email(recipient, raw)


def _send(campaign, recipients, now, apply_frequency_cap):
    emails = {recipient.email for recipient in recipients}
    suppressed, recent, expiry_days = _blocked_addresses(campaign.tenant_id, emails, now, apply_frequency_cap)
    result = SendResult()
    for recipient in recipients:
        if recipient.email in suppressed:
            recipient.skip_reason = SkipReason.SUPPRESSED
            result.skipped_suppressed += 1
        elif recipient.email in recent:
            recipient.skip_reason = SkipReason.SURVEYED_RECENTLY
            result.skipped_recently += 1
        else:
            _send_to(recipient, now, expiry_days)
            result.sent += 1
    if result.sent and campaign.first_sent_at is None:
        campaign.first_sent_at = now
    db.session.flush()
    return result


def _lock_campaign(campaign):
    """The campaign's row lock (SQLite: the write lock), taken before reading whom to send to:
    two sends of one campaign run a batch at a time, each reading what the other committed,
    so nobody is emailed twice (on SQLite a read runs outside the transaction until a write)."""
    db.session.execute(update(SurveyCampaign).where(SurveyCampaign.id == campaign.id)
                       .values(first_sent_at=SurveyCampaign.first_sent_at),
                       execution_options={"synchronize_session": False})


def _unsent_recipients(campaign, limit=None):
    """The campaign's contacts not yet sent to nor skipped, after taking the campaign's lock
    (FOR UPDATE SKIP LOCKED as well, on PostgreSQL, for any other writer of these rows)."""
    _lock_campaign(campaign)
    return _read_unsent(campaign, limit)


def _read_unsent(campaign, limit):
    return db.session.scalars(
        select(SurveyRecipient).where(SurveyRecipient.campaign_id == campaign.id, SurveyRecipient.sent_at.is_(None),
                                      SurveyRecipient.skip_reason.is_(None))
        .order_by(SurveyRecipient.id).limit(limit).with_for_update(skip_locked=True, of=SurveyRecipient)
    ).all()


def preview_campaign_email(campaign):
    """The invitation the campaign would send next, rendered but neither stored nor sent."""
    return invitation_preview(campaign, _subject, _email_context)


def check_can_send(campaign):
    """Raise ServiceError unless `campaign` is a customer campaign its partner may send."""
    if campaign.kind != CampaignKind.CUSTOMER:
        raise ServiceError("Only customer campaigns are sent this way.")
    if campaign.partner.status == PartnerStatus.SUSPENDED:
        raise ServiceError("This partner is suspended; it cannot send surveys.")


def send_campaign(campaign, now=None):
    """Email every contact of a customer campaign not yet sent to, except those the
    tenant-wide protection blocks; returns a SendResult. The caller commits. The web app
    sends through the `surveys.send_campaign` job instead (app/surveys/tasks.py), which
    calls send_campaign_batch; this one-transaction form is for the bench and the demo."""
    check_can_send(campaign)
    recipients = _unsent_recipients(campaign)
    if not recipients:
        raise ServiceError("Add contacts first: everyone in this campaign has already been handled.")
    return _send(campaign, recipients, now or utcnow(), apply_frequency_cap=True)


def send_campaign_batch(campaign, size, now=None):
    """Send (or skip, as the protection says) the next `size` contacts not yet handled;
    returns a SendResult, or None when none is left. The caller commits: a batch's emails,
    links and skips are stored together, so a run after a crash starts where it stopped."""
    check_can_send(campaign)
    recipients = _unsent_recipients(campaign, limit=size)
    if not recipients:
        return None
    return _send(campaign, recipients, now or utcnow(), apply_frequency_cap=True)


def _pulse_memberships(partner_ids, include_members):
    roles = [Role.PARTNER_ADMIN, Role.PARTNER_MEMBER] if include_members else [Role.PARTNER_ADMIN]
    statement = (
        select(Membership)
        .join(Partner, Partner.id == Membership.partner_id)
        .where(Partner.status == PartnerStatus.ACTIVE, Membership.role.in_(roles))
        .order_by(Membership.id)
    )
    if partner_ids:
        statement = statement.where(Membership.partner_id.in_(partner_ids))
    return db.session.scalars(statement).all()


def _check_anonymous_audience(memberships):
    """An anonymous pulse must reach at least the anonymity threshold of people (opted-out
    and bounced addresses do not count): with fewer, its totals would say who answered what."""
    emails = {membership.user.email for membership in memberships}
    reachable = len(emails - _suppressed_addresses(emails))
    threshold = survey_settings().anonymity_threshold
    if reachable < threshold:
        raise ServiceError(
            f"An anonymous pulse must reach at least {threshold} people (the anonymity threshold); this one "
            f"would reach {reachable}. Choose more partners, ask partner members too, or send it with names.",
            field="anonymous",
        )


def send_pulse(author, survey_id, name="", anonymous=False, partner_ids=(), include_members=True, now=None):
    """Send a partner survey to the users of the chosen active partners (all when none
    are chosen); returns (campaign, SendResult). Opted-out addresses are skipped. Raises
    ServiceError when an anonymous pulse would reach fewer people than the threshold."""
    survey = sendable_survey(survey_id, SurveyAudience.PARTNER)
    memberships = _pulse_memberships(list(partner_ids), include_members)
    if not memberships:
        raise ServiceError("No active partner users match; choose other partners.", field="partner_ids")
    if anonymous:
        _check_anonymous_audience(memberships)
    campaign = SurveyCampaign(
        kind=CampaignKind.PULSE,
        survey=survey,
        partner_id=None,
        anonymous=bool(anonymous),
        name=(name or "").strip()[:200] or survey.title,
        created_by_id=author.id if author else None,
    )
    db.session.add(campaign)
    recipients = [
        SurveyRecipient(
            campaign=campaign,
            partner_id=m.partner_id,
            user_id=m.user_id,
            email=m.user.email,
            name=m.user.name,
        )
        for m in memberships
    ]
    db.session.add_all(recipients)
    db.session.flush()
    return campaign, _send(campaign, recipients, now or utcnow(), apply_frequency_cap=False)


def suppress_address(email, reason):
    """Put `email` on the active tenant's do-not-survey list (idempotent)."""
    email = email.strip().lower()
    existing = db.session.scalars(select(SuppressedAddress).where(SuppressedAddress.email == email)).first()
    if existing is not None:
        return existing
    entry = SuppressedAddress(email=email, reason=SuppressionReason(reason))
    try:
        with db.session.begin_nested():  # a concurrent opt-out of the same address may win
            db.session.add(entry)
    except IntegrityError:
        return db.session.scalars(select(SuppressedAddress).where(SuppressedAddress.email == email)).one()
    return entry


def record_bounces(now=None):
    """Recipients whose survey email failed for good count as bounced, and their
    addresses are suppressed (in the active tenant). Returns how many were new."""
    now = now or utcnow()
    bounced = db.session.scalars(
        select(SurveyRecipient)
        .join(OutboxMessage, OutboxMessage.id == SurveyRecipient.outbox_message_id)
        .where(OutboxMessage.status == OutboxStatus.FAILED, SurveyRecipient.bounced_at.is_(None))
    ).all()
    for recipient in bounced:
        recipient.bounced_at = now
        suppress_address(recipient.email, SuppressionReason.BOUNCED)
    return len(bounced)


def record_bounce(email, now=None):
    """A bounce reported from outside (e.g. the mail provider): suppress the address and
    mark its unanswered sends as bounced. Returns the number of recipients marked."""
    email = email.strip().lower()
    suppress_address(email, SuppressionReason.BOUNCED)
    recipients = db.session.scalars(
        select(SurveyRecipient).where(
            SurveyRecipient.email == email,
            SurveyRecipient.sent_at.is_not(None),
            SurveyRecipient.answered_at.is_(None),
            SurveyRecipient.bounced_at.is_(None),
        )
    ).all()
    for recipient in recipients:
        recipient.bounced_at = now or utcnow()
    return len(recipients)


def _due_for_reminder(now, days):
    return db.session.scalars(
        select(SurveyRecipient)
        .where(
            SurveyRecipient.sent_at <= now - timedelta(days=days),
            SurveyRecipient.answered_at.is_(None),
            SurveyRecipient.reminded_at.is_(None),
            SurveyRecipient.opted_out_at.is_(None),
            SurveyRecipient.bounced_at.is_(None),
            SurveyRecipient.expires_at > now,
        )
        .order_by(SurveyRecipient.id)
    ).all()


def send_reminders(now=None):
    """One reminder (with a fresh link; the first keeps working) to each recipient of
    the active tenant who has not answered `reminder_after_days` after the email,
    unless the address was suppressed since. Returns how many were sent."""
    now = now or utcnow()
    record_bounces(now)
    days = survey_settings().reminder_after_days
    if not days:
        return 0
    due = _due_for_reminder(now, days)
    suppressed = _suppressed_addresses({recipient.email for recipient in due})
    sent = 0
    for recipient in due:
        if recipient.email in suppressed:
            continue
        raw, recipient.reminder_token_hash = new_token()
        recipient.reminded_at = now
        _email(recipient, raw, reminder=True)
        sent += 1
    db.session.flush()
    return sent


def send_all_reminders(now=None):
    """Run send_reminders for every tenant, one transaction each; returns the total."""
    total = 0
    for tenant_id in db.session.scalars(select(Tenant.id).order_by(Tenant.id)).all():
        with scoped_to(tenant_id):
            try:
                total += send_reminders(now)
                db.session.commit()
            except Exception:
                db.session.rollback()
                raise
    return total
