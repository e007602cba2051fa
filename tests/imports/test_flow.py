"""CSV import through the portal: upload -> map -> preview -> import -> results, as vendor staff."""

import csv
import io

import pytest
from sqlalchemy import select

from app.extensions import db
from app.feedback.models import Channel, FeedbackItem, SentimentLabel, Source
from app.imports.models import ImportBatch, ImportStatus
from app.tenancy import scoped_to

HEADER = "Ticket ID,Date,Partner,Channel,NPS,Comment,Customer email\n"
GOOD_ROWS = (
    "T-1,2025-03-01,Partner A1,Phone,9,The support team was great and fast,ana@example.com\n"
    "T-2,2025-03-02 14:30,Partner A2,chat,3,Deal registration is slow and frustrating,ben@example.com\n"
)


def upload(client, content, filename="export.csv", encoding="utf-8"):
    body = content.encode("utf-8") if isinstance(content, str) else content
    return client.post("/imports/new", data={"file": (io.BytesIO(body), filename), "encoding": encoding},
                       content_type="multipart/form-data")


def uploaded_batch_id(response):
    assert response.status_code == 302, response.get_data(as_text=True)[:800]
    return int(response.headers["Location"].split("/imports/")[1].split("/")[0])


def run(client, batch_id, mode="partial"):
    return client.post(f"/imports/{batch_id}/run", data={"mode": mode})


def items(tenant):
    with scoped_to(tenant.id):
        return db.session.scalars(select(FeedbackItem).order_by(FeedbackItem.id)).all()


def batch_of(tenant, batch_id):
    with scoped_to(tenant.id):
        return db.session.get(ImportBatch, batch_id)


@pytest.fixture
def staff(world, login):
    return login(world.a.manager)


def test_upload_guesses_the_mapping_and_previews_rows_as_they_will_be_imported(world, staff):
    batch_id = uploaded_batch_id(upload(staff, HEADER + GOOD_ROWS))
    page = staff.get(f"/imports/{batch_id}/mapping").get_data(as_text=True)
    assert batch_of(world.a.tenant, batch_id).mapping == {
        "external_id": 0, "given_at": 1, "partner": 2, "channel": 3, "nps": 4, "text": 5, "submitter_email": 6,
    }
    assert "The support team was great and fast" in page
    assert "Call center" in page and "Partner A2" in page and "positive" in page
    assert items(world.a.tenant) == []  # the preview stores nothing


def test_import_stores_the_rows_and_shows_the_counts(world, staff):
    batch_id = uploaded_batch_id(upload(staff, HEADER + GOOD_ROWS))
    response = run(staff, batch_id)
    assert response.headers["Location"].endswith(f"/imports/{batch_id}")
    page = staff.get(f"/imports/{batch_id}").get_data(as_text=True)
    assert 'id="count-imported">2<' in page and 'id="count-rejected">0<' in page
    first, second = items(world.a.tenant)
    assert (first.channel, first.source, first.nps, first.external_id) == (Channel.CALL_CENTER, Source.CUSTOMER, 9,
                                                                          "T-1")
    assert first.partner_id == world.a.partners[0].id and second.partner_id == world.a.partners[1].id
    assert first.sentiment_label == SentimentLabel.POSITIVE and second.sentiment_label == SentimentLabel.NEGATIVE
    assert second.given_at.isoformat() == "2025-03-02T14:30:00"


def test_changed_mapping_and_default_source_are_used(world, staff):
    batch_id = uploaded_batch_id(upload(staff, "Comment,Who\nGreat partner program,Ana\n"))
    response = staff.post(f"/imports/{batch_id}/mapping", data={
        "text": "0", "submitter_name": "1", "default_source": "partner", "date_format": "iso",
    })
    assert response.status_code == 302
    run(staff, batch_id)
    [item] = items(world.a.tenant)
    assert (item.source, item.channel, item.submitter_name) == (Source.PARTNER, Channel.IMPORT, "Ana")


