"""Program performance: scores, sentiment, volumes and trends for a period."""

import csv
import io
from dataclasses import dataclass

from flask import Blueprint, Response, render_template, request

from app.analysis.services.languages import not_analysed_count
from app.core.exports import safe_csv_row
from app.core.list_filters import page_number, usable_filters
from app.core.permissions import Access, default_access, is_staff
from app.extensions import db
from app.followups.services.lists import open_follow_ups_about
from app.followups.services.service_levels import service_level_figures
from app.insights import charts
from app.insights.forms import HealthFilterForm, ProgramFilterForm
from app.insights.services.health import WEIGHTS, partner_health
from app.insights.services.metrics import MetricFilters, program_performance
from app.insights.services.themes import theme_counts, top_negative_terms
from app.partners.models import Partner
from app.partners.services import list_partners
from app.surveys.services.settings import survey_settings
from app.tenancy.request import current_membership

bp = Blueprint("insights", __name__, url_prefix="/insights", template_folder="templates")
default_access(bp, Access.MEMBER)


def _filters_and_form():
    # Nonsense filters are ignored (and named on the page), never a 500.
    form = usable_filters(ProgramFilterForm(request.args))
    start, end = form.period()
    filters = MetricFilters(
        start=start, end=end, tier_id=form.tier_id.data, region=form.region.data or None,
        vertical=form.vertical.data or None, partner_id=form.partner_id.data,
        program_element_id=form.program_element_id.data, source=form.source.data or None,
        channel=form.channel.data or None,
    )
    return filters, form


def _view_model():
    filters, form = _filters_and_form()
    granularity = form.granularity.data if form.granularity.data in ("week", "month") else "month"
    figures = program_performance(filters, granularity=granularity,
                                  anonymity_threshold=survey_settings().anonymity_threshold)
    not_analysed = not_analysed_count(filters, include_anonymous=not figures["anonymous_hidden"])
    return dict(filters=filters, form=form, figures=figures, staff=is_staff(), not_analysed=not_analysed,
                query=request.query_string.decode("utf-8", "replace"),
                service_levels=service_level_figures(filters) if is_staff() else None)


def _theme_figures(model):
    """Themes (staff only) and frequent negative terms, with the view's anonymity rule."""
    include_anonymous = not model["figures"]["anonymous_hidden"]
    filters = model["filters"]
    return dict(themes=theme_counts(filters, include_anonymous) if model["staff"] else None,
                negative_terms=top_negative_terms(filters, include_anonymous=include_anonymous))


def _chart_json(figures):
    return {
        "trend": charts.trend_figure(figures["trend"]),
        "elements": charts.element_figure(figures["by_element"]),
        "sentiment": charts.sentiment_figure(figures["summary"]),
        "channels": charts.volume_figure(figures["by_channel"], lambda key: key.label),
    }


@bp.route("/")
def program():
    model = _view_model()
    return render_template("insights/program.html", charts=_chart_json(model["figures"]), **model,
                           **_theme_figures(model))


def _report_subject(filters):
    """Whom the report is about: a partner user's own organisation, the partner filtered
    on, or (None) the vendor's whole program."""
    if current_membership.partner is not None:
        return current_membership.partner.name
    if filters.partner_id:
        return db.session.get(Partner, filters.partner_id).name
    return None


@bp.route("/report")
def program_report():
    """The same figures as a printable page, for a quarterly business review: charts (drawn
    before printing) beside their tables, themes, follow-ups, and the filters in words."""
    model = _view_model()
    return render_template("insights/report.html", charts=_chart_json(model["figures"]), **model,
                           **_theme_figures(model), subject=_report_subject(model["filters"]),
                           filters_in_words=model["form"].described(),
                           follow_ups=open_follow_ups_about(model["filters"]))


CSV_COLUMNS = ("items", "nps", "nps_count", "promoters", "detractors", "csat", "csat_count", "rating",
               "rating_count", "sentiment", "positive", "neutral", "negative", "action_share")


@bp.route("/program.csv")
def program_csv():
    figures = _view_model()["figures"]
    rows = [("section", "key") + CSV_COLUMNS]
    sections = [("total", [("all", figures["summary"])]), ("previous period", [("all", figures["previous"])]),
                ("program element", figures["by_element"]), ("trend", figures["trend"]),
                ("source", [(k.value, v) for k, v in figures["by_source"].items()]),
                ("channel", [(k.value, v) for k, v in figures["by_channel"].items()])]
    for section, pairs in sections:
        rows += [(section, key) + tuple(values[c] for c in CSV_COLUMNS) for key, values in pairs]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows(safe_csv_row(row) for row in rows)
    return Response(buffer.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=program-performance.csv"})


TREND_ORDER = {"down": 0, "flat": 1, "up": 2}
SORTS = {
    "score": lambda h: (h.score is None, h.score or 0, h.partner.name.lower()),
    "score_desc": lambda h: (h.score is None, -(h.score or 0), h.partner.name.lower()),
    "name": lambda h: h.partner.name.lower(),
    "trend": lambda h: (TREND_ORDER[h.trend], h.score or 0),
}


HEALTH_PAGE_SIZE = 50


@dataclass(frozen=True)
class ListPage:
    """One page of an already sorted list, with the attributes of Flask-SQLAlchemy's Pagination."""

    items: list
    page: int
    pages: int
    total: int
    first: int  # 1-based position of the first item shown

    @classmethod
    def of(cls, rows, page, per_page):
        pages = max(1, -(-len(rows) // per_page))
        page = min(max(page, 1), pages)
        start = (page - 1) * per_page
        return cls(rows[start:start + per_page], page, pages, len(rows), start + 1)

    has_prev = property(lambda self: self.page > 1)
    has_next = property(lambda self: self.page < self.pages)
    prev_num = property(lambda self: self.page - 1)
    next_num = property(lambda self: self.page + 1)


@bp.route("/partners")
def partner_health_list():
    form = HealthFilterForm(request.args)
    if not form.validate():
        form = HealthFilterForm(formdata=None)
    partners = list_partners(tier_id=form.tier_id.data, region=form.region.data or None)
    # Sorting by score needs every partner's score; only the page shown is rendered.
    health = sorted(partner_health(partners), key=SORTS.get(form.sort.data, SORTS["score"]))
    pagination = ListPage.of(health, page_number(request.args), HEALTH_PAGE_SIZE)
    return render_template("insights/partner_health.html", pagination=pagination, form=form, weights=WEIGHTS,
                           filtered=any(v for k, v in request.args.items() if k != "page"))
