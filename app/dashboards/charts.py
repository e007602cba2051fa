"""Plotly figures for the dashboards, as JSON for static/js/charts.js to draw.

Labels are HTML-escaped: plotly renders a subset of HTML in text (links included),
and names come from users."""

import json
from html import escape

import plotly.graph_objects as go
from plotly.utils import PlotlyJSONEncoder

COLOURS = {"positive": "#198754", "neutral": "#adb5bd", "negative": "#dc3545", "bar": "#0d6efd"}
LAYOUT = dict(margin=dict(l=40, r=16, t=16, b=40), height=280, paper_bgcolor="rgba(0,0,0,0)",
              plot_bgcolor="rgba(0,0,0,0)", font=dict(family="system-ui, sans-serif", size=12))


def _safe(labels):
    return [escape(str(label)) for label in labels]


def to_json(figure):
    return json.dumps(figure.to_plotly_json(), cls=PlotlyJSONEncoder)


def trend_figure(trend):
    """NPS and average CSAT per period, volume as bars on a second axis."""
    periods = _safe(period for period, _ in trend)
    figure = go.Figure()
    figure.add_bar(x=periods, y=[f["items"] for _, f in trend], name="Items", marker_color="#cfe2ff", yaxis="y2",
                   hovertemplate="%{x}: %{y} items<extra></extra>")
    figure.add_scatter(x=periods, y=[f["nps"] for _, f in trend], name="NPS", mode="lines+markers",
                       line=dict(color=COLOURS["bar"]), hovertemplate="%{x}: NPS %{y}<extra></extra>")
    figure.update_layout(**LAYOUT, yaxis=dict(title="NPS", range=[-100, 100]),
                         yaxis2=dict(title="Items", overlaying="y", side="right", showgrid=False),
                         legend=dict(orientation="h", y=-0.2))
    return to_json(figure)


def element_figure(by_element):
    names = _safe(name for name, _ in by_element)
    figure = go.Figure(go.Bar(
        x=[f["nps"] for _, f in by_element], y=names, orientation="h", marker_color=COLOURS["bar"],
        hovertemplate="%{y}: NPS %{x}<extra></extra>",
    ))
    figure.update_layout(**{**LAYOUT, "margin": dict(l=160, r=16, t=16, b=40)}, xaxis=dict(title="NPS", range=[-100, 100]))
    return to_json(figure)


def sentiment_figure(summary):
    labels = ["positive", "neutral", "negative"]
    figure = go.Figure(go.Pie(labels=[label.capitalize() for label in labels], values=[summary[label] for label in labels],
                              hole=0.55, marker=dict(colors=[COLOURS[label] for label in labels]), sort=False,
                              hovertemplate="%{label}: %{value} (%{percent})<extra></extra>"))
    figure.update_layout(**LAYOUT, showlegend=True)
    return to_json(figure)


def volume_figure(by_key, label_of):
    keys = list(by_key)
    figure = go.Figure(go.Bar(x=_safe(label_of(k) for k in keys), y=[by_key[k]["items"] for k in keys],
                              marker_color=COLOURS["bar"], hovertemplate="%{x}: %{y}<extra></extra>"))
    figure.update_layout(**LAYOUT)
    return to_json(figure)
