"""Reading single rows: header guesses, value formats, look-ups by name, and row errors."""

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.feedback.models import Channel, FeedbackItem, LoopResponse, Source
from app.feedback.services import (
    FeedbackFilters,
    FeedbackInput,
    build_feedback,
    feedback_values,
    filtered_feedback,
)
from app.imports.models import DateFormat, ImportRowError
from app.imports.services import batches as import_service
from app.imports.services.rows import (
    References,
    RowError,
    guess_mapping,
    parse_channel,
    parse_date,
    parse_score,
)
from app.tenancy import scoped_to


def import_csv(tenant, text, **mapping_options):
    """Upload, optionally re-map, and import `text` in `tenant`; returns the finished batch."""
    with scoped_to(tenant.id):
        batch = import_service.store_upload("rows.csv", text.encode(), "utf-8")
        db.session.flush()
        if mapping_options:
            mapping = {**batch.mapping, **mapping_options.pop("mapping", {})}
            import_service.save_mapping(batch, mapping, mapping_options.get("source", "customer"),
                                        mapping_options.get("date_format", "iso"))
        import_service.run_import(batch, all_or_nothing=False)
        return batch


def errors_of(tenant, batch):
    with scoped_to(tenant.id):
        rows = db.session.scalars(select(ImportRowError).where(ImportRowError.batch_id == batch.id)
                                  .order_by(ImportRowError.line)).all()
        return [(e.line, e.field, e.message) for e in rows]


def items_of(tenant):
    with scoped_to(tenant.id):
        return db.session.scalars(select(FeedbackItem).order_by(FeedbackItem.id)).all()


@pytest.mark.parametrize("headers, expected", [
    (["Conversation ID", "Created at", "Message", "CSAT score", "Customer name"],
     {"external_id": 0, "given_at": 1, "text": 2, "csat": 3, "submitter_name": 4}),
    (["Post ID", "Posted", "Network", "Author", "Post", "Sentiment"],
     {"external_id": 0, "given_at": 1, "channel": 2, "submitter_name": 3, "text": 4}),
    (["Call date", "Partner name", "Customer comment", "Likelihood to recommend", "Lang"],
     {"given_at": 0, "partner": 1, "text": 2, "nps": 3, "language": 4}),
    (["Something", ""], {}),
])
def test_mapping_is_guessed_from_vendor_tool_headers(headers, expected):
    assert guess_mapping(headers) == expected


def test_a_column_is_guessed_for_one_field_only():
    assert guess_mapping(["Rating", "Score"]) == {"rating": 0}


@pytest.mark.parametrize("raw, expected", [
    ("2025-05-01", datetime(2025, 5, 1, 12)),
    ("2025/05/01", datetime(2025, 5, 1, 12)),
    ("2025-05-01T10:15:00Z", datetime(2025, 5, 1, 10, 15)),
    ("2025-05-01 10:15:00+02:00", datetime(2025, 5, 1, 8, 15)),
    ("", None),
])
def test_iso_dates_become_naive_utc(raw, expected):
    assert parse_date(raw, DateFormat.ISO) == expected


@pytest.mark.parametrize("raw, date_format, expected", [
    ("01/05/2025", DateFormat.DAY_FIRST, datetime(2025, 5, 1, 12)),
    ("01.05.2025 17:30", DateFormat.DAY_FIRST, datetime(2025, 5, 1, 17, 30)),
    ("05/01/2025 5:30 PM", DateFormat.MONTH_FIRST, datetime(2025, 5, 1, 17, 30)),
    ("05/01/2025 12:10 AM", DateFormat.MONTH_FIRST, datetime(2025, 5, 1, 0, 10)),
    ("2025-05-01T10:15:00", DateFormat.DAY_FIRST, datetime(2025, 5, 1, 10, 15)),
])
def test_local_date_formats_are_read_as_chosen(raw, date_format, expected):
    assert parse_date(raw, date_format) == expected


@pytest.mark.parametrize("raw, date_format", [("01/05/2025", DateFormat.ISO), ("31/13/2025", DateFormat.DAY_FIRST),
                                              ("yesterday", DateFormat.MONTH_FIRST)])
def test_unreadable_dates_are_row_errors(raw, date_format):
    with pytest.raises(RowError) as error:
        parse_date(raw, date_format)
    assert error.value.field == "given_at"


@pytest.mark.parametrize("raw, expected", [("9", 9), (" 10 ", 10), ("9.0", 9), ("n/a", None), ("", None)])
def test_scores_are_whole_numbers_or_empty(raw, expected):
    assert parse_score(raw, "nps") == expected


@pytest.mark.parametrize("raw, message", [("9.5", "NPS must be a whole number."), ("nine", "NPS is not a number.")])
def test_other_scores_are_row_errors(raw, message):
    with pytest.raises(RowError, match=message):
        parse_score(raw, "nps")


