"""Bulk imports across many chunks and staged moves: rollups stay exact, every row is the
importing tenant's, a re-import stores nothing, and the stored analysis is the per-row one."""

import csv
import io
import random
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.analysis.services.labels import analysed_values, sentiment_of
from app.extensions import db
from app.feedback.models import FeedbackItem
from app.imports.models import ImportStatus
from app.imports.services import batches as import_service
from app.imports.services import sentiment as import_sentiment
from app.imports.services import writer as import_writer
from app.insights.services.metrics import MetricFilters, program_performance
from app.insights.services.rollups import rebuild_rollups
from app.tenancy import scoped_to
from tests.insights.reference import direct_summary
from tests.insights.rollup_helpers import expected_rollups, stored_rollups

pytestmark = pytest.mark.slow  # imports many chunks of rows

TEXTS = ("Great partner support, thanks", "The portal is slow and broken", "Invoice question", "Not bad at all",
         "Terrible onboarding, never again", "ok", "")
CHANNELS = ("Phone", "chat", "social", "")
ROWS = 130  # with CHUNK_SIZE 7 and FLUSH_ROWS 40: many chunks, several moves and a partial last one


@pytest.fixture(autouse=True)
def small_batches(monkeypatch):
    monkeypatch.setattr(import_service, "CHUNK_SIZE", 7)
    monkeypatch.setattr(import_writer, "FLUSH_ROWS", 40)


def export(partners, seed=1, rows=ROWS):
    rng = random.Random(seed)
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow(["ID", "Date", "Partner", "Channel", "NPS", "CSAT", "Comment"])
    lines = []
    for number in range(rows):
        when = datetime(2025, 1, 1) + timedelta(hours=rng.randint(0, 24 * 60))
        external_id = f"X-{number}" if rng.random() < 0.7 else ""  # the others dedupe by content
        lines.append([external_id, when.isoformat(), rng.choice([*partners, ""]), rng.choice(CHANNELS),
                      rng.choice(["", "3", "9"]), rng.choice(["", "1", "5"]), rng.choice(TEXTS) or "."])
    writer.writerows([*lines, lines[5]])  # the last row repeats one
    return output.getvalue().encode()


def run_import(tenant, content):
    with scoped_to(tenant.id):
        batch = import_service.store_upload("bulk.csv", content, "utf-8")
        db.session.commit()
        import_service.run_import(batch, all_or_nothing=False)
        return batch


def names(org):
    return [partner.name for partner in org.partners]


def test_rollups_equal_the_items_after_a_bulk_import(world):
    batch = run_import(world.a.tenant, export(names(world.a)))
    assert (batch.status, batch.imported_count, batch.duplicate_count, batch.rejected_count) == (
        ImportStatus.IMPORTED, ROWS, 1, 0)
    with scoped_to(world.a.tenant.id):
        assert stored_rollups() == expected_rollups()
        filters = MetricFilters(date(2025, 1, 1), date(2025, 3, 31))
        figures = program_performance(filters, anonymity_threshold=0)  # read from the rollups
        assert figures["summary"] == pytest.approx(direct_summary(filters))
        triggered = stored_rollups()
        rebuild_rollups(world.a.tenant.id)
        assert stored_rollups() == triggered


def test_every_imported_row_belongs_to_the_importing_tenant(world):
    content_a = export(names(world.a))
    run_import(world.a.tenant, content_a)
    # The same ids and texts in another tenant are that tenant's own items, not duplicates.
    batch_b = run_import(world.b.tenant, export(names(world.b)))
    with scoped_to(world.b.tenant.id):
        assert batch_b.imported_count == db.session.scalar(select(func.count()).select_from(FeedbackItem))
        partner_ids = {partner.id for partner in world.b.partners}
        items = db.session.scalars(select(FeedbackItem)).all()
        assert {item.tenant_id for item in items} == {world.b.tenant.id}
        assert {item.partner_id for item in items} <= partner_ids | {None}
        assert stored_rollups() == expected_rollups()
    with scoped_to(world.a.tenant.id):
        assert {item.tenant_id for item in db.session.scalars(select(FeedbackItem))} == {world.a.tenant.id}


