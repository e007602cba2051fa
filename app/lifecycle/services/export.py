"""A tenant's full data export: one ZIP with a JSON and a CSV file per tenant table.

The tables are derived from the mapped TenantScoped classes, so a table added later
is exported without anyone listing it; a model opts out with `__export__ = False`
(derived tables such as rollups, which the export's own rows can rebuild). Columns
that hold secrets (password, token and API-token hashes, webhook secrets, TOTP or
reset secrets) never leave the database, nor do raw uploaded files (LargeBinary).

Anonymous survey answers never leave one by one: the rows a model does not show
individually (`shown_individually()`: anonymous feedback items, their theme tags, the
responses and answers of anonymous campaigns) are left out and counted in the manifest,
and `anonymous_survey_answers` holds what the campaigns' results pages show: the answers
of anonymous campaigns with at least the anonymity threshold of responses, with no id,
response or time, sorted by value (docs/surveys.md).

Memory stays bounded for tenants of any size: rows are read in batches
(`yield_per`) and written straight into a ZIP held in a SpooledTemporaryFile,
which moves to disk past a few megabytes. The export runs as a background job
(app/lifecycle/tasks.py), which reports the rows written of the rows counted first."""

import csv
import io
import json
import shutil
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time
from tempfile import SpooledTemporaryFile

from sqlalchemy import JSON, Enum, LargeBinary, func, inspect, select

from app.audit.models import AuditAction, AuditEntry
from app.audit.services import current_actor, json_value
from app.auth.models import User
from app.core.exports import safe_csv_cell
from app.core.models import utcnow
from app.extensions import db
from app.lifecycle.services.tenants import app_tenant_classes
from app.surveys.services.results import shown_anonymous_answers
from app.tenancy import scoped_to
from app.tenants.models import Membership

BATCH_SIZE = 1000
# zlib level 1: about three times faster than the default and only a little larger
# (the export's time goes mostly into compressing text).
FAST_COMPRESSION = 1
IN_MEMORY_BYTES = 8 * 1024 * 1024
# Column names that name secrets; matched as parts, so `token_hash`, `reminder_token_hash`,
# `secret`, `totp_secret` and `password_hash` are all left out.
SECRET_COLUMN_PARTS = ("hash", "token", "secret", "password", "totp", "otp_", "recovery")
# Derived tables (the feedback rollups, rebuilt from the exported items by `flask rollups
# rebuild`) are named "..._rollups"; any other model can say `__export__ = False`.
DERIVED_SUFFIX = "_rollups"
USER_COLUMNS = ("user_id", "name", "email", "role", "partner_id", "member_since")
ANONYMOUS_ANSWERS = "anonymous_survey_answers"
EXPORT_FORMAT_VERSION = 1


def is_secret_column(name):
    return any(part in name for part in SECRET_COLUMN_PARTS)


@dataclass
class TableExport:
    name: str
    columns: list
    omitted: list
    rows: int = 0
    anonymous_left_out: int | None = None  # rows not shown one by one (None: the table has none)


@dataclass
class ExportResult:
    file: SpooledTemporaryFile
    filename: str
    tables: list = field(default_factory=list)

    @property
    def row_count(self):
        return sum(table.rows for table in self.tables)


def exported_classes():
    """{table name: class} of the tenant tables in the export, by name."""
    classes = app_tenant_classes()
    return {name: cls for name, cls in sorted(classes.items()) if not is_derived(name, cls)}


def is_derived(name, cls):
    return name.endswith(DERIVED_SUFFIX) or not getattr(cls, "__export__", True)


def _columns(cls):
    """(exported column attributes, omitted column names) of a mapped class."""
    kept, omitted = [], []
    for prop in inspect(cls).column_attrs:
        column = prop.columns[0]
        if is_secret_column(prop.key) or isinstance(column.type, LargeBinary):
            omitted.append(prop.key)
        else:
            kept.append(getattr(cls, prop.key))
    return kept, omitted


