"""The printable report (issue #15, item 11): whom it is about and with which filters,
charts beside their tables, themes and follow-ups, and a partner's own title."""

import re
from datetime import datetime

from app.extensions import db
from app.feedback.models import Channel, Source
from app.tenancy import scoped_to
from tests.followups.helpers import make_follow_up, record_item
from tests.insights.test_program_view import _add

QUERY = "start=2026-01-01&end=2026-03-31"


def _feedback(org):
    with scoped_to(org.tenant.id):
        for index, nps in ((0, 3), (0, 10), (1, 9)):
            _add(org.partners[index], datetime(2026, 2, 1), nps=nps, text="Approvals are slow and painful",
                 source=Source.PARTNER, channel=Channel.PORTAL)
        db.session.commit()


def _h1(page):
    return re.search(r"<h1[^>]*>([^<]*)</h1>", page).group(1)


def test_report_filtered_to_a_partner_names_the_partner_and_the_filters(world, login):
    _feedback(world.a)
    partner = world.a.partners[0]
    page = login(world.a.admin).get(f"/insights/report?{QUERY}&partner_id={partner.id}&source=partner")\
        .get_data(as_text=True)
    assert _h1(page) == f"{partner.name}: program performance, 01 Jan 2026 – 31 Mar 2026"
    filters = re.search(r'id="report-filters">(.*?)</p>', page, re.S).group(1)
    assert f"Partner <strong>{partner.name}</strong>" in filters and "Source <strong>Partner</strong>" in filters
    assert f"<title>{partner.name}: Program report" in page


def test_report_has_charts_themes_and_follow_ups(world, login):
    _feedback(world.a)
    make_follow_up(world.a, record_item(world.a, 0), title="Call Partner A1 about approvals")
    make_follow_up(world.a, record_item(world.a, 1), title="Somebody else's follow-up")
    page = login(world.a.admin).get(f"/insights/report?{QUERY}&partner_id={world.a.partners[0].id}")\
        .get_data(as_text=True)
    assert page.count('class="js-chart chart"') == 4 and 'data-plotly="/static/vendor/plotly.' in page
    assert 'id="themes-title"' in page and 'id="terms-title"' in page
    assert "Follow-up service levels" in page
    assert "Call Partner A1 about approvals" in page and "Somebody else" not in page


def test_unfiltered_report_says_so(world, login):
    _feedback(world.a)
    page = login(world.a.admin).get(f"/insights/report?{QUERY}").get_data(as_text=True)
    assert _h1(page) == "Program performance, 01 Jan 2026 – 31 Mar 2026"
    assert re.search(r'id="report-filters">Filters:\s*none', page)


def test_a_partners_own_report_carries_the_partners_title(world, login):
    _feedback(world.a)
    partner = world.a.partners[0]
    page = login(world.a.partner_admins[0]).get(f"/insights/report?{QUERY}").get_data(as_text=True)
    assert _h1(page) == f"{partner.name}, 01 Jan 2026 – 31 Mar 2026"
    assert "partner program report" not in page and f"<title>{partner.name}: Program report" in page
    assert "Follow-up service levels" not in page  # staff figures stay staff's
    assert world.a.partners[1].name not in page
