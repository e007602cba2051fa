"""Links people are sent come from BASE_URL, never from the request's Host header, and
`make run` derives BASE_URL from HOST/PORT when it is not set (issue #15, item 2)."""

import os
import re
import subprocess
from pathlib import Path

import pytest

from app.mail.sender import deliver_all_due
from tests.factories import make_tenant, make_user
from tests.smtp import text_part

ROOT = Path(__file__).resolve().parents[2]
HOST_DERIVED = re.compile(r"_external\s*=\s*True|host_url|url_root")


def _run_env(**env):
    """BASE_URL as scripts/run.sh sets it, for the given environment."""
    clean = {k: v for k, v in os.environ.items() if k not in ("HOST", "PORT", "BASE_URL")}
    script = "source scripts/run_env.sh && printf %s \"$BASE_URL\""
    return subprocess.run(["bash", "-c", script], cwd=ROOT, env={**clean, **env}, capture_output=True,
                          text=True, check=True).stdout


@pytest.mark.pure
@pytest.mark.parametrize("env, expected", [
    ({}, "http://127.0.0.1:5000"),
    ({"PORT": "5101"}, "http://127.0.0.1:5101"),
    ({"HOST": "localhost", "PORT": "8080"}, "http://localhost:8080"),
    ({"HOST": "0.0.0.0", "PORT": "5101"}, "http://127.0.0.1:5101"),
    ({"PORT": "5101", "BASE_URL": "https://feedback.example.com"}, "https://feedback.example.com"),
])
def test_make_run_derives_base_url_from_host_and_port(env, expected):
    assert _run_env(**env) == expected


@pytest.mark.pure
def test_run_script_uses_the_derived_environment():
    script = (ROOT / "scripts" / "run.sh").read_text()
    assert "source scripts/run_env.sh" in script
    assert script.index("run_env.sh") < script.index("flask run")


@pytest.mark.pure
def test_no_link_is_built_from_the_request_host():
    offenders = [str(path.relative_to(ROOT)) for path in (ROOT / "app").rglob("*")
                 if path.suffix in (".py", ".html", ".txt") and HOST_DERIVED.search(path.read_text())]
    assert offenders == []


def test_password_reset_requested_with_a_forged_host_links_to_base_url(app, client, smtp):
    user = make_user("ada@example.com", "Ada Lovelace")
    make_tenant("Vendor", "vendor", user)
    client.post("/reset", data={"email": user.email}, headers={"Host": "attacker.example"})
    deliver_all_due()
    body = text_part(smtp.wait_for(1)[-1])
    assert "attacker.example" not in body
    assert re.search(re.escape(app.config["BASE_URL"]) + r"/reset/[A-Za-z0-9_-]+", body)