def test_importing_the_same_file_again_stores_nothing_new(world):
    content = export(names(world.a))
    first = run_import(world.a.tenant, content)
    with scoped_to(world.a.tenant.id):
        rollups = stored_rollups()
    second = run_import(world.a.tenant, content)
    assert (second.imported_count, second.duplicate_count) == (0, first.imported_count + first.duplicate_count)
    with scoped_to(world.a.tenant.id):
        assert db.session.scalar(select(func.count()).select_from(FeedbackItem)) == first.imported_count
        assert stored_rollups() == rollups


@pytest.mark.parametrize("worker_ready", [True, False], ids=["worker-ahead", "worker-behind"])
def test_stored_analysis_is_the_per_row_analysis(world, monkeypatch, worker_ready):
    # Behind, the worker gets only part of each chunk's texts and the importing process
    # analyses the rest: what is stored must not depend on who analysed a text.
    chunk_sizes, sent_sizes = [], []
    texts_to_score, send = import_service._texts_to_score, import_sentiment.SentimentWorker.send

    def counting_texts_to_score(mapping):
        texts_of = texts_to_score(mapping)
        return lambda chunk: chunk_sizes.append(len(found := texts_of(chunk))) or found

    monkeypatch.setattr(import_service, "_texts_to_score", counting_texts_to_score)
    monkeypatch.setattr(import_sentiment.SentimentWorker, "answered", lambda worker: worker_ready)
    monkeypatch.setattr(import_sentiment.SentimentWorker, "send",
                        lambda worker, texts: sent_sizes.append(len(texts)) or send(worker, texts))
    run_import(world.a.tenant, export(names(world.a)))
    # The first chunk is analysed in process and never asked of the worker: neither list counts it.
    assert len(sent_sizes) == len(chunk_sizes) > 10
    assert (sent_sizes == chunk_sizes) == worker_ready
    with scoped_to(world.a.tenant.id):
        for item in db.session.scalars(select(FeedbackItem)):
            values = analysed_values(item.text, item.language, item.nps, item.csat, item.rating)
            assert values == {name: getattr(item, name) for name in values}



TRICKY_TEXTS = ('He said "great", then left', "line one\nline two", "comma, semicolon; tab\there", "back\\slash \\N",
                "", "NULL", "émoji 😁 ok", "  padded  ", '"', "\\.")


def _tricky_id(number):
    return f"T-{number}" if number >= len(TRICKY_TEXTS) else ""  # the first ones dedupe by content


def test_tricky_cells_are_stored_exactly(world):
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow(["ID", "Comment", "NPS", "Name", "Email"])
    for number, text in enumerate(TRICKY_TEXTS * 5):
        writer.writerow([_tricky_id(number), text, "" if text else "7", text[:3] if number % 3 else "",
                         f"a{number}@example.com" if number % 4 else ""])
    batch = run_import(world.a.tenant, output.getvalue().encode())
    assert (batch.imported_count, batch.rejected_count) == (len(TRICKY_TEXTS) * 5, 0)
    with scoped_to(world.a.tenant.id):
        items = db.session.scalars(select(FeedbackItem).order_by(FeedbackItem.id)).all()
    for number, item in enumerate(items):
        text = TRICKY_TEXTS[number % len(TRICKY_TEXTS)]
        assert item.text == text.strip()
        assert item.external_id == (_tricky_id(number) or None)
        assert item.submitter_name == (text[:3].strip() if number % 3 else "")
        assert item.submitter_email == (f"a{number}@example.com" if number % 4 else "")
        assert (item.nps, item.link_url, item.language) == (None if text else 7, "", "en")
        assert (item.sentiment_score, item.sentiment_label) == sentiment_of(text)

