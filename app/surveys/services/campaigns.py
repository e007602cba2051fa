"""Customer survey campaigns: create one for a partner, add its customer contacts
(one by one or from a CSV file), list them. Sending lives in survey_sending.py.

A partner admin works on their own partner's campaigns only (their scope finds no
other); vendor staff create campaigns on any partner's behalf."""

import csv
import io
from dataclasses import dataclass, field

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.core.errors import ServiceError
from app.core.validation import single_line_problem
from app.extensions import db
from app.feedback.models import CustomerContact
from app.mail.message import check_recipient
from app.partners.models import Partner, PartnerStatus
from app.surveys.models import CampaignKind, SkipReason, SurveyAudience, SurveyCampaign, SurveyRecipient
from app.surveys.services.builder import sendable_surveys

MAX_NAME_LENGTH = 120
MAX_CSV_ROWS = 5_000
CSV_COLUMNS = ("email", "name", "company")


def list_campaigns(kind=None):
    """The campaigns the active scope may see, newest first."""
    statement = select(SurveyCampaign).options(
        selectinload(SurveyCampaign.survey), selectinload(SurveyCampaign.partner)
    )
    if kind is not None:
        statement = statement.where(SurveyCampaign.kind == CampaignKind(kind))
    return db.session.scalars(
        statement.order_by(SurveyCampaign.created_at.desc(), SurveyCampaign.id.desc())
    ).all()


def sendable_survey(survey_id, audience):
    """A current survey of the tenant for `audience`, with questions, or a ServiceError."""
    survey = next((s for s in sendable_surveys(audience) if s.id == survey_id), None)
    if survey is None:
        raise ServiceError("Choose one of the surveys.", field="survey_id")
    return survey


def _campaign_partner(partner_id):
    partner = db.session.scalars(select(Partner).where(Partner.id == partner_id)).first()
    if partner is None:
        raise ServiceError("Choose the partner the campaign is for.", field="partner_id")
    if partner.status == PartnerStatus.SUSPENDED:
        raise ServiceError("This partner is suspended; it cannot send surveys.", field="partner_id")
    return partner


def create_customer_campaign(author, survey_id, partner_id, name=""):
    """A draft campaign of `partner_id` (found in the active scope, so a partner user
    can only name their own partner) sending a customer survey."""
    survey = sendable_survey(survey_id, SurveyAudience.CUSTOMER)
    partner = _campaign_partner(partner_id)
    name = (name or "").strip() or survey.title
    if len(name) > 200:
        raise ServiceError("Keep the name under 200 characters.", field="name")
    campaign = SurveyCampaign(
        kind=CampaignKind.CUSTOMER,
        survey=survey,
        partner=partner,
        name=name,
        created_by_id=author.id if author else None,
    )
    db.session.add(campaign)
    db.session.flush()
    return campaign


def normalise_address(raw):
    """A lower-cased, valid, single email address, or ServiceError(field="email")."""
    raw = (raw or "").strip()
    try:
        address = validate_email(raw, check_deliverability=False).normalized.lower()
        check_recipient(address)  # what the outbox will insist on
    except (EmailNotValidError, ValueError) as error:
        raise ServiceError("Enter a valid email address.", field="email") from error
    if len(address) > 254:
        raise ServiceError("Enter a valid email address.", field="email")
    return address


def _clean_label(value, field_name):
    value = (value or "").strip()
    if len(value) > MAX_NAME_LENGTH:
        raise ServiceError(f"Keep the {field_name} under {MAX_NAME_LENGTH} characters.", field=field_name)
    if single_line_problem(value):
        raise ServiceError(f"Remove control characters from the {field_name}.", field=field_name)
    return value


@dataclass(frozen=True)
class ContactRow:
    email: str
    name: str = ""
    company: str = ""


def clean_contact(email, name="", company=""):
    """A validated ContactRow, or ServiceError naming the field at fault."""
    return ContactRow(normalise_address(email), _clean_label(name, "name"), _clean_label(company, "company"))


def _ensure_customer_campaign(campaign):
    if campaign.kind != CampaignKind.CUSTOMER:
        raise ServiceError("Contacts are added to customer campaigns only.")


def _emails_in_campaign(campaign, emails):
    found = set()
    emails = list(emails)
    for start in range(0, len(emails), 500):
        chunk = emails[start : start + 500]
        found.update(
            db.session.scalars(
                select(SurveyRecipient.email).where(
                    SurveyRecipient.campaign_id == campaign.id, SurveyRecipient.email.in_(chunk)
                )
            )
        )
    return found


def _contacts_by_email(partner, emails):
    contacts = {}
    emails = list(emails)
    for start in range(0, len(emails), 500):
        chunk = emails[start : start + 500]
        contacts.update(
            (c.email, c)
            for c in db.session.scalars(
                select(CustomerContact).where(
                    CustomerContact.partner_id == partner.id, CustomerContact.email.in_(chunk)
                )
            )
        )
    return contacts


def _contact_for(row, partner, contacts):
    contact = contacts.get(row.email)
    if contact is None:
        contact = CustomerContact(partner_id=partner.id, email=row.email, name=row.name, company=row.company)
        db.session.add(contact)
        contacts[row.email] = contact
    else:  # newer details win; blanks never erase what is known
        contact.name = row.name or contact.name
        contact.company = row.company or contact.company
    return contact


