"""Which files become hashed assets, and where the plotly.js bundle comes from.

The browser gets plotly.js's official *basic* partial bundle (scatter, bar and pie: the trace
types the app draws), installed by npm from package.json at set-up time. Without Node.js it
falls back to the full plotly.min.js the plotly Python package ships, and says so in the log."""

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

import plotly
from plotly.offline import get_plotlyjs_version

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
PLOTLY_LOGICAL_NAME = "vendor/plotly.js"
PARTIAL_BUNDLE_DIR = ROOT / "node_modules" / "plotly.js-basic-dist-min"
PARTIAL_BUNDLE_FILE = "plotly-basic.min.js"
FULL_BUNDLE = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
# What base.html loads from Bootstrap-Flask; its other files (Bootswatch themes, icon fonts,
# Bootstrap 4) are not used and keep their plain, unhashed URLs.
BOOTSTRAP_FILES = ("css/bootstrap.min.css", "js/bootstrap.min.js", "umd/popper.min.js")


@dataclass(frozen=True)
class Asset:
    endpoint: str  # the url_for endpoint: "static" or "bootstrap.static"
    filename: str  # the name templates pass to url_for
    source: Path


def partial_bundle_version():
    """The version of the npm-installed basic bundle, or None when it is not installed."""
    try:
        package = json.loads((PARTIAL_BUNDLE_DIR / "package.json").read_text())
    except (OSError, ValueError):
        return None
    if not (PARTIAL_BUNDLE_DIR / PARTIAL_BUNDLE_FILE).is_file():
        return None
    return package.get("version")


def plotly_source():
    """The basic bundle when npm installed the version the plotly package emits figures for;
    otherwise the full bundle from the plotly package (4.8 MB instead of 1.2 MB)."""
    wanted = get_plotlyjs_version()
    found = partial_bundle_version()
    if found == wanted:
        return PARTIAL_BUNDLE_DIR / PARTIAL_BUNDLE_FILE
    reason = "is not installed (Node.js absent or `npm ci` not run)" if found is None else (
        f"is version {found}, the plotly package emits figures for {wanted}")
    log.warning("plotly.js basic bundle %s: serving the full plotly.min.js from the plotly package "
                "instead. Run scripts/bootstrap.sh with Node.js to send 4x less chart code.", reason)
    return FULL_BUNDLE


def _files_under(folder):
    for directory, subdirs, files in os.walk(folder):
        subdirs[:] = sorted(d for d in subdirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                path = Path(directory) / name
                yield path.relative_to(folder).as_posix(), path


def collect(app):
    """Every asset to hash: the app's static folder, Bootstrap-Flask's used files, plotly.js."""
    assets = [Asset("static", name, path) for name, path in _files_under(app.static_folder)]
    bootstrap_folder = Path(app.blueprints["bootstrap"].static_folder)
    assets += [Asset("bootstrap.static", name, bootstrap_folder / name) for name in BOOTSTRAP_FILES]
    assets.append(Asset("static", PLOTLY_LOGICAL_NAME, plotly_source()))
    return assets
