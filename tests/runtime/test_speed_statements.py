"""Regression guards for the hot paths: how many SQL statements they send.

A survey answer was 27 statements when lazy loads under the tenant criteria and the
flush's reference checks each went to the database; it is now one look-up of the link
with everything the page needs (the partner too: the feedback item does not read it
again), the writes and the job row of the item's analysis (no dedupe look-up: the item's
external id names the new response; themes, webhooks and rules are read by that job, in the
worker). The limits leave a little room for one more per-transaction statement (e.g. a
session setting), not for a lazy load per object."""

from contextlib import contextmanager

import pytest
from sqlalchemy import event, select

from app.extensions import db
from app.surveys.models import SurveyAnswer, SurveyResponse
from app.tenancy import scoped_to
from tests.surveys.helpers import full_answers, links_by_address, sent_campaign

CUSTOMER = "carol@customer.example"
# What one answer of the six-question standard survey sends, with room for 2 more: the
# look-up, the claim, the response, its answers (one executemany), the item, the job row,
# the response's item id.
ANSWER_LIMITS = {"postgresql": 7 + 2, "sqlite": 7 + 2}


@contextmanager
def counted_statements():
    """The SQL statements sent to the database inside the block (transaction control excluded)."""
    statements = []

    def record(_conn, _cursor, statement, _parameters, _context, _executemany):
        statements.append(" ".join(statement.split()))

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


@pytest.fixture
def answer_link(world, smtp):
    campaign = sent_campaign(world.a, [CUSTOMER])
    return campaign, links_by_address(smtp)[CUSTOMER]


def test_survey_answer_sends_a_bounded_number_of_statements(world, client, answer_link, parked_jobs):
    campaign, token = answer_link
    data = full_answers(campaign.survey)
    with counted_statements() as statements:
        response = client.post(f"/s/{token}", data=data)
    assert response.status_code == 200
    limit = ANSWER_LIMITS[db.engine.dialect.name]
    assert len(statements) <= limit, "\n".join(statements)
    with scoped_to(world.a.tenant.id):
        assert db.session.scalar(select(db.func.count(SurveyResponse.id))) == 1
        assert db.session.scalar(select(db.func.count(SurveyAnswer.id))) == 6


def test_survey_answer_reads_the_link_once_and_no_row_twice(client, answer_link):
    campaign, token = answer_link
    data = full_answers(campaign.survey)
    with counted_statements() as statements:
        client.post(f"/s/{token}", data=data)
    selects = [s for s in statements if s.startswith("SELECT")]
    assert sum("FROM survey_recipients" in s for s in selects) == 1
    # Loaded with the link (joined), never again on their own. (The partner is read once more:
    # record_feedback validates the partner id of every channel's input itself.)
    for table in ("survey_campaigns", "surveys", "survey_questions", "tenants", "customer_contacts"):
        assert not any(s.split(" FROM ", 1)[1].startswith(table + " ") for s in selects if " FROM " in s), table


def test_opening_the_survey_page_reads_the_link_once(client, answer_link):
    _, token = answer_link
    with counted_statements() as statements:
        response = client.get(f"/s/{token}")
    assert response.status_code == 200
    assert len(statements) <= 3, "\n".join(statements)  # the look-up, opened_at, (a session setting)


def test_an_answer_re_sent_to_a_link_already_answered_reads_the_link_and_nothing_else(client, answer_link):
    campaign, token = answer_link
    data = full_answers(campaign.survey)
    client.post(f"/s/{token}", data=data)
    with counted_statements() as statements:
        response = client.post(f"/s/{token}", data=data)
    assert b"already answered" in response.data
    # No teardown check of whether the transaction wrote (PostgreSQL): the page commits it.
    assert len(statements) == 1 and "FROM survey_recipients" in statements[0], "\n".join(statements)
