"""The generated briefing sentences for crafted cases: increase, decrease, no change, zero previous, no data."""
from __future__ import annotations

from data_access.targets import DEFAULT_TARGETS

from dashboard.core.narrative import (
    NO_DATA, concentration, count_change, dossier_sentences, leader_sentences, par_sentences, petition_sentences,
    rank_change, rate_change, sentence, task_sentences,
)


def test_count_increase_in_percent():
    assert count_change(1950, 1871, "tuần trước") == "tăng 4,2% so với tuần trước"


def test_count_decrease_in_percent():
    assert count_change(1800, 2000, "tuần trước") == "giảm 10,0% so với tuần trước"


def test_small_counts_compare_in_units_not_percent():
    assert count_change(6, 3, "tuần trước") == "tăng 3 so với tuần trước"
    assert count_change(2, 5, "tuần trước") == "giảm 3 so với tuần trước"


def test_count_no_change():
    assert count_change(12, 12, "tuần trước") == "không đổi so với tuần trước"
    assert count_change(0, 0, "tuần trước") == "không đổi so với tuần trước"


def test_count_zero_previous():
    assert count_change(7, 0, "tuần trước") == "kỳ trước không có"


def test_count_no_data():
    assert count_change(None, 5) == "không có số liệu trong kỳ"
    assert count_change(5, None) == ""  # nothing to compare with: say nothing


def test_rate_in_percentage_points():
    assert rate_change(0.984, 0.976, "tuần trước") == "tăng 0,8 điểm % so với tuần trước"
    assert rate_change(0.968, 0.976, "tuần trước") == "giảm 0,8 điểm % so với tuần trước"
    assert rate_change(0.9761, 0.9759, "tuần trước") == "không đổi so với tuần trước"  # rounds to 0,0
    assert rate_change(None, 0.9) == "không có số liệu trong kỳ"
    assert rate_change(0.9, None, "tuần trước") == "tuần trước không có số liệu để so sánh"


def test_rank_lower_number_is_better():
    assert rank_change(1, 3, "năm 2024") == "tăng 2 bậc so với năm 2024"
    assert rank_change(5, 4, "năm 2024") == "giảm 1 bậc so với năm 2024"
    assert rank_change(2, 2, "năm 2024") == "giữ nguyên thứ hạng so với năm 2024"


def test_concentration_names_the_one_or_two_biggest():
    assert concentration([("Sở Xây dựng", 7), ("Sở Tài chính", 3), ("Sở Y tế", 2)]) == \
        "tập trung tại Sở Xây dựng (7) và Sở Tài chính (3)"
    assert concentration([("Sở Xây dựng", 1)]) == ""


def test_sentence_capitalises_and_ends_with_a_stop():
    assert sentence("tiếp nhận 3 hồ sơ", "", "không có hồ sơ quá hạn") == "Tiếp nhận 3 hồ sơ; không có hồ sơ quá hạn."
    assert sentence("đơn thư") == "Đơn thư."


DOSSIERS_NOW = {"dossiers_received": 1950, "dossiers_resolved": 1880, "dossier_on_time_rate": 0.976,
                "dossiers_pending_overdue": 12, "online_share": 0.265}
DOSSIERS_BEFORE = {"dossiers_received": 1871, "dossiers_resolved": 1700, "dossier_on_time_rate": 0.984,
                   "dossiers_pending_overdue": 9, "online_share": 0.265}


def test_dossier_sentence_the_example_of_the_issue():
    out = dossier_sentences(DOSSIERS_NOW, DOSSIERS_BEFORE, comparison="tuần trước",
                            overdue_by_unit=[("Sở Xây dựng", 7), ("Sở Tài chính", 1)],
                            rate_status="bad", rate_target=DEFAULT_TARGETS["dossier_on_time_rate"])
    assert out[0] == ("Tiếp nhận 1.950 hồ sơ, tăng 4,2% so với tuần trước; 12 hồ sơ quá hạn, "
                      "tập trung tại Sở Xây dựng (7).")
    assert out[1] == ("Giải quyết 1.880 hồ sơ, đúng hạn 97,6%, giảm 0,8 điểm % so với tuần trước, "
                      "chưa đạt chỉ tiêu (≥ 98,0%).")
    assert out[2] == "Tỷ lệ tiếp nhận trực tuyến 26,5%, không đổi so với tuần trước."


def test_dossier_sentence_zero_previous_and_nothing_overdue():
    now = DOSSIERS_NOW | {"dossiers_pending_overdue": 0}
    out = dossier_sentences(now, {"dossiers_received": 0, "dossier_on_time_rate": None}, comparison="tuần trước")
    assert out[0] == "Tiếp nhận 1.950 hồ sơ, kỳ trước không có; không có hồ sơ quá hạn."
    assert "tuần trước không có số liệu để so sánh" in out[1]


