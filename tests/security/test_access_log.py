"""Tokens never reach an access-log line: link tokens in paths, query strings and Referer
headers, and API tokens in Authorization headers are masked by gunicorn's logger class
(gunicorn.conf.py) and by the filter wsgi.py puts on werkzeug's development server log.
Checked on the log of real requests to real servers."""

import os

import pytest

from app.core.access_log import MASK, mask_tokens
from app.core.tokens import new_token
from tests.served import flask_run, gunicorn, request

# What a gunicorn access log can show of a request: the default ("combined") format plus
# the path, the query string and the Authorization header.
ACCESS_LOG_FORMAT = ('%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" '
                     'path=%(U)s query=%(q)s auth="%({authorization}i)s"')


def _tokens():
    return {name: new_token()[0] for name in ("survey", "invitation", "reset", "loop", "api")}


def _request_with_tokens(port, tokens):
    headers = {"Referer": f"http://127.0.0.1:{port}/invitations/{tokens['invitation']}",
               "Authorization": f"Bearer pl_{tokens['api']}"}
    request(port, f"/s/{tokens['survey']}?next=/loop/{tokens['loop']}", headers=headers)
    request(port, f"/reset/{tokens['reset']}")


@pytest.fixture
def server_env(app):
    return {**os.environ, "PARTNERLOOP_ENV": "development", "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"]}


def _assert_masked(log, tokens):
    assert [name for name, token in tokens.items() if token in log] == []
    assert f"/s/{MASK}?next=/loop/{MASK}" in log and f"/reset/{MASK}" in log


@pytest.mark.external
def test_gunicorn_access_log_masks_tokens(server_env, tmp_path):
    tokens, log_path = _tokens(), tmp_path / "server.log"
    access_log = tmp_path / "access.log"
    with gunicorn("wsgi:app", server_env, log_path, "--access-logfile", str(access_log),
                  "--access-logformat", ACCESS_LOG_FORMAT) as port:
        _request_with_tokens(port, tokens)
    log = access_log.read_text()
    _assert_masked(log, tokens)
    assert f"/invitations/{MASK}" in log and f'auth="{MASK}"' in log and "path=/s/" in log


@pytest.mark.external
def test_development_server_access_log_masks_tokens(server_env, tmp_path):
    tokens, log_path = _tokens(), tmp_path / "server.log"
    with flask_run(server_env, log_path) as port:
        _request_with_tokens(port, tokens)
    log = log_path.read_text()
    _assert_masked(log, tokens)
    assert "GET /reset/" in log  # the request lines are there, masked


def test_every_kind_of_token_is_masked_and_ordinary_paths_are_not():
    raw_token = new_token()[0]
    assert mask_tokens(f"GET /s/{raw_token} HTTP/1.1") == f"GET /s/{MASK} HTTP/1.1"
    assert mask_tokens(f"Bearer pl_{raw_token}") == f"Bearer {MASK}"
    ordinary = "GET /feedback/?partner_id=12&q=slow+approvals /static/vendor/bootstrap-5.3.3.min.css"
    assert mask_tokens(ordinary) == ordinary
