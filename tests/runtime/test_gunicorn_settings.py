"""The production entry point's process settings."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.external

ROOT = Path(__file__).resolve().parents[2]


def test_wsgi_entry_point_freezes_the_startup_heap(tmp_path):
    # A separate interpreter: freezing this test process's heap would outlive the test.
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'runtime.db'}", "PARTNERLOOP_ENV": "development"}
    script = "import gc, wsgi; print(gc.get_freeze_count())"
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=60, check=True)
    # The app, its models, mappers and templates' machinery: tens of thousands of objects.
    assert int(result.stdout.strip().splitlines()[-1]) > 50_000