@pytest.mark.parametrize("raw, expected", [
    ("", Channel.IMPORT), ("call_center", Channel.CALL_CENTER), ("Call Center", Channel.CALL_CENTER),
    ("Phone", Channel.CALL_CENTER), ("Live chat", Channel.CHAT), ("Twitter", Channel.SOCIAL),
    ("E-mail", Channel.EMAIL),
])
def test_channels_are_read_with_common_aliases(raw, expected):
    assert parse_channel(raw) == expected


def test_unknown_channel_is_a_row_error():
    with pytest.raises(RowError, match="Unknown channel"):
        parse_channel("carrier pigeon")


def test_partners_elements_and_categories_are_found_by_name_ignoring_case(world):
    text = ("Comment,Partner,Program,Category\nabout MDF,partner a2,mdf,REQUEST\n"
            f"by id,{world.a.partners[0].id},,\n")
    import_csv(world.a.tenant, text, mapping={"program_element": 2, "category": 3})
    first, second = items_of(world.a.tenant)
    assert first.partner_id == world.a.partners[1].id
    assert (first.program_element.name, first.category.name) == ("MDF", "Request")
    assert second.partner_id == world.a.partners[0].id


def test_unknown_program_element_and_category_are_row_errors(world):
    batch = import_csv(world.a.tenant, "Comment,Program,Category\nx,Nope,\ny,,Nope\n",
                       mapping={"program_element": 1, "category": 2})
    assert errors_of(world.a.tenant, batch) == [(2, "program_element", "Unknown program element."),
                                                (3, "category", "Unknown category.")]


def test_source_column_overrides_the_default_source(world):
    batch = import_csv(world.a.tenant, "Comment,Source\na,partner\nb,\nc,reseller\n", source="internal")
    assert [i.source for i in items_of(world.a.tenant)] == [Source.PARTNER, Source.INTERNAL]
    assert errors_of(world.a.tenant, batch) == [(4, "source", "Unknown source (use customer, partner or internal).")]


def test_future_dates_bad_emails_and_long_names_are_row_errors(world):
    tomorrow = (datetime.now() + timedelta(days=2)).date().isoformat()
    text = (f"Comment,Date,Email,Name\nfuture,{tomorrow},,\nmail,2025-01-01,not-an-email,\n"
            f"name,2025-01-01,,{'n' * 121}\nfine,2025-01-01,ok@example.com,Ok\n")
    batch = import_csv(world.a.tenant, text)
    assert errors_of(world.a.tenant, batch) == [
        (2, "given_at", "The date the feedback was given cannot be in the future."),
        (3, "submitter_email", "Not an email address."),
        (4, "submitter_name", "Too long (at most 120 characters)."),
    ]
    assert [i.text for i in items_of(world.a.tenant)] == ["fine"]


def test_a_score_alone_is_enough_and_drives_the_loop_response(world):
    import_csv(world.a.tenant, "Comment,NPS\n,2\n")
    [item] = items_of(world.a.tenant)
    assert (item.text, item.nps, item.loop_response) == ("", 2, LoopResponse.ACTION_NEEDED)


def test_bulk_values_match_what_build_feedback_gives_one_item(world):
    with scoped_to(world.a.tenant.id):
        references = References()
        data = FeedbackInput(source=Source.CUSTOMER, channel=Channel.CHAT, text="Slow, but the agent was kind",
                             partner_id=world.a.partners[0].id, nps=7, csat=4, language="de",
                             given_at=datetime(2025, 1, 2, 3, 4), external_id="c-1", submitter_name="Ana",
                             submitter_email="ana@example.com")
        values = feedback_values(data, known=references.known)
        item = build_feedback(data)
    for column, value in values.items():
        expected = item.partner.id if column == "partner_id" else getattr(item, column)
        assert value == expected, column


def test_imported_rows_carry_the_dedupe_key_build_feedback_gives(world):
    import_csv(world.a.tenant, "Comment,Date,Ticket ID\nhello,2025-01-01,\nwith id,2025-01-01,T-9\n")
    plain, with_id = items_of(world.a.tenant)
    with scoped_to(world.a.tenant.id):
        expected_plain = build_feedback(FeedbackInput(source=Source.CUSTOMER, channel=Channel.IMPORT, text="hello",
                                                      given_at=datetime(2025, 1, 1, 12))).dedupe_key
    assert plain.dedupe_key == expected_plain
    assert with_id.dedupe_key == "ext:import:T-9"


def test_imported_dates_and_enums_compare_in_sql_like_recorded_ones(world):
    import_csv(world.a.tenant, "Comment,Date,Channel\nold,2025-01-01 09:00,chat\nnew,2025-02-01 09:00,chat\n")
    with scoped_to(world.a.tenant.id):
        statement = filtered_feedback(FeedbackFilters(since=datetime(2025, 1, 1, 9, 0, 1), channel="chat"))
        assert [item.text for item in db.session.scalars(statement)] == ["new"]
