"""The one KPI catalog covers every SPEC figure, in Vietnamese."""
import pytest

from dashboard.core.catalog import AREAS, COLUMNS, KPIS, column, glossary_markdown, kpis_in
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


def test_format_by_the_catalog():
    assert KPIS["dossiers_received"].format(98281) == "98.281"
    assert KPIS["dossier_on_time_rate"].format(0.995) == "99,5%"
    assert KPIS["median_turnaround_days"].format(1.5) == "1,5 ngày"
    assert KPIS["satisfaction_rate"].format(None) == "–"


def test_short_labels_are_unique_within_an_area():
    """A table of one area heads its figures by their short labels: two alike would be two equal headers."""
    for area in AREAS:
        labels = [k.short_label for k in kpis_in(area)]
        assert len(labels) == len(set(labels)), area


def test_table_headers_come_from_the_catalog():
    assert column("dossier_on_time_rate", "dossiers") == ("Tỷ lệ đúng hạn", "pct")
    assert column("dossier_on_time_rate") == ("Tỷ lệ giải quyết đúng hạn", "pct")  # outside its area: full label
    assert column("dossier_on_time_rate", "league") == ("Hồ sơ đúng hạn", "pct")
    assert column("unit_name", "tasks")[0] == "Cơ quan chủ trì"
    assert column("unit_name", "petitions")[0] == "Cơ quan xử lý"
    assert column("due_date", "petitions") == ("Hạn giải quyết", "date")
    for name, (header, fmt) in COLUMNS.items():
        assert header and (fmt is None or fmt in FORMATS), name
    with pytest.raises(KeyError):
        column("not_a_column")


def test_glossary_lists_every_kpi_per_area():
    md = glossary_markdown()
    for k in KPIS.values():
        assert f"`{k.key}`" in md
    for area in AREAS.values():
        assert f"### {area.title}" in md
        assert kpis_in(area.key)
    assert "| Mã | Chỉ tiêu |" in md
