"""A chart shown again is the chart built the first time (core.memo), and the spec the page sends is
exactly the one `st.altair_chart` would send (components.vega_lite_spec)."""
from __future__ import annotations

from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec

import chart_samples as samples
from dashboard import charts
from dashboard.ui.components import vega_lite_spec


def test_equal_inputs_give_the_same_chart_and_other_data_another():
    first = charts.ranking_chart(samples.dossiers_by_unit(), value="dossier_on_time_rate", title="Đúng hạn",
                                 fmt="pct", value_title="Tỷ lệ")
    again = charts.ranking_chart(samples.dossiers_by_unit(), value="dossier_on_time_rate", title="Đúng hạn",
                                 fmt="pct", value_title="Tỷ lệ")
    assert again is first
    changed = samples.dossiers_by_unit()
    changed.loc[0, "dossier_on_time_rate"] = 0.5
    other = charts.ranking_chart(changed, value="dossier_on_time_rate", title="Đúng hạn", fmt="pct",
                                 value_title="Tỷ lệ")
    assert other is not first
    assert vega_lite_spec(other) != vega_lite_spec(first)
    retitled = charts.ranking_chart(samples.dossiers_by_unit(), value="dossier_on_time_rate", title="Khác",
                                    fmt="pct", value_title="Tỷ lệ")
    assert retitled is not first


def test_the_spec_sent_is_what_altair_chart_sends():
    for figure in (charts.ranking_chart(samples.dossiers_by_unit(), value="dossiers_received", title="Tiếp nhận",
                                        value_title="Hồ sơ"),
                   charts.breakdown_chart(samples.dossiers_by_unit(), category="unit_name",
                                          value="dossiers_received", title="Theo đơn vị")):
        assert vega_lite_spec(figure) == _convert_altair_to_vega_lite_spec(figure)  # the latter checks the schema
        assert vega_lite_spec(figure) is vega_lite_spec(figure)  # made once