def _isoformat(value):
    return None if value is None else value.isoformat()


def _csv_flag(value):
    return "" if value is None else ("true" if value else "false")


def _csv_json(value):
    return "" if value is None else json.dumps(value, ensure_ascii=False)


def _converters(sql_type):
    """(to JSON, to CSV) for values of one column type, None meaning "as it is"; chosen
    once per column, as calling a generic converter per value dominated the export time."""
    try:
        python_type = sql_type.python_type
    except NotImplementedError:
        python_type = object
    if isinstance(sql_type, JSON):
        return None, _csv_json
    if isinstance(sql_type, Enum) and issubclass(python_type, str):
        return None, None  # StrEnum members are their string values
    if issubclass(python_type, datetime | date | time):
        return _isoformat, _isoformat
    if python_type is bool:
        return None, _csv_flag
    if python_type is str:
        return None, safe_csv_cell
    if python_type in (int, float):
        return None, None
    return json_value, lambda value: safe_csv_cell(json_value(value))


def _apply(converters, values):
    return [value if convert is None else convert(value) for convert, value in zip(converters, values, strict=True)]


class RowCounter:
    """Rows written of the rows counted before writing, reported to `report(done, total)`
    every BATCH_SIZE rows (the job's progress bar)."""

    def __init__(self, report=None, total=None):
        self.report, self.total, self.done = report, total, 0

    def add(self, rows):
        self.done += rows
        if self.report is not None:
            self.report(self.done, self.total)


def _write_rows(archive, name, headers, statement, counter):
    """Stream the statement's rows into json/<name>.json, and into a spooled CSV file that
    is copied to csv/<name>.csv at the end (a ZIP takes one open entry at a time)."""
    rows = 0
    with SpooledTemporaryFile(max_size=IN_MEMORY_BYTES) as csv_buffer:
        csv_text = io.TextIOWrapper(csv_buffer, encoding="utf-8", newline="")
        writer = csv.writer(csv_text)
        writer.writerow(headers)
        entry = archive.open(f"json/{name}.json", "w", force_zip64=True)
        with io.TextIOWrapper(entry, encoding="utf-8") as json_text:
            json_text.write("[")
            to_json, to_csv = zip(*(_converters(column.type) for column in statement.selected_columns), strict=True)
            for row in db.session.execute(statement.execution_options(yield_per=BATCH_SIZE)):
                document = dict(zip(headers, _apply(to_json, row), strict=True))
                json_text.write(("\n" if rows == 0 else ",\n") + json.dumps(document, ensure_ascii=False))
                writer.writerow(_apply(to_csv, row))
                rows += 1
                if rows % BATCH_SIZE == 0:
                    counter.add(BATCH_SIZE)
            json_text.write("\n]\n")
        csv_text.flush()
        csv_buffer.seek(0)
        with archive.open(f"csv/{name}.csv", "w", force_zip64=True) as csv_entry:
            shutil.copyfileobj(csv_buffer, csv_entry)
        csv_text.detach()
    counter.add(rows % BATCH_SIZE)
    return rows


def _table_part(name, cls, tenant_id):
    """(TableExport, statement) of one tenant table."""
    columns, omitted = _columns(cls)
    primary_key = inspect(cls).primary_key
    # The scoping listener adds the same tenant criteria; stated here too for the reader.
    statement = select(*columns).where(cls.tenant_id == tenant_id).order_by(*primary_key)
    table = TableExport(name, [column.key for column in columns], omitted)
    if hasattr(cls, "shown_individually"):
        statement = statement.where(cls.shown_individually())
        table.anonymous_left_out = db.session.scalar(
            select(func.count()).select_from(cls).where(cls.tenant_id == tenant_id, ~cls.shown_individually()))
    return table, statement


def _anonymous_answers_part():
    statement = shown_anonymous_answers()
    return TableExport(ANONYMOUS_ANSWERS, [column.key for column in statement.selected_columns], []), statement


