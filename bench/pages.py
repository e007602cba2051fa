"""Page weight and first paint in a real browser (issue #16), `make pages`.

Serves the app twice with gunicorn, each on a fresh SQLite database holding the demo tenant:
"before" is the code of a git revision (default: main before the page-weight work, full
plotly.js, nothing compressed or fingerprinted), "after" is this checkout. Debian's Chromium
then opens each key page at phone width (390 px), on a slow network (Chrome DevTools
throttling: 1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip; CPU not throttled) and
unthrottled, with a cold cache (a fresh browser context) and then warm (the same context
again). It prints bytes transferred, requests, first contentful paint and load (on chart pages:
the load event or plotly.js ready, whichever comes later), checks the issue's targets and
writes bench/results/pages.json.

    .venv/bin/python bench/pages.py                  # before and after, ~5 minutes
    .venv/bin/python bench/pages.py --before none    # this checkout only
    .venv/bin/python bench/pages.py --repeat 3       # median of three loads per cell
"""

import argparse
import contextlib
import io
import json
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.smtp import free_port  # noqa: E402

BEFORE_REF = "e2072c5"  # main when the page-weight work began
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 390, "height": 844}
PASSWORD = "demo-password-2026"
LOGINS = {"admin": "admin@demo.example", "partner": "nora@northwind.example"}
SLOW = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8}
NETWORKS = {"slow": SLOW, "fast": None}
SURVEY = "survey"
# (name, who is signed in, path, kind of target)
PAGES = [
    ("login", None, "/login", "other"),
    ("staff home", "admin", "/", "other"),
    ("insights", "admin", "/insights/", "chart"),
    ("partner health", "admin", "/insights/partners", "other"),
    ("ideas", "admin", "/ideas/", "other"),
    ("partner home", "partner", "/", "other"),
    ("public survey", None, SURVEY, "survey"),
]
# Slow network, cold cache: (bytes at most, first paint within ms, load within ms); warm: load.
TARGETS = {"chart": (None, 1500, 3500), "other": (250_000, None, 2000), "survey": (100_000, None, 1500)}
WARM_LOAD_MS = 1000
REDIRECTS = {301, 302, 303, 307, 308}
# Chromium reports the paint entry a moment after the frame is shown, sometimes after `load`.
PAINT_AND_LOAD = """() => new Promise(resolve => {
    const ready = performance.getEntriesByName('plotly-ready')[0];
    const load = Math.max(performance.getEntriesByType('navigation')[0].loadEventEnd, ready ? ready.startTime : 0);
    const answer = entry => resolve({fcp: entry ? entry.startTime : null, load: load});
    new PerformanceObserver(list => {
        const paint = list.getEntriesByName('first-contentful-paint')[0];
        if (paint) answer(paint);
    }).observe({type: 'paint', buffered: true});
    setTimeout(() => answer(null), 5000);
})"""
SURVEY_LINK = re.compile(r"/s/[A-Za-z0-9_\-]+")


