"""Building the hashed assets: names follow content, outputs are complete and compressed,
and the plotly.js bundle falls back to the plotly package's when npm's is missing."""

import json
import logging
from pathlib import Path

from plotly.offline import get_plotlyjs_version

from app.assets import sources
from app.assets.build import build
from app.assets.sources import Asset

ROOT = Path(__file__).resolve().parents[2]


def _asset(tmp_path, text):
    source = tmp_path / "src" / "site.css"
    source.parent.mkdir(exist_ok=True)
    source.write_text(text)
    return Asset("static", "css/site.css", source)


def test_a_changed_file_gets_a_new_hashed_name(tmp_path):
    first = build([_asset(tmp_path, "body { color: red; }")], tmp_path / "out")
    second = build([_asset(tmp_path, "body { color: blue; }")], tmp_path / "out")
    assert first != second
    for names in (first, second):  # the previous release's file stays for pages already rendered
        assert (tmp_path / "out" / "static" / names["static", "css/site.css"]).exists()


def test_build_writes_gzip_and_brotli_siblings(tmp_path):
    names = build([_asset(tmp_path, "main { margin: 0 auto; padding: 1rem; }\n" * 200)], tmp_path / "out")
    built = tmp_path / "out" / "static" / names["static", "css/site.css"]
    assert built.with_name(built.name + ".gz").stat().st_size < built.stat().st_size / 10
    assert built.with_name(built.name + ".br").stat().st_size < built.stat().st_size / 10


def test_npm_bundle_version_is_the_one_the_plotly_package_emits_figures_for():
    package = json.loads((ROOT / "package.json").read_text())
    assert package["dependencies"]["plotly.js-basic-dist-min"] == get_plotlyjs_version()


def test_missing_partial_bundle_falls_back_to_the_full_bundle_with_a_log_line(tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(sources, "PARTIAL_BUNDLE_DIR", tmp_path / "absent")
    with caplog.at_level(logging.WARNING, logger="app.assets.sources"):
        assert sources.plotly_source() == sources.FULL_BUNDLE
    assert "serving the full plotly.min.js" in caplog.text
