"""Re-running the analysis over stored items: language, sentiment, loop response, the
engine that analysed them ("analysed by"), automatic themes.

For after a change to the engine (app/analysis/engines), its lexicons or the text of
items. Items are read in batches by id (keyset, so each batch is an index range scan);
only the items whose derived values changed are written, with one UPDATE by primary key
per batch (executemany); automatic themes are synchronised per batch
(app/analysis/services/themes.py). Staff's sentiment and loop-response overrides, manual
tags and removed tags are never touched (a sentiment override stays the effective label),
and a second run changes nothing. Each batch commits, so an interrupted run keeps its work."""

import time
from dataclasses import dataclass

from sqlalchemy import select, update

from app.analysis.services.labels import analysed_values
from app.analysis.services.theme_matching import load_matcher
from app.analysis.services.themes import ItemFacts, set_negative, sync_auto_themes
from app.extensions import db
from app.feedback.models import FeedbackItem, SentimentLabel
from app.tenancy import scoped_to
from app.tenants.models import Tenant

DEFAULT_BATCH_SIZE = 1000
ANALYSED = ("detected_language", "sentiment_score", "sentiment_label", "loop_response", "analysed_by")


@dataclass
class RerunResult:
    tenants: int = 0
    items: int = 0
    changed: int = 0  # items whose sentiment or loop response changed
    seconds: float = 0.0

    @property
    def items_per_second(self):
        return self.items / self.seconds if self.seconds else 0.0


def _analysed(row):
    return analysed_values(row.text, row.language, row.nps, row.csat, row.rating, row.sentiment_override)


def _batches(batch_size):
    columns = (FeedbackItem.id, FeedbackItem.text, FeedbackItem.language, FeedbackItem.nps, FeedbackItem.csat,
               FeedbackItem.rating, FeedbackItem.sentiment_override, FeedbackItem.given_at, FeedbackItem.anonymous,
               *(getattr(FeedbackItem, name) for name in ANALYSED))
    last_id = 0
    while True:
        rows = db.session.execute(select(*columns).where(FeedbackItem.id > last_id)
                                  .order_by(FeedbackItem.id).limit(batch_size)).all()
        if not rows:
            return
        yield rows
        last_id = rows[-1].id


def _negative(label):
    return label == SentimentLabel.NEGATIVE


def _rerun_batch(rows, matcher):
    """Analyse one batch; returns how many items' values changed."""
    changes, facts, flipped = [], [], {True: [], False: []}
    for row in rows:
        values = _analysed(row)
        if any(values[name] != getattr(row, name) for name in ANALYSED):
            changes.append({"id": row.id, **values})
        if _negative(values["sentiment_label"]) != _negative(row.sentiment_label):
            flipped[_negative(values["sentiment_label"])].append(row.id)
        facts.append(ItemFacts.of(row, sentiment_label=values["sentiment_label"]))
    if changes:
        db.session.execute(update(FeedbackItem), changes)
    for negative, item_ids in flipped.items():
        set_negative(item_ids, negative)
    sync_auto_themes(facts, matcher)
    db.session.commit()
    return len(changes)


def rerun_tenant(tenant_id, batch_size=DEFAULT_BATCH_SIZE, result=None, on_batch=None):
    """Re-analyse every item of one tenant; adds to and returns `result`. `on_batch(items)`
    is told the tenant's items done so far after each committed batch (a job's progress)."""
    result = result or RerunResult()
    done = 0
    started = time.perf_counter()
    with scoped_to(tenant_id):
        matcher = load_matcher()
        for rows in _batches(batch_size):
            result.changed += _rerun_batch(rows, matcher)
            result.items += len(rows)
            done += len(rows)
            if on_batch is not None:
                on_batch(done)
        after_reanalysis(tenant_id)
    result.tenants += 1
    result.seconds += time.perf_counter() - started
    return result


def rerun_analysis(tenant_ids, batch_size=DEFAULT_BATCH_SIZE):
    """Re-analyse every item of each tenant in `tenant_ids` (one after the other)."""
    result = RerunResult()
    for tenant_id in tenant_ids:
        rerun_tenant(tenant_id, batch_size, result)
    return result


def all_tenant_ids():
    return list(db.session.scalars(select(Tenant.id).order_by(Tenant.id)))


def after_reanalysis(tenant_id):
    """Runs once a tenant's items are re-analysed, in its scope: the place for derived
    tables built from the analysed values (rollups) to be rebuilt. Nothing needs it yet."""
    return None