def _run(command, cwd, env):
    subprocess.run(command, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _checkout(ref, into):
    """The files of git revision `ref`, unpacked in `into` (no .git, no build, no node_modules)."""
    archive = subprocess.run(["git", "archive", "--format=tar", ref], cwd=ROOT, check=True, capture_output=True)
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(into, filter="data")
    return Path(into)


def _survey_path(database):
    with contextlib.closing(sqlite3.connect(database)) as connection:
        bodies = [row[0] for row in connection.execute(
            "SELECT text_body FROM outbox_messages WHERE to_address LIKE 'customer8@%' ORDER BY id")]
    return SURVEY_LINK.search(bodies[0]).group(0)


def _wait_for(url, process, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server for {url} exited with {process.returncode}")
        with contextlib.suppress(OSError):
            if urllib.request.urlopen(url + "/login", timeout=5).status == 200:
                return
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not start")


@contextlib.contextmanager
def served(tree, workdir):
    """gunicorn serving the app in `tree` on a new SQLite database with the demo tenant."""
    database = Path(workdir) / "pages.db"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "FLASK_APP": "wsgi", "PARTNERLOOP_ENV": "development"}
    env.pop("PARTNERLOOP_SERVE", None)
    python = sys.executable
    _run([python, "-m", "flask", "db", "upgrade"], tree, env)
    _run([python, "-m", "flask", "demo", "seed"], tree, env)
    port = free_port()
    command = [python, "-m", "gunicorn", "--chdir", str(tree), "-w", "2", "--worker-class", "gthread",
               "--threads", "4", "-b", f"127.0.0.1:{port}", "bench.bench_wsgi:app"]
    with open(Path(workdir) / "gunicorn.log", "wb") as log:
        process = subprocess.Popen(command, cwd=tree, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for(url, process)
        yield url, _survey_path(database)
    finally:
        process.terminate()
        process.wait(timeout=30)


class NetworkLog:
    """Requests and bytes on the wire of one page load, from the DevTools protocol."""

    def __init__(self, cdp):
        self.started, self.finished, self.cached, self.bytes = set(), set(), set(), 0
        cdp.on("Network.requestWillBeSent", self._sent)
        cdp.on("Network.requestServedFromCache", lambda event: self.cached.add(event["requestId"]))
        cdp.on("Network.loadingFinished", self._finished)
        cdp.on("Network.loadingFailed", lambda event: self.finished.add(event["requestId"]))

    def reset(self):
        self.started, self.finished, self.cached, self.bytes = set(), set(), set(), 0

    def _sent(self, event):
        if not event["request"]["url"].startswith("data:"):
            self.started.add(event["requestId"])

    def _finished(self, event):
        self.finished.add(event["requestId"])
        if event["requestId"] in self.started:
            self.bytes += event["encodedDataLength"]


def _visit(page, log, path):
    log.reset()
    page.goto(path, wait_until="load", timeout=120_000)
    if page.locator("script[data-plotly]").count():  # charts.js adds plotly.js: done once it is ready
        page.wait_for_function("performance.getEntriesByName('plotly-ready').length > 0", timeout=120_000)
    deadline = time.monotonic() + 10
    while log.started - log.finished and time.monotonic() < deadline:
        page.wait_for_timeout(50)  # the last loadingFinished events arrive just after `load`
    timing = page.evaluate(PAINT_AND_LOAD)
    return {"bytes": log.bytes, "requests": len(log.started), "from_cache": len(log.cached & log.started),
            "fcp_ms": round(timing["fcp"]) if timing["fcp"] is not None else None, "load_ms": round(timing["load"])}


def _measure(browser, url, path, state, network):
    """(cold, warm) figures of one page: a fresh context, then the same one again."""
    context = browser.new_context(base_url=url, viewport=VIEWPORT, storage_state=state)
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        if network:
            cdp.send("Network.emulateNetworkConditions", network)
        log = NetworkLog(cdp)
        cold = _visit(page, log, path)
        page.goto("about:blank")
        warm = _visit(page, log, path)
        return cold, warm
    finally:
        context.close()


def _signed_in_state(browser, url, email):
    context = browser.new_context(base_url=url)
    page = context.new_page()
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    redirects = []
    page.on("response", lambda response: redirects.append(response.url) if response.status in REDIRECTS else None)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state("load")
    state = context.storage_state()
    context.close()
    return state, len(redirects)


def _median_cell(samples):
    cell = {}
    for key in samples[0]:
        values = [sample[key] for sample in samples if sample[key] is not None]
        cell[key] = statistics.median(values) if values else None
    return cell


def _ms(value):
    return "-" if value is None else f"{value:.0f}"


def measure_site(browser, url, survey_path, repeat):
    states, redirects = {None: None}, {}
    for who, email in LOGINS.items():
        states[who], redirects[who] = _signed_in_state(browser, url, email)
    rows = []
    for name, who, path, kind in PAGES:
        path = survey_path if path == SURVEY else path
        for network_name, network in NETWORKS.items():
            samples = [_measure(browser, url, path, states[who], network) for _ in range(repeat)]
            rows.append({"page": name, "kind": kind, "network": network_name,
                         "cold": _median_cell([cold for cold, _ in samples]),
                         "warm": _median_cell([warm for _, warm in samples])})
    return rows, redirects


def verdict(row):
    """PASS/FAIL of a row against the issue's targets (slow network only), with the reasons."""
    if row["network"] != "slow":
        return "", []
    most_bytes, first_paint, load = TARGETS[row["kind"]]
    cold, warm, misses = row["cold"], row["warm"], []
    if most_bytes and cold["bytes"] > most_bytes:
        misses.append(f"{cold['bytes'] / 1000:.0f} KB > {most_bytes / 1000:.0f} KB")
    if first_paint and (cold["fcp_ms"] or float("inf")) > first_paint:
        misses.append(f"paint {_ms(cold['fcp_ms'])} > {first_paint} ms")
    if load and cold["load_ms"] > load:
        misses.append(f"load {cold['load_ms']:.0f} > {load} ms")
    if warm["load_ms"] > WARM_LOAD_MS:
        misses.append(f"warm load {warm['load_ms']:.0f} > {WARM_LOAD_MS} ms")
    return ("FAIL" if misses else "PASS"), misses


def print_table(results):
    header = (f"{'page':<15} {'version':<7} {'network':<7} {'cold KB':>8} {'req':>4} {'paint':>6} {'load':>6} "
              f"{'warm KB':>8} {'paint':>6} {'load':>6}  target")
    print(header)
    print("-" * len(header))
    for name, *_ in PAGES:
        for version, (rows, _) in results.items():
            for row in (r for r in rows if r["page"] == name):
                cold, warm = row["cold"], row["warm"]
                result, misses = verdict(row)
                print(f"{name:<15} {version:<7} {row['network']:<7} {cold['bytes'] / 1000:>8.1f} "
                      f"{cold['requests']:>4.0f} {_ms(cold['fcp_ms']):>6} {cold['load_ms']:>6.0f} "
                      f"{warm['bytes'] / 1000:>8.1f} {_ms(warm['fcp_ms']):>6} {warm['load_ms']:>6.0f}  "
                      f"{result} {'; '.join(misses)}".rstrip())
    for version, (_, redirects) in results.items():
        print(f"{version}: redirects after the log-in form: " + ", ".join(f"{who} {n}" for who, n in redirects.items()))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default=BEFORE_REF, help="git revision measured as 'before' ('none' to skip)")
    parser.add_argument("--repeat", type=int, default=1, help="loads per cell; the median is shown")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    versions = {} if args.before == "none" else {"before": args.before}
    versions["after"] = None
    results = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        for version, ref in versions.items():
            with tempfile.TemporaryDirectory(prefix=f"pages-{version}-") as workdir:
                tree = _checkout(ref, Path(workdir) / "tree") if ref else ROOT
                print(f"==> {version}: serving {ref or 'this checkout'} with the demo tenant", flush=True)
                with served(tree, workdir) as (url, survey_path):
                    results[version] = measure_site(browser, url, survey_path, args.repeat)
        browser.close()
    print_table(results)
    out = ROOT / "bench" / "results" / "pages.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({version: rows for version, (rows, _) in results.items()}, indent=1))
    failures = [row for row in results["after"][0] if verdict(row)[0] == "FAIL"]
    print(f"after: {len(failures)} of the slow-network rows miss a target; figures in {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
