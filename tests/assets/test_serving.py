"""Static assets are sent compressed under content-hashed URLs and cached for a year;
signed-in pages are never stored; only chart pages load the (deferred) chart code."""

import re
from datetime import datetime

import pytest

from app.assets.sources import partial_bundle_version
from app.extensions import db
from app.feedback.models import Channel, Source
from app.feedback.services import FeedbackInput, record_feedback
from app.tenancy import scoped_to
from tests.api_support import bearer, make_token

HASHED_APP_CSS = re.compile(r'href="(/static/css/app\.[0-9a-f]{12}\.css)"')
HASHED_BOOTSTRAP_CSS = re.compile(r'href="(/bootstrap/static/css/bootstrap\.min\.[0-9a-f]{12}\.css)"')
SCRIPT_SOURCES = re.compile(r"<script([^>]*) src=\"([^\"]+)\"([^>]*)>")
ONE_YEAR_IMMUTABLE = "max-age=31536000, public, immutable"


def _asset_url(client, pattern):
    return pattern.search(client.get("/login").get_data(as_text=True)).group(1)


def _scripts(page):
    return {src: before + after for before, src, after in SCRIPT_SOURCES.findall(page)}


@pytest.fixture
def chart_data(world):
    with scoped_to(world.a.tenant.id):
        record_feedback(FeedbackInput(source=Source.CUSTOMER, channel=Channel.SURVEY, partner_id=world.a.partners[0].id,
                                      given_at=datetime.now(), nps=9, text="Quick answers"))
        db.session.commit()
    return world


def test_app_css_is_sent_brotli_compressed_under_a_hashed_url(client):
    response = client.get(_asset_url(client, HASHED_APP_CSS), headers={"Accept-Encoding": "gzip, br"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "br"
    assert "Accept-Encoding" in response.headers["Vary"]


def test_bootstrap_css_is_sent_gzip_compressed_when_brotli_is_not_accepted(client):
    response = client.get(_asset_url(client, HASHED_BOOTSTRAP_CSS), headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert int(response.headers["Content-Length"]) < 50_000  # 232 KB uncompressed


def test_hashed_assets_are_cached_for_a_year_as_immutable(client):
    for pattern in (HASHED_APP_CSS, HASHED_BOOTSTRAP_CSS):
        response = client.get(_asset_url(client, pattern))
        assert response.headers["Cache-Control"] == ONE_YEAR_IMMUTABLE
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_signed_in_html_is_no_store(world, login):
    response = login(world.a.manager).get("/")
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert response.headers["Cache-Control"] == "no-store"


def test_signed_in_csv_export_is_no_store(world, login):
    response = login(world.a.manager).get("/insights/program.csv")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


def test_chart_page_loads_the_chart_code_deferred(chart_data, login):
    page = login(chart_data.a.manager).get("/insights/").get_data(as_text=True)
    scripts = _scripts(page)
    charts = [src for src in scripts if re.fullmatch(r"/static/js/charts\.[0-9a-f]{12}\.js", src)]
    assert len(charts) == 1 and all("defer" in attributes for attributes in scripts.values())
    # plotly.js is no <script> of the page: charts.js fetches it after the first paint
    assert re.search(r'data-plotly="/static/vendor/plotly\.[0-9a-f]{12}\.js"', scripts[charts[0]])
    assert not [src for src in scripts if "plotly" in src]


def test_chart_page_gets_the_partial_bundle(chart_data, login):
    if partial_bundle_version() is None:
        pytest.skip("the npm basic bundle is not installed (no Node.js): the full bundle is served")
    client = login(chart_data.a.manager)
    page = client.get("/insights/").get_data(as_text=True)
    plotly_url = re.search(r'data-plotly="([^"]+)"', page).group(1)
    body = client.get(plotly_url).data
    assert b"plotly.js (basic - minified)" in body[:300]


def test_page_without_charts_loads_no_chart_script(world, login):
    page = login(world.a.manager).get("/").get_data(as_text=True)
    assert not [src for src in _scripts(page) if "plotly" in src or "charts." in src]
    assert "bootstrap.min." in page  # the page's own scripts are there, deferred too


def test_page_is_compressed_for_a_request_from_the_site_itself(world, login):
    response = login(world.a.manager).get("/", headers={"Accept-Encoding": "gzip, br", "Sec-Fetch-Site": "same-origin"})
    assert response.headers["Content-Encoding"] == "br"


def test_page_is_not_compressed_for_a_request_another_site_started(world, login):
    response = login(world.a.manager).get("/", headers={"Accept-Encoding": "gzip, br", "Sec-Fetch-Site": "cross-site"})
    assert "Content-Encoding" not in response.headers
    assert "Partnerloop" in response.get_data(as_text=True)


def test_page_is_not_compressed_for_a_browser_with_cookies_that_does_not_say_where_it_comes_from(world, login):
    response = login(world.a.manager).get("/", headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in response.headers


def test_api_json_is_left_uncompressed(world, client):
    headers = {**bearer(make_token(world.a.tenant)), "Accept-Encoding": "gzip, br"}
    response = client.get("/api/v1/partners", headers=headers)
    assert response.status_code == 200 and response.is_json
    assert "Content-Encoding" not in response.headers
