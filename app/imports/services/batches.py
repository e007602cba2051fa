"""CSV imports of feedback: store the upload in its batch, map its columns, preview the
first rows, then import every row in bulk (one transaction) and record the rejects.

Rows become items through feedback_values (the checks, dedupe key and analysis of
build_feedback, without an ORM object per row), written by import_writer.ItemWriter (COPY
and large INSERT ... SELECT moves on PostgreSQL, in a helper thread that overlaps the
analysis; one executemany per chunk on SQLite); stored duplicates are skipped by ON CONFLICT."""

import logging
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from itertools import islice

from sqlalchemy import delete, insert, select

from app.analysis.services.labels import known_analyses
from app.analysis.services.themes import tag_imported_items
from app.core.errors import ServiceError
from app.core.models import utcnow
from app.extensions import db
from app.feedback.models import FeedbackItem, Source
from app.feedback.services import content_hash, feedback_values
from app.imports.models import DateFormat, ImportBatch, ImportRowError, ImportStatus
from app.imports.services.files import (
    ImportFileError,
    batch_rows,
    check_header_size,
    decode,
    detect_delimiter,
    header_and_rows,
    looks_binary,
)
from app.imports.services.rows import (
    FIELD_NAMES,
    SCORE_FIELDS,
    References,
    RowError,
    RowReader,
    guess_mapping,
)
from app.imports.services.sentiment import scored_ahead
from app.imports.services.writer import ItemWriter, pipelined
from app.jobs.services.runner import JobCancelled
from app.tenancy import active_scope

log = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # the app-wide request limit is raised to this on the upload route only
PREVIEW_ROWS = 20
PREVIEW_SCAN_ROWS = 1000  # the preview checks this many rows; the import checks all
CHUNK_SIZE = 2000  # rows per analysis step and COPY (or executemany INSERT)
UNDATED = datetime(1970, 1, 1)  # content-hash date of rows without one, so re-imports still match
# ServiceError fields of feedback_values -> the import field whose cell caused it.
SERVICE_FIELDS = {"partner_id": "partner", "program_element_id": "program_element", "category_id": "category"}


# --- uploading and mapping ------------------------------------------------------------------


def _display_filename(filename):
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(ch for ch in name if ch.isprintable())[:255] or "upload.csv"


def store_upload(filename, content, encoding, created_by=None):
    """Check that `content` is a readable CSV with a header and rows; store it in a new batch."""
    if not content.strip():
        raise ImportFileError("The file is empty.", field="file")
    if looks_binary(content):
        raise ImportFileError("This is not a CSV text file (an Excel workbook?). Save it as CSV first.",
                              field="file")
    text, codec = decode(content, encoding)
    delimiter = detect_delimiter(text)
    check_header_size(text, delimiter)
    header, rows = header_and_rows(text, delimiter)
    if next(rows, None) is None:
        raise ImportFileError("The file has a header line but no rows to import.", field="file")
    columns = [cell.strip() or f"Column {index}" for index, cell in enumerate(header, start=1)]
    batch = ImportBatch(
        filename=_display_filename(filename), content=content, size_bytes=len(content), encoding=codec,
        delimiter=delimiter, columns=columns, mapping=guess_mapping(columns), created_by=created_by,
    )
    db.session.add(batch)
    return batch


def save_mapping(batch, mapping, default_source, date_format):
    """Set which column feeds which field ({field: column index or None}) and the defaults."""
    _check_can_run(batch)
    chosen = {name: index for name, index in mapping.items() if name in FIELD_NAMES and index is not None}
    if any(not 0 <= index < len(batch.columns) for index in chosen.values()):
        raise ServiceError("Choose columns of this file.")
    used = {}
    for name, index in chosen.items():
        if index in used:
            raise ServiceError(f"“{batch.columns[index]}” is mapped to two fields ({used[index]}, {name}).",
                               field=name)
        used[index] = name
    _check_content_mapped(chosen)
    batch.mapping = chosen
    batch.default_source = Source(default_source)
    batch.date_format = DateFormat(date_format)


def _check_content_mapped(mapping):
    if "text" not in mapping and not any(name in mapping for name in SCORE_FIELDS):
        raise ServiceError("Map the text column or at least one score column.", field="text")


def _check_can_run(batch):
    if batch.status == ImportStatus.IMPORTED:
        raise ServiceError("This file is imported already; upload it again to import it anew.")


def check_can_import(batch):
    """Refuse (ServiceError) an import that cannot run: done already, running, or no text column."""
    _check_can_run(batch)
    if batch.is_running:
        raise ServiceError("This file is being imported already: its page shows the progress.")
    _check_content_mapped(batch.mapping)


# --- checking rows --------------------------------------------------------------------------


