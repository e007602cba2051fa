"""Cron commands run one copy at a time on PostgreSQL (advisory lock); SQLite runs them as asked."""

import pytest
from sqlalchemy import text

from app.core.job_lock import job_lock, lock_key
from app.extensions import db
from app.surveys import cli as survey_cli

COMMANDS = (["surveys", "remind"], ["followups", "escalate"], ["followups", "digest"], ["analysis", "rerun"])


def _on_postgres():
    return db.engine.dialect.name == "postgresql"


@pytest.fixture
def held(app):
    """Another process holding the `surveys remind` lock, on its own connection."""
    if not _on_postgres():
        pytest.skip("advisory locks are PostgreSQL's")
    connection = db.engine.connect()
    connection.scalar(text("SELECT pg_advisory_lock(:key)"), {"key": lock_key("surveys remind")})
    yield connection
    connection.scalar(text("SELECT pg_advisory_unlock(:key)"), {"key": lock_key("surveys remind")})
    connection.close()


def test_a_second_copy_of_a_running_job_does_nothing(app, held, monkeypatch):
    calls = []
    monkeypatch.setattr(survey_cli, "send_all_reminders", lambda: calls.append(1) or 0)
    result = app.test_cli_runner().invoke(args=["surveys", "remind"])
    assert result.exit_code == 0 and "Another `surveys remind` is running" in result.output
    assert calls == []


def test_the_job_runs_once_the_other_copy_is_done(app, held, monkeypatch):
    calls = []
    monkeypatch.setattr(survey_cli, "send_all_reminders", lambda: calls.append(1) or 0)
    held.scalar(text("SELECT pg_advisory_unlock(:key)"), {"key": lock_key("surveys remind")})
    result = app.test_cli_runner().invoke(args=["surveys", "remind"])
    held.scalar(text("SELECT pg_advisory_lock(:key)"), {"key": lock_key("surveys remind")})  # for the fixture
    assert result.exit_code == 0 and "Queued 0 survey reminders" in result.output
    assert calls == [1]


def test_locks_are_per_job_and_released_after_the_run(app):
    with job_lock("followups digest") as first, job_lock("followups digest") as second, \
            job_lock("followups escalate") as other:
        assert first and other
        assert second is (not _on_postgres())  # SQLite: no locking, every copy runs
    with job_lock("followups digest") as again:
        assert again


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_every_cron_command_runs_when_alone(app, world, args):
    result = app.test_cli_runner().invoke(args=args)
    assert result.exit_code == 0, result.output
    assert "is running" not in result.output
