"""Files as vendor tools export them: encodings, separators, malformed and oversized uploads,
and runs that break off part-way."""

import codecs
import io
import time

import pytest
from sqlalchemy import select, update

from app.extensions import db
from app.feedback.models import FeedbackItem
from app.imports.models import ImportBatch, ImportStatus
from app.imports.services import batches as import_service
from app.imports.services import results as import_results
from app.tenancy import scoped_to


def upload(client, body, filename="export.csv", encoding="utf-8"):
    return client.post("/imports/new", data={"file": (io.BytesIO(body), filename), "encoding": encoding},
                       content_type="multipart/form-data")


def imported_texts(client, tenant, response):
    assert response.status_code == 302, response.get_data(as_text=True)[:800]
    batch_id = int(response.headers["Location"].split("/imports/")[1].split("/")[0])
    client.post(f"/imports/{batch_id}/run", data={"mode": "partial"})
    with scoped_to(tenant.id):
        return db.session.scalars(select(FeedbackItem.text).order_by(FeedbackItem.id)).all()


def batch(tenant):
    with scoped_to(tenant.id):
        return db.session.scalars(select(ImportBatch)).one()


@pytest.fixture
def staff(world, login):
    return login(world.a.admin)


def test_utf8_with_bom_reads_the_first_header(world, staff):
    response = upload(staff, codecs.BOM_UTF8 + "Comment,NPS\nÜber gut ✓,9\n".encode())
    assert imported_texts(staff, world.a.tenant, response) == ["Über gut ✓"]
    assert batch(world.a.tenant).mapping == {"text": 0, "nps": 1}


def test_utf16_with_bom_and_tabs_as_excel_unicode_text_saves_it(world, staff):
    response = upload(staff, "Comment\tNPS\r\nTrès bien\t10\r\n".encode("utf-16"), filename="export.txt")
    assert imported_texts(staff, world.a.tenant, response) == ["Très bien"]