def _fit_width(row, width):
    if len(row) == width:
        return row
    if len(row) > width and not any(cell.strip() for cell in row[width:]):
        return row[:width]  # trailing empty cells (a common export habit) are harmless
    raise RowError(f"The row has {len(row)} cells; the header has {width}.")


def _import_key(values, data):
    """External id key, else a content hash -- for every channel, and stable for undated rows."""
    if data.external_id or (values["dedupe_key"] and data.given_at):
        return values["dedupe_key"]  # feedback_values' own key: external id, or this very hash
    return content_hash(values["source"], values["channel"], values["partner_id"], values["text"],
                        data.given_at or UNDATED, values["nps"], values["csat"], values["rating"])


def _row_values(reader, row, width):
    """The column values of one row's new item (raises RowError)."""
    cells = reader.cells(_fit_width(row, width))
    data = reader.feedback_input(cells)
    try:
        values = feedback_values(data, known=reader.references.known)
    except ServiceError as error:
        name = SERVICE_FIELDS.get(error.field, error.field or "")
        raise RowError(error.message, name, cells.get(name, "")) from None
    values["dedupe_key"] = _import_key(values, data)
    return values


@dataclass(slots=True)
class CheckedRow:
    line: int
    values: dict | None = None
    error: RowError | None = None
    duplicate: bool = False


def _checked_row(reader, line, row, width):
    try:
        return CheckedRow(line, values=_row_values(reader, row, width))
    except RowError as error:
        return CheckedRow(line, error=error)


def _row_reader(batch, references):
    return RowReader(batch.mapping, references, batch.default_source, batch.date_format)


def _checked_rows(batch, rows, references):
    reader, width = _row_reader(batch, references), len(batch.columns)
    for line, row in rows:
        yield _checked_row(reader, line, row, width)


def _texts_to_score(mapping):
    """chunk -> the distinct (non-empty text, declared language) pairs of its rows, as
    labels.item_analysis will look them up (rows.py: a row's language, else "en")."""
    index, language_index = mapping.get("text"), mapping.get("language")

    def language_of(row):
        cell = row[language_index] if language_index is not None and language_index < len(row) else ""
        return (cell.strip().lower() or "en")[:16]

    def texts_of(chunk):
        if index is None:
            return []
        return list(dict.fromkeys((text, language_of(row)) for _, row in chunk
                                  if index < len(row) and (text := row[index].strip())))

    return texts_of


def _checked_chunks(batch, references):
    """The file's rows checked in chunks of CHUNK_SIZE; each chunk's texts are scored one
    chunk ahead by the sentiment worker process (import_sentiment)."""
    reader, width, rows = _row_reader(batch, references), len(batch.columns), batch_rows(batch)
    raw_chunks = iter(lambda: list(islice(rows, CHUNK_SIZE)), [])
    for chunk, analyses in scored_ahead(raw_chunks, _texts_to_score(batch.mapping)):
        with known_analyses(analyses):
            checked = [_checked_row(reader, line, row, width) for line, row in chunk]
        yield checked


def _existing_keys(keys):
    """Which of `keys` the active tenant has stored already (one query)."""
    if not keys:
        return set()
    return set(db.session.scalars(select(FeedbackItem.dedupe_key).where(FeedbackItem.dedupe_key.in_(keys))))


def _mark_duplicates(checked, seen):
    """Flag rows whose key is stored already or came earlier in the file; `seen` grows."""
    good = [row for row in checked if row.values is not None]
    stored = _existing_keys([row.values["dedupe_key"] for row in good])
    for row in good:
        key = row.values["dedupe_key"]
        row.duplicate = key in stored or key in seen
        seen.add(key)


# --- preview --------------------------------------------------------------------------------


@dataclass
class Preview:
    rows: list  # the first PREVIEW_ROWS CheckedRows
    errors: list  # CheckedRows with an error among the scanned ones
    scanned: int
    complete: bool  # the scan reached the end of the file
    names: dict  # {"partner_id": {id: name}, "program_element_id": ..., "category_id": ...} for display


def preview(batch):
    """The first rows as they would be imported, and the errors in the first PREVIEW_SCAN_ROWS."""
    references = References()
    checked = list(islice(_checked_rows(batch, batch_rows(batch), references), PREVIEW_SCAN_ROWS + 1))
    complete = len(checked) <= PREVIEW_SCAN_ROWS
    checked = checked[:PREVIEW_SCAN_ROWS]
    _mark_duplicates(checked, set())
    errors = [row for row in checked if row.error is not None]
    names = {"partner_id": {p.id: p.name for p in references.partners},
             "program_element_id": {e.id: e.name for e in references.elements},
             "category_id": {c.id: c.name for c in references.categories}}
    return Preview(checked[:PREVIEW_ROWS], errors, len(checked), complete, names)


# --- import ---------------------------------------------------------------------------------


@dataclass
class Outcome:
    imported: int = 0
    duplicates: int = 0
    errors: list = field(default_factory=list)  # CheckedRows


