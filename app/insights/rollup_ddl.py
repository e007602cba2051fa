"""The triggers that keep the feedback rollups exact, for PostgreSQL and SQLite.

Every write to feedback_items, by any path (ORM, bulk INSERT, COPY, foreign-key
cascades, raw UPDATEs), adds its rows to their rollup keys and subtracts the rows
it replaced or deleted, in the same transaction, in each grain of
app/insights/models.py:

- PostgreSQL: statement-level AFTER triggers with transition tables, one
  INSERT ... SELECT ... GROUP BY ... ON CONFLICT DO UPDATE SET x = x + excluded.x
  per grain and statement, so a COPY of 20,000 rows costs three grouped upserts, not
  60,000 row updates. The upsert adds to the row's latest committed value under a
  row lock, so concurrent writers never lose counts; keys are written in sorted
  order so two writers never lock the same keys in opposite orders (deadlock).
- SQLite: row-level triggers (SQLite has no statement triggers); its database lock
  serialises writers anyway.

The theme rollup (theme_daily_rollups) is kept the same way from feedback_themes by a
second trigger set (THEME_TRIGGERS), counting unsuppressed tags only.

`install_rollup_triggers(connection)` is idempotent; db.create_all() calls it (the
listener at the end) and the Alembic migration calls it too.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import event, inspect, text

from app.extensions import db
from app.feedback.models import LoopResponse, SentimentLabel
from app.insights.models import DAILY_KEY, PROGRAM_KEY, THEME_DAILY_KEY, WEEKLY_PARTNER_KEY

ITEMS = "feedback_items"
TAGS = "feedback_themes"
PG_OPERATIONS = ("insert", "update", "delete")
# Columns whose change moves an item between keys or changes a measure (SQLite's
# UPDATE OF list; PostgreSQL cannot combine a column list with transition tables).
TRACKED_COLUMNS = ("tenant_id", "given_at", "partner_id", "source", "channel", "program_element_id", "anonymous",
                   "nps", "csat", "rating", "sentiment_score", "sentiment_label", "loop_response",
                   "loop_response_override")


def _flag(condition):
    return f"CASE WHEN {condition} THEN 1 ELSE 0 END"


def row_measures(row):
    """{measure: SQL of one item's contribution}, for a row alias such as 'n.' or 'NEW.'."""
    loop = f"coalesce({row}loop_response_override, {row}loop_response)"
    label = f"{row}sentiment_label"
    return {
        "items": "1",
        "nps_count": _flag(f"{row}nps IS NOT NULL"),
        "promoters": _flag(f"{row}nps >= 9"),
        "detractors": _flag(f"{row}nps <= 6"),
        "csat_count": _flag(f"{row}csat IS NOT NULL"),
        "csat_sum": f"coalesce({row}csat, 0)",
        "rating_count": _flag(f"{row}rating IS NOT NULL"),
        "rating_sum": f"coalesce({row}rating, 0)",
        "sentiment_count": _flag(f"{row}sentiment_score IS NOT NULL"),
        "sentiment_sum": f"coalesce({row}sentiment_score, 0)",
        "positive": _flag(f"{label} = '{SentimentLabel.POSITIVE.value}'"),
        "neutral": _flag(f"{label} = '{SentimentLabel.NEUTRAL.value}'"),
        "negative": _flag(f"{label} = '{SentimentLabel.NEGATIVE.value}'"),
        "loop_count": _flag(f"{loop} IS NOT NULL"),
        "action_needed": _flag(f"{loop} = '{LoopResponse.ACTION_NEEDED.value}'"),
    }


def tag_measures(row):
    """{measure: SQL of one tag's contribution} to theme_daily_rollups."""
    return {"items": "1", "negative": _flag(f"{row}negative = TRUE")}


def _day(row, dialect):
    return f"CAST({row}given_at AS DATE)" if dialect == "postgresql" else f"date({row}given_at)"


def _week(row, dialect):
    if dialect == "postgresql":
        return f"CAST(date_trunc('week', {row}given_at) AS DATE)"
    return f"date({row}given_at, '-6 days', 'weekday 1')"  # its Monday


_KEY_SQL = {
    "tenant_id": lambda row, dialect: f"{row}tenant_id",
    "day": _day,
    "week": _week,
    "partner_id": lambda row, dialect: f"coalesce({row}partner_id, 0)",
    "source": lambda row, dialect: f"{row}source",
    "channel": lambda row, dialect: f"{row}channel",
    "program_element_id": lambda row, dialect: f"coalesce({row}program_element_id, 0)",
    "anonymous": lambda row, dialect: f"{row}anonymous",
    "theme_id": lambda row, dialect: f"{row}theme_id",
}


@dataclass(frozen=True)
class Grain:
    """One rollup table: its key columns, its measures and which rows of `source` it counts."""

    table: str
    key: tuple
    named_partners_only: bool = False  # only non-anonymous items about a partner
    unsuppressed_only: bool = False  # tags: only those not removed by staff
    source: str = ITEMS
    measure_sql: Callable = field(default=row_measures)  # row alias -> {measure: SQL}

    @property
    def measures(self):
        return tuple(self.measure_sql(""))

    def key_sql(self, row, dialect):
        return {column: _KEY_SQL[column](row, dialect) for column in self.key}

    def condition(self, row):
        if self.unsuppressed_only:
            return f"{row}suppressed = FALSE"
        if not self.named_partners_only:
            return "1 = 1"
        return f"{row}partner_id IS NOT NULL AND {row}anonymous = FALSE"

    def columns(self):
        return ", ".join(self.key + self.measures)

    def grouped_select(self, source_sql, dialect, row="", sign="", where="1 = 1"):
        """SELECT of this grain's rows (key + summed measures) from `source_sql`."""
        keys = self.key_sql(row, dialect)
        measures = [f"sum({sign}{sql}) AS {name}" for name, sql in self.measure_sql(row).items()]
        return (f"SELECT {', '.join(f'{sql} AS {name}' for name, sql in keys.items())}, {', '.join(measures)} "
                f"FROM {source_sql} WHERE ({where}) AND {self.condition(row)} "
                f"GROUP BY {', '.join(keys.values())}")


GRAINS = (
    Grain("feedback_daily_rollups", DAILY_KEY),
    Grain("feedback_program_rollups", PROGRAM_KEY),
    Grain("feedback_weekly_partner_rollups", WEEKLY_PARTNER_KEY, named_partners_only=True),
)
THEME_GRAINS = (
    Grain("theme_daily_rollups", THEME_DAILY_KEY, unsuppressed_only=True, source=TAGS, measure_sql=tag_measures),
)


@dataclass(frozen=True)
class TriggerSet:
    """The triggers on one source table that keep its grains exact."""

    prefix: str  # of trigger and function names
    table: str
    grains: tuple
    tracked_columns: tuple  # SQLite's UPDATE OF list

    @property
    def sqlite_triggers(self):
        return tuple(f"{self.prefix}_{suffix}" for suffix in ("ai", "au", "ad"))


FEEDBACK_TRIGGERS = TriggerSet("feedback_rollups", ITEMS, GRAINS, TRACKED_COLUMNS)
# given_at and anonymous never change, but an UPDATE of them must still move the tag.
THEME_TRIGGERS = TriggerSet("theme_rollups", TAGS, THEME_GRAINS,
                            ("tenant_id", "theme_id", "given_at", "anonymous", "negative", "suppressed"))
TRIGGER_SETS = (FEEDBACK_TRIGGERS, THEME_TRIGGERS)


def _add_excluded(grain, target):
    return ", ".join(f"{name} = {target}.{name} + excluded.{name}" for name in grain.measures)


# --- PostgreSQL -----------------------------------------------------------------------


def _pg_upsert(grain, operation):
    """One upsert of the summed deltas; rows of a tenant being deleted are skipped (its
    rollup rows go by the tenant's cascade, which may already have run)."""
    deltas = []
    if operation in ("insert", "update"):
        deltas.append(grain.grouped_select("rollup_new_rows n", "postgresql", "n."))
    if operation in ("delete", "update"):
        deltas.append(grain.grouped_select("rollup_old_rows o", "postgresql", "o.", "-"))
    keys = ", ".join(grain.key)
    sums = ", ".join(f"sum({name})" for name in grain.measures)
    nonzero = " OR ".join(f"sum({name}) <> 0" for name in grain.measures)  # an edit of the text only: no write
    return (f"INSERT INTO {grain.table} AS r ({grain.columns()}) "
            f"SELECT {keys}, {sums} FROM ({' UNION ALL '.join(deltas)}) AS d "
            f"WHERE d.tenant_id IN (SELECT id FROM tenants) "
            f"GROUP BY {keys} HAVING {nonzero} ORDER BY {keys} "
            f"ON CONFLICT ({keys}) DO UPDATE SET {_add_excluded(grain, 'r')}")


def _pg_function_sql(triggers, operation):
    body = "; ".join(_pg_upsert(grain, operation) for grain in triggers.grains)
    return (f"CREATE OR REPLACE FUNCTION {triggers.prefix}_after_{operation}() RETURNS trigger "
            f"LANGUAGE plpgsql AS $$ BEGIN {body}; RETURN NULL; END $$")


def _pg_trigger_sql(triggers, operation):
    tables = {"insert": "NEW TABLE AS rollup_new_rows", "delete": "OLD TABLE AS rollup_old_rows",
              "update": "NEW TABLE AS rollup_new_rows OLD TABLE AS rollup_old_rows"}[operation]
    name = f"{triggers.prefix}_after_{operation}"
    return (f"CREATE TRIGGER {name} AFTER {operation.upper()} ON {triggers.table} "
            f"REFERENCING {tables} FOR EACH STATEMENT EXECUTE FUNCTION {name}()")


def _pg_install(connection, triggers):
    for operation in PG_OPERATIONS:
        connection.execute(text(_pg_function_sql(triggers, operation)))
        connection.execute(text(f"DROP TRIGGER IF EXISTS {triggers.prefix}_after_{operation} ON {triggers.table}"))
        connection.execute(text(_pg_trigger_sql(triggers, operation)))


def _pg_drop(connection, triggers):
    for operation in PG_OPERATIONS:
        connection.execute(text(f"DROP TRIGGER IF EXISTS {triggers.prefix}_after_{operation} ON {triggers.table}"))
        connection.execute(text(f"DROP FUNCTION IF EXISTS {triggers.prefix}_after_{operation}()"))


# --- SQLite -----------------------------------------------------------------------------


def _sqlite_add(grain, row):
    values = ", ".join(list(grain.key_sql(row, "sqlite").values()) + list(grain.measure_sql(row).values()))
    # INSERT ... SELECT needs its WHERE before ON CONFLICT (SQLite's parsing rule).
    return (f"INSERT INTO {grain.table} ({grain.columns()}) SELECT {values} WHERE {grain.condition(row)} "
            f"ON CONFLICT ({', '.join(grain.key)}) DO UPDATE SET {_add_excluded(grain, grain.table)};")


def _sqlite_subtract(grain, row):
    # A plain UPDATE: the row exists (its item was added), unless a tenant cascade
    # deleted it first, and then there is nothing left to correct.
    changes = ", ".join(f"{name} = {name} - ({sql})" for name, sql in grain.measure_sql(row).items())
    where = " AND ".join(f"{column} = {sql}" for column, sql in grain.key_sql(row, "sqlite").items())
    return f"UPDATE {grain.table} SET {changes} WHERE {where} AND {grain.condition(row)};"


def _sqlite_triggers(triggers):
    insert, update, delete = triggers.sqlite_triggers
    add_new = " ".join(_sqlite_add(grain, "NEW.") for grain in triggers.grains)
    subtract_old = " ".join(_sqlite_subtract(grain, "OLD.") for grain in triggers.grains)
    table, tracked = triggers.table, ", ".join(triggers.tracked_columns)
    return {
        insert: f"AFTER INSERT ON {table} BEGIN {add_new} END",
        update: f"AFTER UPDATE OF {tracked} ON {table} BEGIN {subtract_old} {add_new} END",
        delete: f"AFTER DELETE ON {table} BEGIN {subtract_old} END",
    }


def _sqlite_install(connection, triggers):
    for name, body in _sqlite_triggers(triggers).items():
        connection.execute(text(f"DROP TRIGGER IF EXISTS {name}"))
        connection.execute(text(f"CREATE TRIGGER {name} {body}"))


def _sqlite_drop(connection, triggers):
    for name in triggers.sqlite_triggers:
        connection.execute(text(f"DROP TRIGGER IF EXISTS {name}"))


def install_trigger_set(connection, triggers):
    """Create (or replace) one trigger set; idempotent."""
    if connection.dialect.name == "postgresql":
        _pg_install(connection, triggers)
    else:
        _sqlite_install(connection, triggers)


def drop_trigger_set(connection, triggers):
    """Remove one trigger set (and its PostgreSQL functions); idempotent."""
    if connection.dialect.name == "postgresql":
        _pg_drop(connection, triggers)
    else:
        _sqlite_drop(connection, triggers)


def install_rollup_triggers(connection):
    """Create (or replace) the rollup triggers on feedback_items and feedback_themes; idempotent.
    A set whose tables do not all exist yet is skipped: create_all() may create only some
    tables, and an older migration runs before the theme rollup table exists."""
    names = set(inspect(connection).get_table_names())
    for triggers in TRIGGER_SETS:
        if {triggers.table, *(grain.table for grain in triggers.grains)} <= names:
            install_trigger_set(connection, triggers)


def drop_rollup_triggers(connection):
    """Remove all rollup triggers (and PostgreSQL functions); idempotent."""
    for triggers in TRIGGER_SETS:
        drop_trigger_set(connection, triggers)


def _install_after_create(metadata, connection, **_kw):
    install_rollup_triggers(connection)


event.listen(db.metadata, "after_create", _install_after_create)
