"""Altair charts built by pure functions: a small DataFrame in, a chart out (never `st.*`), one module per
chart family; `dashboard.charts.base` holds what they share (config, Vietnamese number formats, titles)."""
from dashboard.charts.base import (
    EMPTY_MESSAGE, SELECTION, UNIT_LABEL_LIMIT, WRAPPED_STEP, axis_label_lines, bucket_labels, config, empty_chart,
    two_lines
)
from dashboard.charts.breakdown import breakdown_chart
from dashboard.charts.par import (
    CRITERION_LINE_CHARS, criteria_order, par_criteria_heatmap, short_criterion_name, wrap_lines
)
from dashboard.charts.ranking import ranking_chart
from dashboard.charts.tasks import aging_chart, status_stack_chart
from dashboard.charts.trend import trend_chart

__all__ = ["CRITERION_LINE_CHARS", "EMPTY_MESSAGE", "SELECTION", "UNIT_LABEL_LIMIT", "WRAPPED_STEP", "aging_chart",
           "axis_label_lines", "breakdown_chart", "bucket_labels", "config", "criteria_order", "empty_chart",
           "par_criteria_heatmap", "ranking_chart", "short_criterion_name", "status_stack_chart", "trend_chart",
           "two_lines", "wrap_lines"]