def _insert_new_items(rows, writer):
    """Hand the chunk's rows to `writer`; on PostgreSQL they may reach the table later."""
    writer.add([row.values for row in rows])


def _first_in_file(rows, seen):
    """The rows whose key did not come earlier in the file; `seen` grows."""
    first = []
    for row in rows:
        key = row.values["dedupe_key"]
        if key not in seen:
            seen.add(key)
            first.append(row)
    return first


def _record_written(outcome, writer):
    """Count and tag the rows that reached feedback_items since the last call."""
    written = writer.written()
    if written.rows:
        outcome.imported += written.new
        outcome.duplicates += len(written.rows) - written.new
        tag_imported_items(written.rows)


def _import_chunk(chunk, *, outcome, seen, insert_now, writer):
    outcome.errors.extend(row for row in chunk if row.error is not None)
    good = [row for row in chunk if row.values is not None]
    fresh = _first_in_file(good, seen)
    outcome.duplicates += len(good) - len(fresh)
    if not fresh:
        return
    if insert_now():
        _insert_new_items(fresh, writer)
        _record_written(outcome, writer)
    else:  # all-or-nothing after a bad row: nothing more is inserted, but the counts stay right
        outcome.duplicates += len(_existing_keys([row.values["dedupe_key"] for row in fresh]))


def _finish_writes(outcome, writer):
    writer.flush()
    _record_written(outcome, writer)


def _reported(chunks, progress):
    """The chunks, telling `progress(rows read so far)` before each (a job's progress bar)."""
    done = 0
    for chunk in chunks:
        progress(done)
        done += len(chunk)
        yield chunk
    progress(done)


def _import_rows(batch, all_or_nothing, progress=None):
    outcome, seen = Outcome(), set()
    writer = ItemWriter(active_scope().tenant_id, utcnow())
    chunks = _checked_chunks(batch, References())
    if progress is not None:
        chunks = _reported(chunks, progress)
    # All-or-nothing: once a row is bad nothing will be kept, so stop inserting (but keep checking).
    insert_now = (lambda: not outcome.errors) if all_or_nothing else (lambda: True)
    write = partial(_import_chunk, outcome=outcome, seen=seen, insert_now=insert_now, writer=writer)
    if writer.postgresql:
        pipelined(chunks, write, finish=partial(_finish_writes, outcome, writer))
    else:  # SQLite connections belong to the thread that opened them
        for chunk in chunks:
            write(chunk)
        _finish_writes(outcome, writer)
    return outcome


def _store_errors(batch, errors):
    db.session.execute(delete(ImportRowError).where(ImportRowError.batch_id == batch.id))
    if errors:
        db.session.execute(insert(ImportRowError), [
            {"tenant_id": batch.tenant_id, "batch_id": batch.id, "line": row.line, "field": row.error.field,
             "value": row.error.value[:200], "message": row.error.message[:300]}
            for row in errors
        ])


def _finish(batch, status, all_or_nothing, imported=0, duplicates=0, errors=(), failure=""):
    batch.status, batch.all_or_nothing = status, all_or_nothing
    batch.imported_count, batch.duplicate_count, batch.rejected_count = imported, duplicates, len(errors)
    batch.failure, batch.finished_at = failure, utcnow()
    _store_errors(batch, errors)
    db.session.commit()


def _failure_message(batch_id, error):
    if isinstance(error, ImportFileError):
        return error.message + " Nothing was imported."
    log.error("Import of batch %s failed", batch_id, exc_info=error)
    return "The import broke off unexpectedly. Nothing was imported."


def run_import(batch, all_or_nothing, progress=None):
    """Import every good row of `batch` in one transaction (commits). With `all_or_nothing`,
    one bad row keeps all rows out. A failure part-way leaves nothing imported, and so does
    a cancel (`progress(rows)`, called per chunk, raises JobCancelled; it is re-raised)."""
    _check_can_run(batch)
    _check_content_mapped(batch.mapping)
    batch_id = batch.id
    try:
        outcome = _import_rows(batch, all_or_nothing, progress)
    except JobCancelled:
        db.session.rollback()
        _finish(batch, ImportStatus.FAILED, all_or_nothing, failure="Cancelled: nothing was imported.")
        raise
    except Exception as error:  # noqa: BLE001 -- any failure must leave nothing behind
        db.session.rollback()
        failure = _failure_message(batch_id, error)
        _finish(batch, ImportStatus.FAILED, all_or_nothing, failure=failure)
        return batch
    if all_or_nothing and outcome.errors:
        db.session.rollback()
        _finish(batch, ImportStatus.REJECTED, all_or_nothing, duplicates=outcome.duplicates, errors=outcome.errors)
    else:
        _finish(batch, ImportStatus.IMPORTED, all_or_nothing, outcome.imported, outcome.duplicates, outcome.errors)
    return batch
