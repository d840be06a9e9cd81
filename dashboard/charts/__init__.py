"""Altair charts built by pure functions: a small DataFrame in, a chart out (never `st.*`), one module per
chart family; `dashboard.charts.base` holds what they share (config, Vietnamese number formats, titles)."""
from dashboard.charts.base import (
    EMPTY_MESSAGE, SELECTION, UNFINISHED_NOTE, UNIT_LABEL_LIMIT, WRAPPED_STEP, axis_label_lines, bucket_labels,
    config, empty_chart, rate_axis, two_lines, unfinished_bucket
)
from dashboard.charts import breakdown, par, ranking, tasks, trend
from dashboard.core.memo import remembered
from dashboard.charts.par import (
    CRITERION_LINE_CHARS, criteria_order, criterion_numbers, short_criterion_name, wrap_lines
)
from dashboard.charts.trend import spark_values

# The builders pages call, each remembered by its inputs (core/memo.py: building is the costly part).
breakdown_chart = remembered(breakdown.breakdown_chart)
par_criteria_heatmap = remembered(par.par_criteria_heatmap)
par_criteria_heatmap_narrow = remembered(par.par_criteria_heatmap_narrow)
ranking_chart = remembered(ranking.ranking_chart)
aging_chart = remembered(tasks.aging_chart)
status_stack_chart = remembered(tasks.status_stack_chart)
trend_chart = remembered(trend.trend_chart)

__all__ = ["CRITERION_LINE_CHARS", "EMPTY_MESSAGE", "SELECTION", "UNIT_LABEL_LIMIT", "WRAPPED_STEP", "aging_chart",
           "axis_label_lines", "breakdown_chart", "bucket_labels", "config", "criteria_order", "empty_chart",
           "par_criteria_heatmap", "par_criteria_heatmap_narrow", "criterion_numbers", "ranking_chart", "rate_axis",
           "short_criterion_name", "spark_values",
           "status_stack_chart", "trend_chart", "two_lines", "UNFINISHED_NOTE", "unfinished_bucket", "wrap_lines"]
