"""The one KPI catalog covers every SPEC figure, in Vietnamese."""
from dashboard.core.catalog import AREAS, KPIS, format_kpi, glossary_markdown, kpis_in
from dashboard.core.formatting import FORMATS
from data_access.kpi import SPEC_KEYS
from data_access.targets import DEFAULT_TARGETS


def test_every_spec_key_has_a_catalog_entry():
    expected = (set(SPEC_KEYS) - {"par", "par_year"}) | {"par_percent", "par_rank"}
    assert expected - set(KPIS) == set()


def test_entries_are_complete_and_consistent():
    for key, k in KPIS.items():
        assert k.key == key
        assert k.area in AREAS
        assert k.fmt in FORMATS
        assert k.label and k.short_label and k.help.endswith(".")
        assert k.higher_is_better in (True, False, None)
        if k.target_key is not None:
            assert k.target_key in DEFAULT_TARGETS
    for key in DEFAULT_TARGETS:
        assert KPIS[key].target_key == key


def test_vietnamese_labels_and_definitions():
    assert KPIS["dossier_on_time_rate"].label == "Tỷ lệ giải quyết đúng hạn"
    assert KPIS["dossier_on_time_rate"].help == "Số hồ sơ giải quyết đúng hạn / số hồ sơ đã giải quyết trong kỳ."
    assert KPIS["task_due_completion_rate"].label == "Tỷ lệ hoàn thành nhiệm vụ đến hạn"
    assert KPIS["par_rank"].higher_is_better is False
    assert KPIS["tasks_overdue"].delta_color == "inverse"
    assert KPIS["dossiers_received"].delta_color == "off"


def test_format_kpi():
    assert format_kpi("dossiers_received", 98281) == "98.281"
    assert format_kpi("dossier_on_time_rate", 0.995) == "99,5%"
    assert format_kpi("median_turnaround_days", 1.5) == "1,5 ngày"
    assert format_kpi("satisfaction_rate", None) == "–"


def test_glossary_lists_every_kpi_per_area():
    md = glossary_markdown()
    for k in KPIS.values():
        assert f"`{k.key}`" in md
    for area in AREAS.values():
        assert f"### {area.title}" in md
        assert kpis_in(area.key)
    assert "| Mã | Chỉ tiêu |" in md