def test_mapping_without_text_or_score_is_refused(world, staff):
    batch_id = uploaded_batch_id(upload(staff, HEADER + GOOD_ROWS))
    response = staff.post(f"/imports/{batch_id}/mapping", data={"partner": "2", "default_source": "customer",
                                                                 "date_format": "iso"})
    assert response.status_code == 422
    assert "Map the text column or at least one score column." in response.get_data(as_text=True)


def test_a_file_without_a_recognised_text_or_score_column_cannot_run_before_mapping(world, staff):
    batch_id = uploaded_batch_id(upload(staff, "Foo,Bar\nhello,world\n"))
    response = run(staff, batch_id)
    assert response.headers["Location"].endswith(f"/imports/{batch_id}")
    page = staff.get(f"/imports/{batch_id}", follow_redirects=True).get_data(as_text=True)
    assert "Map the text column or at least one score column." in page
    assert batch_of(world.a.tenant, batch_id).status == ImportStatus.UPLOADED


def test_bad_rows_are_reported_with_line_numbers_and_good_rows_imported(world, staff):
    content = HEADER + GOOD_ROWS + (
        "T-3,2025-03-03,Partner A1,chat,11,Score out of range,c@example.com\n"
        "T-4,2025-03-04,Nobody Ltd,chat,5,Unknown partner,d@example.com\n"
        'T-5,not a date,Partner A1,chat,5,"Bad date, with a\nline break",e@example.com\n'
        "T-6,2025-03-06,Partner A1,chat,,,f@example.com\n"
    )
    batch_id = uploaded_batch_id(upload(staff, content))
    preview = staff.get(f"/imports/{batch_id}/mapping").get_data(as_text=True)
    assert "Line 4: nps: NPS must be a whole number from 0 to 10." in preview
    run(staff, batch_id)
    page = staff.get(f"/imports/{batch_id}").get_data(as_text=True)
    batch = batch_of(world.a.tenant, batch_id)
    assert (batch.status, batch.imported_count, batch.rejected_count) == (ImportStatus.IMPORTED, 2, 4)
    errors = list(csv.reader(io.StringIO(staff.get(f"/imports/{batch_id}/errors.csv").get_data(as_text=True))))
    assert errors == [
        ["line", "field", "value", "error"],
        ["4", "nps", "11", "NPS must be a whole number from 0 to 10."],
        ["5", "partner", "Nobody Ltd", "Unknown partner."],
        ["6", "given_at", "not a date", "The date is not valid (expected e.g. 2026-01-31 or 2026-01-31T14:05:00Z)."],
        ["8", "text", "", "The row has no text and no score."],  # line 6 spans two lines
    ]
    assert "Unknown partner." in page and len(items(world.a.tenant)) == 2


def test_all_or_nothing_imports_nothing_when_a_row_is_bad(world, staff):
    content = HEADER + GOOD_ROWS + "T-3,2025-03-03,Partner A1,chat,eleven,Bad score,c@example.com\n"
    batch_id = uploaded_batch_id(upload(staff, content))
    run(staff, batch_id, mode="all_or_nothing")
    batch = batch_of(world.a.tenant, batch_id)
    assert (batch.status, batch.imported_count, batch.rejected_count) == (ImportStatus.REJECTED, 0, 1)
    assert items(world.a.tenant) == []
    page = staff.get(f"/imports/{batch_id}").get_data(as_text=True)
    assert "NPS is not a number." in page


def test_all_or_nothing_imports_everything_when_every_row_is_good(world, staff):
    batch_id = uploaded_batch_id(upload(staff, HEADER + GOOD_ROWS))
    run(staff, batch_id, mode="all_or_nothing")
    assert batch_of(world.a.tenant, batch_id).status == ImportStatus.IMPORTED
    assert len(items(world.a.tenant)) == 2


def test_rejected_batch_can_be_imported_again_after_fixing_the_mapping(world, staff):
    content = "Comment,Date\nFine,31/01/2025\n"
    batch_id = uploaded_batch_id(upload(staff, content))
    run(staff, batch_id, mode="all_or_nothing")
    assert batch_of(world.a.tenant, batch_id).status == ImportStatus.REJECTED
    staff.post(f"/imports/{batch_id}/mapping", data={"text": "0", "given_at": "1", "default_source": "customer",
                                                     "date_format": "dmy"})
    run(staff, batch_id, mode="all_or_nothing")
    [item] = items(world.a.tenant)
    assert item.given_at.isoformat() == "2025-01-31T12:00:00"


