"""The before/after chart of an action's page, as JSON for static/js/charts.js.

One small panel per figure: NPS, CSAT, sentiment and the action-needed share have
different scales, and bars on one shared axis would mislead."""

import json

from plotly.subplots import make_subplots
from plotly.utils import PlotlyJSONEncoder

from app.insights.charts import COLOURS, LAYOUT, chart_template

SIDE_COLOURS = ("#adb5bd", COLOURS["bar"])  # before grey, after blue


def before_after_figure(comparison):
    metrics = comparison.metrics
    figure = make_subplots(rows=1, cols=len(metrics), subplot_titles=[metric.label for metric in metrics],
                           horizontal_spacing=0.08)
    for column, metric in enumerate(metrics, start=1):
        sides = (("Before", metric.before, metric.before_count), ("After", metric.after, metric.after_count))
        figure.add_bar(
            x=[side for side, _, _ in sides], y=[value for _, value, _ in sides], marker_color=list(SIDE_COLOURS),
            customdata=[count for _, _, count in sides], showlegend=False, row=1, col=column,
            hovertemplate="%{x}: %{y} (%{customdata} answers)<extra></extra>",
        )
    figure.update_layout(**{**LAYOUT, "margin": dict(l=40, r=16, t=40, b=40)}, template=chart_template())
    figure.update_annotations(font_size=11)
    # One page per action, not a dashboard: plotly's subplot layout is worth its cost here.
    return json.dumps(figure.to_plotly_json(), cls=PlotlyJSONEncoder)
