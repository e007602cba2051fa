"""CSV downloads cannot carry spreadsheet formulas: `safe_csv_cell` (property-tested)
and every .csv route of the app, fed a hostile value."""

import csv
import io
from datetime import datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.exports import FORMULA_PREFIXES, safe_csv_cell, safe_csv_row
from app.extensions import db
from app.feedback.models import Channel, ProgramElement, Source
from app.feedback.services import FeedbackInput, record_feedback
from app.tenancy import scoped_to

FORMULA = '=HYPERLINK("http://evil.example.com","click")'
DANGEROUS_STARTS = ("=", "+", "-", "@", "\t", "\r")

cells = st.text(alphabet=st.characters(codec="utf-8"), max_size=40)
# No example database: it would write a .hypothesis/ folder into the checkout.
quick = settings(database=None, max_examples=100)
formula_cells = st.builds(lambda start, rest: start + rest, st.sampled_from(DANGEROUS_STARTS), cells)


def test_formula_prefixes_cover_every_dangerous_start():
    assert set(FORMULA_PREFIXES) == set(DANGEROUS_STARTS)


@quick
@given(formula_cells)
def test_a_cell_starting_like_a_formula_gets_a_leading_apostrophe(cell):
    assert safe_csv_cell(cell) == "'" + cell


@quick
@given(cells.filter(lambda cell: not cell.startswith(DANGEROUS_STARTS)))
def test_any_other_cell_is_left_unchanged(cell):
    assert safe_csv_cell(cell) == cell


@quick
@given(st.one_of(st.integers(), st.floats(allow_nan=False), st.none()))
def test_non_text_values_are_not_turned_into_formulas(value):
    cell = safe_csv_cell(value)
    assert cell == ("" if value is None else value)


@quick
@given(st.lists(st.lists(st.one_of(cells, formula_cells), min_size=1, max_size=5), min_size=1, max_size=5))
def test_a_csv_written_with_safe_cells_parses_back_to_the_same_neutralised_cells(rows):
    buffer = io.StringIO()
    csv.writer(buffer).writerows(safe_csv_row(row) for row in rows)
    parsed = list(csv.reader(io.StringIO(buffer.getvalue(), newline="")))
    assert parsed == [[safe_csv_cell(cell) for cell in row] for row in rows]
    assert not any(cell.startswith(DANGEROUS_STARTS) for row in parsed for cell in row)


def _cells(response):
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return [cell for row in csv.reader(io.StringIO(response.get_data(as_text=True))) for cell in row]


def _assert_neutralised(cells):
    assert "'" + FORMULA in cells
    assert not any(
        cell.startswith(DANGEROUS_STARTS) and not cell.lstrip("-").replace(".", "").isdigit()
        for cell in cells
    )


TESTED_CSV_ROUTES = {"/audit/export.csv", "/insights/program.csv", "/imports/<int:batch_id>/errors.csv"}


def test_every_csv_download_route_is_tested_here(app):
    assert {rule.rule for rule in app.url_map.iter_rules() if rule.rule.endswith(".csv")} == TESTED_CSV_ROUTES


def test_audit_export_neutralises_a_hostile_partner_name(world, login):
    client = login(world.a.admin)
    partner = world.a.partners[0]
    response = client.post(
        f"/partners/{partner.id}/edit", data={"name": FORMULA, "region": "", "vertical": ""}
    )
    assert response.status_code == 302
    _assert_neutralised(_cells(client.get("/audit/export.csv")))


def test_program_export_neutralises_a_hostile_program_element_name(world, login):
    org = world.a
    with scoped_to(org.tenant.id):
        element = ProgramElement(name=FORMULA)
        db.session.add(element)
        db.session.flush()
        record_feedback(
            FeedbackInput(
                source=Source.PARTNER,
                channel=Channel.PORTAL,
                text="Good",
                nps=9,
                partner_id=org.partners[0].id,
                program_element_id=element.id,
                given_at=datetime.now() - timedelta(days=1),
            )
        )
        db.session.commit()
    _assert_neutralised(_cells(login(org.admin).get("/insights/program.csv")))


def test_import_error_export_neutralises_a_hostile_cell(world, login):
    client = login(world.a.manager)
    upload = client.post(
        "/imports/new",
        content_type="multipart/form-data",
        data={
            "file": (
                io.BytesIO(f'Comment,NPS\nhello,"{FORMULA.replace(chr(34), chr(34) * 2)}"\n'.encode()),
                "hostile.csv",
            ),
            "encoding": "utf-8",
        },
    )
    assert upload.status_code == 302
    batch_id = int(upload.headers["Location"].split("/imports/")[1].split("/")[0])
    client.post(f"/imports/{batch_id}/run", data={"mode": "partial"})
    _assert_neutralised(_cells(client.get(f"/imports/{batch_id}/errors.csv")))
