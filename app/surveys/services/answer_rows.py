"""The survey answer's writes as plain INSERT ... RETURNING statements (issue #18, item 4).

The answer is the one hot write path of the public site: the ORM's unit of work (four
flushes: dependency sort, per-object bookkeeping, the tenant listener's walk of every new
object) cost more than the statements themselves. Here each row is one Core statement
through the session, so the tenant wall still stamps and checks it (app/tenancy/writes.py
`scope_insert`), and row-level security still applies on PostgreSQL.

Each new row the next statement refers to is registered in the session's identity map as
loaded (`_known`), so the tenant wall's check of that reference answers from memory
instead of reading the row back. Only the ids and tenant are known of such an object;
anything else would be read on first access (nothing in the answer does)."""

from sqlalchemy import insert, inspect, update
from sqlalchemy.orm import make_transient_to_detached

from app.extensions import db
from app.feedback.models import FeedbackItem
from app.surveys.models import SurveyAnswer, SurveyResponse

# The item's references, set by build_feedback as objects: written as their ids.
_ITEM_REFERENCES = ("partner", "author", "contact", "program_element", "category")


def _insert_returning_id(model, row):
    table = model.__table__
    return db.session.execute(insert(table).returning(table.c.id), row).scalar_one()


def _known(model, **values):
    """Put the row just inserted into the identity map as if it had been read (no SQL)."""
    obj = model(**values)
    make_transient_to_detached(obj)
    db.session.add(obj)
    return obj


def insert_response(row):
    """The response row (a dict of its columns); returns it as a persistent SurveyResponse."""
    response_id = _insert_returning_id(SurveyResponse, row)
    return _known(SurveyResponse, id=response_id, tenant_id=row["tenant_id"], partner_id=row["partner_id"])


def insert_answers(response, rows):
    """The response's answers (dicts of their columns) in one executemany."""
    if rows:
        for row in rows:
            row.update(response_id=response.id, tenant_id=response.tenant_id, partner_id=response.partner_id)
        db.session.execute(insert(SurveyAnswer.__table__), rows)


def item_values(item):
    """The columns of an unsaved FeedbackItem (from build_feedback) as a row to insert."""
    values = {attr.key: item.__dict__[attr.key] for attr in inspect(FeedbackItem).column_attrs
              if attr.key in item.__dict__}
    for name in _ITEM_REFERENCES:
        related = item.__dict__.get(name)
        values[f"{name}_id"] = related.id if related is not None else values.get(f"{name}_id")
    return values


def insert_item(item, tenant_id):
    """Insert the unsaved `item`'s row (the rollup triggers run in this transaction);
    returns it as a persistent FeedbackItem (keep it: the identity map holds it weakly)."""
    item_id = _insert_returning_id(FeedbackItem, {**item_values(item), "tenant_id": tenant_id})
    return _known(FeedbackItem, id=item_id, tenant_id=tenant_id)


def link_item(response, item):
    """The named response's link to its feedback item (an anonymous one has none)."""
    db.session.execute(update(SurveyResponse).where(SurveyResponse.id == response.id)
                       .values(feedback_item_id=item.id).execution_options(synchronize_session=False))