def _users_part(tenant_id):
    """The tenant's people: name, email and role only (never password hashes or logins)."""
    statement = (
        select(Membership.user_id, User.name, User.email, Membership.role, Membership.partner_id,
               Membership.created_at)
        .join(User, User.id == Membership.user_id)
        .where(Membership.tenant_id == tenant_id)
        .order_by(Membership.id)
    )
    return TableExport("users", list(USER_COLUMNS), ["password_hash", "last_login_at"]), statement


def _plan(tenant_id):
    """(TableExport, statement) of every table of the export, in the archive's order."""
    tables = [_table_part(name, cls, tenant_id) for name, cls in exported_classes().items()]
    return [_users_part(tenant_id), *tables, _anonymous_answers_part()]


def _count(statement):
    return db.session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))


def _tenant_document(tenant):
    return {"id": tenant.id, "name": tenant.name, "slug": tenant.slug,
            "roadmap_public": tenant.roadmap_public, "created_at": json_value(tenant.created_at)}


def _manifest(tenant, tables, exported_at):
    return {
        "format_version": EXPORT_FORMAT_VERSION,
        "tenant": _tenant_document(tenant),
        "exported_at": json_value(exported_at),
        "exported_by": current_actor().label,
        "files": "json/<table>.json (an array of objects) and csv/<table>.csv (a header row) per table",
        "tables": {t.name: _table_document(t) for t in tables},
    }


def _table_document(table):
    document = {"rows": table.rows, "columns": table.columns, "omitted_columns": table.omitted}
    if table.anonymous_left_out is not None:
        document["anonymous_rows_left_out"] = table.anonymous_left_out
    return document


def _write_json(archive, name, document):
    archive.writestr(name, json.dumps(document, ensure_ascii=False, indent=2))


def _write_archive(file, tenant, exported_at, report):
    with scoped_to(tenant.id):
        plan = _plan(tenant.id)
        # Counted first only for a progress report: a count per table, cheap beside the writing.
        counter = RowCounter(report, sum(_count(statement) for _, statement in plan) if report else None)
        if report is not None:
            report(0, counter.total)
        with zipfile.ZipFile(file, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=FAST_COMPRESSION) as archive:
            _write_json(archive, "tenant.json", _tenant_document(tenant))
            for table, statement in plan:
                table.rows = _write_rows(archive, table.name, table.columns, statement, counter)
            tables = [table for table, _ in plan]
            _write_json(archive, "manifest.json", _manifest(tenant, tables, exported_at))
    return tables


def build_export(tenant, report=None):
    """Write the tenant's data into a ZIP (a spooled temporary file, rewound) and return it.
    `report(rows done, rows in all)` is called as rows are written (every BATCH_SIZE rows).

    The caller stores or sends the file, closes it, and records the export (`record_export`)."""
    exported_at = utcnow()
    # Returned open, for the caller to store and close; closed here only on failure.
    spooled = SpooledTemporaryFile(max_size=IN_MEMORY_BYTES)  # noqa: SIM115
    try:
        tables = _write_archive(spooled, tenant, exported_at, report)
    except BaseException:
        spooled.close()
        raise
    spooled.seek(0)
    filename = f"{tenant.slug}-export-{exported_at:%Y%m%d-%H%M%S}.zip"
    return ExportResult(spooled, filename, tables)


def record_export(tenant, export):
    """An audit-log entry for a download of a stored export (app/lifecycle/models.py): who
    downloaded how many rows of which tables. (The log records row changes; a download is
    recorded as a created `data_export`.)"""
    actor = current_actor()
    with scoped_to(tenant.id):
        db.session.add(AuditEntry(
            tenant_id=tenant.id, actor_id=actor.user_id, actor_label=actor.label[:254], object_type="data_export",
            object_id=tenant.id, object_label=export.filename[:200], action=AuditAction.CREATED,
            changes={"tables": {"old": None, "new": export.tables},
                     "rows": {"old": None, "new": export.rows}},
        ))
        db.session.flush()