def test_windows_1252_file_read_as_utf8_is_refused_with_the_line_and_byte(world, staff):
    response = upload(staff, "Comment\nfine\nCafé – 5 €\n".encode("cp1252"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "The file is not UTF-8 text: line 3 has the byte 0xE9." in page
    assert "choose the encoding it was saved in" in page


def test_windows_1252_file_imports_when_that_encoding_is_chosen(world, staff):
    response = upload(staff, "Comment\nCafé – 5 €\n".encode("cp1252"), encoding="cp1252")
    assert imported_texts(staff, world.a.tenant, response) == ["Café – 5 €"]


def test_latin1_file_imports_when_that_encoding_is_chosen(world, staff):
    response = upload(staff, "Comment\nNaïve façade\n".encode("latin-1"), encoding="latin-1")
    assert imported_texts(staff, world.a.tenant, response) == ["Naïve façade"]


def test_semicolon_separated_file_is_recognised(world, staff):
    response = upload(staff, b"Comment;NPS\nGood, really good;9\n")
    assert imported_texts(staff, world.a.tenant, response) == ["Good, really good"]


@pytest.mark.parametrize("body, message", [
    (b"", "The file is empty."),
    (b"  \r\n\r\n", "The file is empty."),
    (b"Comment,NPS\n", "The file has a header line but no rows to import."),
    (b"PK\x03\x04\x14\x00\x06\x00rest-of-a-workbook", "This is not a CSV text file (an Excel workbook?)."),
])
def test_unreadable_files_are_refused_with_a_clear_message(world, staff, body, message):
    response = upload(staff, body)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    with scoped_to(world.a.tenant.id):
        assert db.session.scalars(select(ImportBatch)).all() == []


def test_other_file_types_are_refused_by_name(world, staff):
    response = upload(staff, b"Comment\nfine\n", filename="export.xlsx")
    assert response.status_code == 422
    assert "Upload a .csv file" in response.get_data(as_text=True)


def test_upload_over_the_import_limit_gets_a_clear_413(world, staff):
    response = upload(staff, b"Comment\n" + b"x" * (20 * 1024 * 1024))
    assert response.status_code == 413
    assert "The file is larger than 20 MB" in response.get_data(as_text=True)


def test_upload_over_the_app_wide_limit_but_under_the_import_limit_is_accepted(app, world, staff):
    assert app.config["MAX_CONTENT_LENGTH"] < 6 * 1024 * 1024
    body = b"Comment,NPS\n" + b"A long call transcript that goes on and on,7\n" * 140_000
    assert len(body) > 6 * 1024 * 1024
    assert upload(staff, body).status_code == 302


def test_the_larger_limit_applies_to_the_upload_route_only(app, world, staff):
    response = staff.post("/feedback/new", data={"text": "x" * (6 * 1024 * 1024)})
    assert response.status_code == 413


def test_upload_still_checks_the_csrf_token(app, world, staff):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = upload(staff, b"Comment\nfine\n")
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 400
    with scoped_to(world.a.tenant.id):
        assert db.session.scalars(select(ImportBatch)).all() == []


def _header(columns):
    return ",".join(["Comment"] + [f"Extra {number}" for number in range(1, columns)]).encode()


def test_a_file_with_more_than_200_columns_is_refused_with_a_clear_message(world, staff):
    response = upload(staff, _header(201) + b"\nfine" + b"," * 200 + b"\n")
    assert response.status_code == 422
    assert "The file has 201 columns; an import takes at most 200." in response.get_data(as_text=True)
    with scoped_to(world.a.tenant.id):
        assert db.session.scalars(select(ImportBatch)).all() == []


def test_a_file_with_200_columns_imports(world, staff):
    response = upload(staff, _header(200) + b"\nfine" + b"," * 199 + b"\n")
    assert imported_texts(staff, world.a.tenant, response) == ["fine"]


@pytest.mark.parametrize("header", [
    b"," * 400_000,  # 400,001 empty column names: 3.9 MB on one line
    b'"Comment\n",' * 400_000,  # as many names, each with a line break inside its quotes
    b'"' + b"x" * 200_000 + b'"',  # one name longer than the limit
], ids=["400k_columns", "400k_quoted_multiline_columns", "one_huge_name"])
def test_a_huge_header_is_refused_in_well_under_a_second(world, staff, header):
    started = time.process_time()
    response = upload(staff, header + b"\nfine\n")
    assert time.process_time() - started < 1.0
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "The first line (the column names) is longer than 64 KB" in page


def test_mapping_page_of_a_batch_stored_before_the_limit_offers_only_the_first_200_columns(world, staff):
    assert upload(staff, b"Comment,NPS\nfine,9\n").status_code == 302
    stored = batch(world.a.tenant)
    with scoped_to(world.a.tenant.id):
        db.session.execute(update(ImportBatch).where(ImportBatch.id == stored.id)
                           .values(columns=["Comment", "NPS"] + [f"Wide {n}" for n in range(10_000)]))
        db.session.commit()
    response = staff.get(f"/imports/{stored.id}/mapping")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "This file has 10,002 columns; only the first 200 can be mapped." in page
    assert "Wide 197" in page and "Wide 198" not in page
    assert len(page) < 1_000_000


def test_ragged_rows_are_rejected_but_trailing_empty_cells_are_not(world, staff):
    body = b"Comment,NPS,Name\nshort row,9\ntrailing cells,9,Ana,,\ntoo many,9,Ana,extra\nfine,9,Ben\n"
    texts = imported_texts(staff, world.a.tenant, upload(staff, body))
    assert texts == ["trailing cells", "fine"]
    with scoped_to(world.a.tenant.id):
        errors = [(e.line, e.message) for e in import_results.row_errors_page(batch(world.a.tenant)).items]
    assert errors == [(2, "The row has 2 cells; the header has 3."), (4, "The row has 4 cells; the header has 3.")]


def test_blank_lines_are_skipped_and_do_not_shift_line_numbers(world, staff):
    body = b"Comment,NPS\n\nfine,9\n,\nbad,99\n"
    imported_texts(staff, world.a.tenant, upload(staff, body))
    with scoped_to(world.a.tenant.id):
        [error] = import_results.row_errors_page(batch(world.a.tenant)).items
    assert (error.line, error.field) == (5, "nps")


def test_text_over_the_limit_is_a_row_error(world, staff):
    body = b"Comment\n" + b"y" * 100_001 + b"\nshort\n"
    assert imported_texts(staff, world.a.tenant, upload(staff, body)) == ["short"]
    with scoped_to(world.a.tenant.id):
        [error] = import_results.row_errors_page(batch(world.a.tenant)).items
    assert (error.line, error.message) == (2, "Keep the text under 100,000 characters.")


def test_nul_characters_are_a_row_error(world, staff):
    texts = imported_texts(staff, world.a.tenant, upload(staff, b"Comment,Name\nok,Ana\nbad,Bo\x00b\n"))
    assert texts == ["ok"]
    with scoped_to(world.a.tenant.id):
        [error] = import_results.row_errors_page(batch(world.a.tenant)).items
    assert (error.line, error.field, error.value) == (3, "submitter_name", "Bob")


def test_a_file_that_breaks_off_part_way_imports_nothing(world, staff, monkeypatch):
    monkeypatch.setattr(import_service, "CHUNK_SIZE", 1)
    cell_over_the_csv_limit = b"z" * 140_000
    body = b"Comment\nfirst is fine\nsecond is fine\n" + cell_over_the_csv_limit + b"\n"
    assert imported_texts(staff, world.a.tenant, upload(staff, body)) == []
    failed = batch(world.a.tenant)
    assert failed.status == ImportStatus.FAILED
    assert failed.failure.startswith("Line 4: the CSV cannot be read (field larger than field limit")
    assert "Nothing was imported" in staff.get(f"/imports/{failed.id}").get_data(as_text=True)


def test_a_database_failure_part_way_imports_nothing(world, staff, monkeypatch):
    monkeypatch.setattr(import_service, "CHUNK_SIZE", 2)
    real_insert, calls = import_service._insert_new_items, []

    def insert_then_fail(*args):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("connection lost")
        return real_insert(*args)

    monkeypatch.setattr(import_service, "_insert_new_items", insert_then_fail)
    body = b"Comment\n" + b"".join(b"row %d\n" % n for n in range(5))
    assert imported_texts(staff, world.a.tenant, upload(staff, body)) == []
    failed = batch(world.a.tenant)
    assert (failed.status, failed.imported_count, len(calls)) == (ImportStatus.FAILED, 0, 2)
    assert failed.failure == "The import broke off unexpectedly. Nothing was imported."


def test_duplicates_are_found_across_chunks(world, staff, monkeypatch):
    monkeypatch.setattr(import_service, "CHUNK_SIZE", 2)
    body = b"Comment\nsame\nother\nthird\nsame\nother\n"
    assert imported_texts(staff, world.a.tenant, upload(staff, body)) == ["same", "other", "third"]
    assert batch(world.a.tenant).duplicate_count == 2