def add_recipients(campaign, rows):
    """Add ContactRows to a customer campaign; returns (added, already_present).
    Addresses already in the campaign (or repeated in `rows`) are left as they are."""
    _ensure_customer_campaign(campaign)
    emails = {row.email for row in rows}
    present = _emails_in_campaign(campaign, emails)
    contacts = _contacts_by_email(campaign.partner, emails - present)
    added = 0
    for row in rows:
        if row.email in present:
            continue
        present.add(row.email)
        contact = _contact_for(row, campaign.partner, contacts)
        db.session.add(
            SurveyRecipient(
                campaign=campaign,
                partner_id=campaign.partner_id,
                contact=contact,
                email=row.email,
                name=row.name or contact.name,
            )
        )
        added += 1
    db.session.flush()
    return added, len(rows) - added


def add_contact(campaign, email, name="", company=""):
    """Add one customer contact; ServiceError if the address is invalid or already in the campaign."""
    row = clean_contact(email, name, company)
    added, _ = add_recipients(campaign, [row])
    if not added:
        raise ServiceError("This address is already in the campaign.", field="email")
    return row


class CsvImportError(ServiceError):
    """No row of the file could be added; `errors` lists why, row by row."""

    def __init__(self, errors):
        super().__init__(
            "No contact could be added: fix these rows and upload the file again.", field="file"
        )
        self.errors = errors


@dataclass
class ImportResult:
    added: int = 0
    already_present: int = 0
    errors: list = field(default_factory=list)


def _decode(raw):
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ServiceError("Save the file as CSV with UTF-8 encoding.", field="file") from error


def _header_map(fieldnames):
    columns = {(name or "").strip().lower(): name for name in fieldnames or []}
    if "email" not in columns:
        raise ServiceError("The first row must name the columns: email, name, company.", field="file")
    return {column: columns.get(column) for column in CSV_COLUMNS}


def _row_value(row, header):
    value = row.get(header) if header else ""
    return value if isinstance(value, str) else ""


def _parse_rows(reader, headers):
    rows, errors = [], []
    for row in reader:
        values = {column: _row_value(row, header) for column, header in headers.items()}
        if not any(value.strip() for value in values.values()):
            continue  # blank lines are not errors
        if len(rows) + len(errors) >= MAX_CSV_ROWS:
            raise ServiceError(f"Upload at most {MAX_CSV_ROWS:,} contacts at a time.", field="file")
        try:
            rows.append(clean_contact(values["email"], values["name"], values["company"]))
        except ServiceError as error:
            shown = values["email"].strip()[:80] or "(no email)"
            errors.append(f"Row {reader.line_num}: {shown}: {error.message}")
    return rows, errors


def read_contacts_csv(raw):
    """(ContactRows, errors) of a CSV file with columns email, name, company (header
    row first; name and company may be missing): the good rows, and one message per
    bad row. Raises CsvImportError when no row is good, ServiceError when the file
    itself is unreadable."""
    reader = csv.DictReader(io.StringIO(_decode(raw), newline=""))
    try:
        headers = _header_map(reader.fieldnames)
        rows, errors = _parse_rows(reader, headers)
    except csv.Error as error:
        raise ServiceError(
            f"The file is not valid CSV (line {reader.line_num}): {error}.", field="file"
        ) from error
    if not rows and errors:
        raise CsvImportError(errors)
    if not rows:
        raise ServiceError("The file has no contacts.", field="file")
    return rows, errors


def import_contacts_csv(campaign, raw):
    """Add the good rows of a CSV file; the bad ones come back in `errors`, one message
    per row, as feedback imports report them (CsvImportError when no row is good)."""
    _ensure_customer_campaign(campaign)
    rows, errors = read_contacts_csv(raw)
    added, already_present = add_recipients(campaign, rows)
    return ImportResult(added=added, already_present=already_present, errors=errors)


def campaign_recipients(campaign, page=1, per_page=50):
    statement = (
        select(SurveyRecipient).where(SurveyRecipient.campaign_id == campaign.id).order_by(SurveyRecipient.id)
    )
    return db.paginate(statement, page=page, per_page=per_page, error_out=False)


SKIP_REASON_LABELS = {SkipReason.SURVEYED_RECENTLY: "surveyed recently", SkipReason.SUPPRESSED: "opted out or bounced"}
# What a partner user reads for a recipient that was emailed, whose link expired, or
# that the contact protection skipped: the three must look alike to them.
NO_ANSWER = "no answer"


def recipient_status(recipient, staff):
    """The status of one recipient as a viewer may read it ("answered", "not sent" ...).

    Staff read why an address was skipped ("skipped: surveyed recently"). A partner user
    never learns which of their addresses the tenant-wide contact protection held back:
    that would tell them that another partner surveyed it recently, or that it opted
    out or bounced. For them a skipped, an emailed and an expired recipient alike read
    "no answer" (nor do they see who was reminded, which only emailed recipients are);
    the campaign shows how many were skipped, as a count only."""
    status = recipient.status
    if not staff:
        return NO_ANSWER if status in ("skipped", "sent", "expired") else status
    if status == "skipped":
        return f"skipped: {SKIP_REASON_LABELS[recipient.skip_reason]}"
    return f"{status} · reminded" if recipient.reminded_at and not recipient.answered_at else status


def pending_count(campaign):
    return db.session.scalar(
        select(func.count())
        .select_from(SurveyRecipient)
        .where(
            SurveyRecipient.campaign_id == campaign.id,
            SurveyRecipient.sent_at.is_(None),
            SurveyRecipient.skip_reason.is_(None),
        )
    )


def remove_recipient(recipient):
    """Take a contact out of a campaign before it is sent to them."""
    if recipient.sent_at is not None or recipient.skip_reason is not None:
        raise ServiceError(
            "The survey was already sent (or skipped) for this contact; it stays in the campaign."
        )
    db.session.delete(recipient)
