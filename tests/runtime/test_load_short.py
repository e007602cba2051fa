"""A short run of the mixed load test (bench/mixed_load.py, `make load` runs it for a
minute): survey answers, portal page views and API writes at once against gunicorn and
PostgreSQL; no request fails and every acknowledged write is stored exactly once."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.external
@pytest.mark.slow
@pytest.mark.postgres(reason="the load test runs against PostgreSQL")
def test_short_mixed_load_has_no_errors_and_stores_each_write_once(database_url, tmp_path):
    report_path = tmp_path / "mixed_load.json"
    command = [sys.executable, str(ROOT / "bench/mixed_load.py"), "--seconds", "6", "--items", "200",
               "--database-url", database_url, "--json", str(report_path)]
    finished = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert finished.returncode == 0, finished.stdout[-3000:] + finished.stderr[-3000:]

    report = json.loads(report_path.read_text())
    for name, row in report["kinds"].items():
        assert row["errors"] == 0, (name, row)
        assert row["ok"] > 0, (name, row)
    for name, verdict in report["writes"].items():
        assert verdict["missing"] == verdict["doubled"] == 0, (name, verdict)
        assert verdict["stored"] == verdict["acknowledged"] > 0, (name, verdict)