def test_dossier_sentence_no_data():
    empty = {"dossiers_received": 0, "dossiers_resolved": 0, "dossier_on_time_rate": None,
             "dossiers_pending_overdue": 0, "online_share": None}
    assert dossier_sentences(empty, empty) == [NO_DATA + "."]
    assert NO_DATA == "Không có số liệu trong kỳ"


def test_task_sentences_decrease_and_backlog():
    now = {"tasks_total": 8, "tasks_became_overdue": 3, "tasks_overdue_all": 186, "task_due_completion_rate": 0.9}
    before = {"tasks_total": 11, "tasks_overdue_all": 190, "task_due_completion_rate": 0.95}
    out = task_sentences(now, before, comparison="tuần trước", became_by_unit=[("Sở Xây dựng", 2)],
                         backlog_by_unit=[("Sở Xây dựng", 32)], rate_status="bad", rate_target=DEFAULT_TARGETS["task_due_completion_rate"])
    assert out == [
        "Giao mới 8 nhiệm vụ, giảm 3 so với tuần trước.",
        "3 nhiệm vụ đến hạn trong kỳ nhưng chưa hoàn thành, tập trung tại Sở Xây dựng (2).",
        "Tồn đọng 186 nhiệm vụ quá hạn, giảm 2,1% so với tuần trước; nhiều nhất tại Sở Xây dựng (32).",
        "Tỷ lệ hoàn thành nhiệm vụ đến hạn 90,0%, giảm 5,0 điểm % so với tuần trước, chưa đạt chỉ tiêu (≥ 95,0%).",
    ]


def test_task_sentences_no_data():
    assert task_sentences({"tasks_total": 0, "tasks_overdue_all": 0, "task_due_completion_rate": None}, {}) == \
        ["Không có số liệu trong kỳ."]


def test_petition_sentences_increase_and_no_change():
    now = {"petitions_received": 13, "petitions_eligible": 8, "petitions_overdue": 108, "reception_sessions": 1,
           "reception_people": 2}
    before = {"petitions_received": 13, "petitions_overdue": 105}
    out = petition_sentences(now, before, comparison="tuần trước", overdue_by_unit=[("Huyện Bình Sơn", 22)])
    assert out == [
        "Tiếp nhận 13 đơn thư, không đổi so với tuần trước; 8 đơn đủ điều kiện xử lý.",
        "108 đơn quá hạn giải quyết, tăng 2,9% so với tuần trước, tập trung tại Huyện Bình Sơn (22).",
        "Tổ chức 1 buổi tiếp công dân, tiếp 2 lượt người.",
    ]


def test_par_sentence_against_the_target_rank():
    out = par_sentences(year=2025, unit_name="Văn phòng UBND tỉnh", rank=1, total=20, previous_rank=3,
                        percent=0.9235, rank_status="good", rank_target=DEFAULT_TARGETS["par_rank"], mean=0.85,
                        previous_mean=0.842)
    assert out == [
        "Năm 2025, Văn phòng UBND tỉnh xếp hạng 1 trong 20 sở, ban, ngành (chỉ số 92,4%), "
        "tăng 2 bậc so với năm 2024, đạt chỉ tiêu (hạng ≤ 3).",
        "Chỉ số CCHC bình quân các sở, ban, ngành năm 2025 đạt 85,0%, tăng 0,8 điểm % so với năm 2024.",
    ]
    assert par_sentences(year=None, unit_name=None, rank=None, total=None, previous_rank=None, percent=None,
                         rank_status=None, rank_target=None) == ["Chưa có kết quả Chỉ số cải cách hành chính."]


def test_leader_sentences():
    now = {"tasks_overdue_all": 100, "dossiers_pending_overdue": 1573, "petitions_overdue": 63,
           "dossier_on_time_rate": 0.434}
    before = {"tasks_overdue_all": 100, "dossier_on_time_rate": 0.394}
    out = leader_sentences(now, before, comparison="tuần trước", assigned_overdue=5, worst_unit=("Sở Xây dựng", 55))
    assert out == [
        "Các đơn vị phụ trách tồn đọng 100 nhiệm vụ quá hạn, không đổi so với tuần trước; "
        "1.573 hồ sơ và 63 đơn thư quá hạn.",
        "Tỷ lệ giải quyết hồ sơ đúng hạn 43,4%, tăng 4,0 điểm % so với tuần trước.",
        "Cần đôn đốc Sở Xây dựng (55 nhiệm vụ quá hạn).",
        "5 nhiệm vụ do đồng chí giao đang quá hạn.",
    ]
