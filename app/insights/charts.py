"""Plotly figures for the dashboards, as JSON for static/js/charts.js to draw.

Labels are HTML-escaped: plotly renders a subset of HTML in text (links included),
and names come from users."""

import json
from functools import lru_cache
from html import escape

import plotly.io as pio
from plotly.utils import PlotlyJSONEncoder

COLOURS = {"positive": "#198754", "neutral": "#adb5bd", "negative": "#dc3545", "bar": "#0d6efd"}
LAYOUT = dict(margin=dict(l=40, r=16, t=16, b=40), height=280, paper_bgcolor="rgba(0,0,0,0)",
              plot_bgcolor="rgba(0,0,0,0)", font=dict(family="system-ui, sans-serif", size=12))


def _safe(labels):
    return [escape(str(label)) for label in labels]


# The trace types the app draws: plotly.js's basic bundle has exactly these (app/assets).
TRACE_TYPES = ("bar", "scatter", "pie")


@lru_cache(maxsize=1)
def chart_template():
    """plotly's default look, as go.Figure would embed it, less the defaults of trace types
    the app never draws (heatmaps, maps, 3-D ...): 3 KB per chart instead of 7 KB, and every
    chart carries it inside its page. The figures are plain dicts: building them as go.Figure
    objects validated every property on every request, ~15 ms per chart."""
    template = pio.templates[pio.templates.default].to_plotly_json()
    return {"layout": template["layout"], "data": {kind: template["data"][kind] for kind in TRACE_TYPES}}


def to_json(traces, **layout):
    """The JSON of a figure of `traces` (plotly trace dicts with their `type`)."""
    figure = {"data": traces, "layout": {"template": chart_template(), **LAYOUT, **layout}}
    return json.dumps(figure, cls=PlotlyJSONEncoder)


def count_axis(counts, **axis):
    """A y axis for counts: whole-number ticks from zero. Below ten plotly would tick at
    halves (0.5, 1.5 ...), so the step is fixed at one there; above, its own steps (2,
    5, 10 ...) are whole numbers already and `,d` writes them without decimals."""
    top = max(counts, default=0)
    return dict(tickformat=",d", rangemode="tozero", **({"dtick": 1} if top <= 10 else {}), **axis)


def trend_figure(trend):
    """NPS and average CSAT per period, volume as bars on a second axis."""
    periods = _safe(period for period, _ in trend)
    return to_json(
        [dict(type="bar", x=periods, y=[f["items"] for _, f in trend], name="Items", marker=dict(color="#cfe2ff"),
              yaxis="y2", hovertemplate="%{x}: %{y} items<extra></extra>"),
         dict(type="scatter", x=periods, y=[f["nps"] for _, f in trend], name="NPS", mode="lines+markers",
              line=dict(color=COLOURS["bar"]), hovertemplate="%{x}: NPS %{y}<extra></extra>")],
        yaxis=dict(title=dict(text="NPS"), range=[-100, 100]),
        yaxis2=count_axis([f["items"] for _, f in trend], title=dict(text="Items"), overlaying="y", side="right",
                          showgrid=False),
        legend=dict(orientation="h", y=-0.2))


def element_figure(by_element):
    names = _safe(name for name, _ in by_element)
    return to_json(
        [dict(type="bar", x=[f["nps"] for _, f in by_element], y=names, orientation="h",
              marker=dict(color=COLOURS["bar"]), hovertemplate="%{y}: NPS %{x}<extra></extra>")],
        margin=dict(l=160, r=16, t=16, b=40), xaxis=dict(title=dict(text="NPS"), range=[-100, 100]))


def sentiment_figure(summary):
    labels = ["positive", "neutral", "negative"]
    return to_json(
        [dict(type="pie", labels=[label.capitalize() for label in labels], values=[summary[label] for label in labels],
              hole=0.55, marker=dict(colors=[COLOURS[label] for label in labels]), sort=False,
              hovertemplate="%{label}: %{value} (%{percent})<extra></extra>")],
        showlegend=True)


def volume_figure(by_key, label_of):
    keys = list(by_key)
    return to_json(
        [dict(type="bar", x=_safe(label_of(k) for k in keys), y=[by_key[k]["items"] for k in keys],
              marker=dict(color=COLOURS["bar"]), hovertemplate="%{x}: %{y}<extra></extra>")],
        yaxis=count_axis([by_key[k]["items"] for k in keys]))
