"""Writing an import's new feedback items, in file order, inside the import's transaction.

PostgreSQL: each chunk is COPied into a temporary staging table (COPY into feedback_items
itself is refused under row-level security and would stop at the first stored duplicate),
and the staged rows move into feedback_items with one INSERT ... SELECT ... ON CONFLICT DO
NOTHING per FLUSH_ROWS rows. The rollup triggers run once per statement and upsert each
rollup key the statement touches: a statement of 2,000 rows touches almost as many keys as
rows, one of 25,000 far fewer per row, so large moves cost the server about half as much.
SQLite: one executemany of INSERT ... ON CONFLICT DO NOTHING per chunk.

The constant columns (tenant, status, import time) are added here, not per row: every
referenced id was looked up in the active tenant's scope (References), and tenant_id is
the active scope's, so these writes can bypass the session's flush-time tenant stamping."""

import contextvars
import threading
from collections import deque
from concurrent import futures
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from operator import itemgetter

from app.extensions import db
from app.feedback.models import FeedbackItem, FeedbackStatus

FLUSH_ROWS = 20_000  # staged rows per move into feedback_items (PostgreSQL)
# Duplicates of stored items are skipped by the database (ON CONFLICT on the tenant's unique
# dedupe key) rather than looked up per chunk first: a look-up would also scan the rows this
# import has just added, which PostgreSQL's statistics do not know about yet (quadratic time).
CONFLICT_TARGET = "tenant_id, dedupe_key"
STAGING = "import_staging"

MAX_QUEUED_CHUNKS = 10  # analysed chunks waiting for the writer thread (PostgreSQL)


@dataclass
class Written:
    """Rows handed to the database since the last report, and how many of them were new."""

    rows: list = field(default_factory=list)  # their column values (PostgreSQL: dedupe key and text)
    new: int = 0


class ItemWriter:
    """Inserts rows (column values from feedback_values) whose dedupe key the tenant has not
    stored yet. `add` may defer the insert; `written` reports what is in the table now."""

    def __init__(self, tenant_id, now):
        self.constants = {"tenant_id": tenant_id, "status": FeedbackStatus.NEW, "recorded_at": now}
        self.postgresql = db.session.get_bind().dialect.name == "postgresql"
        self.flush_rows = FLUSH_ROWS  # read here, so tests can make it small
        self.columns = None
        self.staged = []  # PostgreSQL: dedupe key and text (what tagging reads) of the staged rows
        self.done = Written()

    def add(self, rows):
        if self.columns is None:
            self.columns = list(rows[0])
        if self.postgresql:
            self._copy(rows)
            # Only what theme tagging reads is kept until the move: 20,000 full rows held ~35 MB.
            self.staged.extend({"dedupe_key": row["dedupe_key"], "text": row["text"]} for row in rows)
            if len(self.staged) >= self.flush_rows:
                self.flush()
        else:
            self.done.new += _executemany(self.columns, rows, self.constants)
            self.done.rows.extend(rows)

    def flush(self):
        """Move every staged row into feedback_items (PostgreSQL; a no-op on SQLite)."""
        if not self.staged:
            return
        self.done.new += _move_staged(self.columns, self.constants)
        self.done.rows.extend(self.staged)
        self.staged = []

    def written(self):
        """What reached feedback_items since the last call (rows, how many were new)."""
        done, self.done = self.done, Written()
        return done

    def _copy(self, rows):
        connection = db.session.connection()
        columns = ", ".join(self.columns)
        connection.exec_driver_sql(f"CREATE TEMP TABLE IF NOT EXISTS {STAGING} ON COMMIT DROP AS "
                                   f"SELECT {columns} FROM {FeedbackItem.__tablename__} WITH NO DATA")
        # The enum values are StrEnums: psycopg writes them as their string values. (One CSV
        # text from the csv module per chunk instead of write_row measured slower.)
        values_of = itemgetter(*self.columns)
        raw = connection.connection.driver_connection
        with raw.cursor() as cursor, cursor.copy(f"COPY {STAGING} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(values_of(row))


def _move_staged(columns, constants):
    connection = db.session.connection()
    names = ", ".join(columns)
    placeholders = ", ".join(f"%({name})s" for name in constants)
    moved = connection.exec_driver_sql(
        f"INSERT INTO {FeedbackItem.__tablename__} ({names}, {', '.join(constants)}) "
        f"SELECT {names}, {placeholders} FROM {STAGING} ON CONFLICT ({CONFLICT_TARGET}) DO NOTHING",
        constants,
    ).rowcount
    connection.exec_driver_sql(f"TRUNCATE {STAGING}")
    return moved


def _executemany(columns, rows, constants):
    """SQLite: one executemany on the driver's cursor, in the session's transaction; returns
    how many rows were new. Values go through the columns' own bind processors (enums,
    datetimes), so they are stored exactly as the ORM stores them -- without SQLAlchemy's
    per-row statement work, which costs more than SQLite's insert."""
    table = FeedbackItem.__table__
    dialect = db.session.get_bind().dialect
    names = [*columns, *constants]
    processors = [table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names]
    converted = [(index, process) for index, process in enumerate(processors) if process]
    fixed, values_of = tuple(constants.values()), itemgetter(*columns)
    parameters = []
    for row in rows:
        values = [*values_of(row), *fixed]
        for index, process in converted:
            if values[index] is not None:
                values[index] = process(values[index])
        parameters.append(values)
    statement = (f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))}) "
                 f"ON CONFLICT ({CONFLICT_TARGET}) DO NOTHING")
    cursor = db.session.connection().connection.driver_connection.cursor()
    try:
        cursor.executemany(statement, parameters)
        return cursor.rowcount  # the rows inserted, summed over the executemany
    finally:
        cursor.close()


def pipelined(chunks, write, finish):
    """write(chunk) for every chunk, in order, then finish(), in one helper thread, while
    this thread checks and analyses the next chunks (pure Python: the references were
    loaded before). The database's work overlaps the analysis, so on two cores an import
    takes about the longer of the two rather than their sum. Up to MAX_QUEUED_CHUNKS wait
    for the helper, so a long move of staged rows does not stall the analysis. Only the
    helper uses the session meanwhile; after a failed write it runs nothing more, and every
    write finishes before anything is rolled back."""
    context = contextvars.copy_context()  # the app context (so the same session) and the tenant scope
    failed = threading.Event()

    def guarded(step, *args):
        if failed.is_set():
            return
        try:
            context.run(step, *args)
        except BaseException:
            failed.set()
            raise

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="import-writer") as writer:
        pending = deque()
        try:
            for chunk in chunks:
                pending.append(writer.submit(guarded, write, chunk))
                while len(pending) > MAX_QUEUED_CHUNKS or (pending and pending[0].done()):
                    pending.popleft().result()  # a failed write stops the import
            pending.append(writer.submit(guarded, finish))
            while pending:
                pending.popleft().result()
        except BaseException:
            failed.set()
            futures.wait(pending)
            raise