def test_reimporting_the_same_file_skips_every_row_as_duplicate(world, staff):
    content = HEADER + GOOD_ROWS + "T-9,2025-03-03,,social,,No id column needed for this one,\n"
    run(staff, uploaded_batch_id(upload(staff, content)))
    second = uploaded_batch_id(upload(staff, content))
    run(staff, second)
    batch = batch_of(world.a.tenant, second)
    assert (batch.imported_count, batch.duplicate_count) == (0, 3)
    assert len(items(world.a.tenant)) == 3
    assert 'id="count-duplicates">3<' in staff.get(f"/imports/{second}").get_data(as_text=True)


def test_reimport_without_external_ids_or_dates_is_deduplicated_by_content(world, staff):
    content = "Comment,NPS\nGood support,9\nGood support,9\nSlow portal,4\n"
    run(staff, uploaded_batch_id(upload(staff, content)))
    second = uploaded_batch_id(upload(staff, content))
    run(staff, second)
    with scoped_to(world.a.tenant.id):
        duplicates = db.session.scalars(select(ImportBatch.duplicate_count).order_by(ImportBatch.id)).all()
    assert duplicates == [1, 3]  # the repeated row in the file, then the whole file
    assert len(items(world.a.tenant)) == 2


def test_an_imported_batch_cannot_run_twice(world, staff):
    batch_id = uploaded_batch_id(upload(staff, HEADER + GOOD_ROWS))
    run(staff, batch_id)
    response = run(staff, batch_id)
    assert response.status_code == 302
    assert "imported already" in staff.get(f"/imports/{batch_id}").get_data(as_text=True)
    assert len(items(world.a.tenant)) == 2


def test_formula_looking_cells_are_stored_as_text_and_neutralised_in_the_error_csv(world, staff):
    content = ('Comment,NPS,Name\n"=HYPERLINK(""http://evil.test"",""click"")",9,@admin\n'
               "-2+3,eleven,+cmd\n<script>alert(1)</script>,5,Eve\n")
    batch_id = uploaded_batch_id(upload(staff, content))
    preview = staff.get(f"/imports/{batch_id}/mapping").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in preview and "&lt;script&gt;" in preview
    run(staff, batch_id)
    stored = items(world.a.tenant)
    assert [i.text for i in stored] == ['=HYPERLINK("http://evil.test","click")', "<script>alert(1)</script>"]
    assert stored[0].submitter_name == "@admin"
    errors_csv = staff.get(f"/imports/{batch_id}/errors.csv")
    assert errors_csv.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(errors_csv.get_data(as_text=True))))
    assert rows[1] == ["3", "nps", "eleven", "NPS is not a number."]


def test_error_csv_neutralises_cells_that_start_like_formulas(world, staff):
    batch_id = uploaded_batch_id(upload(staff, "Comment,Partner\nhello,=cmd|' /C calc'!A0\n"))
    run(staff, batch_id)
    rows = list(csv.reader(io.StringIO(staff.get(f"/imports/{batch_id}/errors.csv").get_data(as_text=True))))
    assert rows[1][:3] == ["2", "partner", "'=cmd|' /C calc'!A0"]


def test_results_page_paginates_row_errors(world, staff):
    content = "Comment,NPS\n" + "".join(f"row {n},{20 + n}\n" for n in range(60))
    batch_id = uploaded_batch_id(upload(staff, content))
    run(staff, batch_id)
    first = staff.get(f"/imports/{batch_id}").get_data(as_text=True)
    second = staff.get(f"/imports/{batch_id}?page=2").get_data(as_text=True)
    assert "Page 1 of 2" in first and "<td>51</td>" in first and "<td>52</td>" not in first
    assert "<td>52</td>" in second and "<td>61</td>" in second
