"""The one KPI catalog: every figure declared once, read by cards, charts, exports and the glossary.

Keys are the figure keys of `data_access.kpi` (SPEC.md §2); `par_percent`, `par_rank` and
`par_score` stand for one unit's row of the `par` list. `help` is the SPEC definition in
Vietnamese. `higher_is_better` is True/False for figures with a direction and None for
volumes (counts that are neither good nor bad, e.g. dossiers received).
"""
from __future__ import annotations

from dataclasses import dataclass

from data_access.targets import DEFAULT_TARGETS

from dashboard.core.formatting import fmt_value


@dataclass(frozen=True)
class Area:
    key: str
    title: str  # Vietnamese section title
    short_title: str


AREAS: dict[str, Area] = {a.key: a for a in [
    Area("tasks", "Nhiệm vụ do UBND tỉnh, Chủ tịch UBND tỉnh giao", "Nhiệm vụ được giao"),
    Area("dossiers", "Giải quyết hồ sơ thủ tục hành chính", "Hồ sơ TTHC"),
    Area("petitions", "Tiếp công dân, giải quyết đơn thư khiếu nại, tố cáo, kiến nghị, phản ánh", "Đơn thư, tiếp dân"),
    Area("par", "Chỉ số cải cách hành chính (PAR Index)", "Chỉ số CCHC"),
]}


@dataclass(frozen=True)
class KPI:
    key: str  # figure key in data_access (SPEC.md §2)
    label: str  # full Vietnamese label (cards, table headers, chart titles)
    short_label: str  # a table column among figures of its own area (unique in the area)
    fmt: str  # a format name of formatting.fmt_value: int, pct, days, score, rank
    area: str  # a key of AREAS
    higher_is_better: bool | None  # None: a volume, neither good nor bad
    help: str  # the SPEC definition, in Vietnamese
    target_key: str | None = None  # key in data_access.targets (DEFAULT_TARGETS / `targets` table)

    def format(self, value) -> str:
        return fmt_value(value, self.fmt)


def _kpis(area: str, rows: list[tuple]) -> list[KPI]:
    out = []
    for key, label, short_label, fmt, higher, help_text in rows:
        target = key if key in DEFAULT_TARGETS else None
        out.append(KPI(key, label, short_label, fmt, area, higher, help_text, target))
    return out


_TASKS = _kpis("tasks", [
    ("tasks_total", "Tổng số nhiệm vụ được giao", "Nhiệm vụ được giao", "int", None,
     "Số nhiệm vụ có ngày giao trong kỳ, kể cả nhiệm vụ không có thời hạn."),
    ("tasks_no_deadline", "Nhiệm vụ không thời hạn", "Không thời hạn", "int", None,
     "Số nhiệm vụ giao trong kỳ không có hạn xử lý (nhiệm vụ thường xuyên); không tính vào các trạng thái và tỷ lệ."),
    ("tasks_completed_on_time", "Nhiệm vụ hoàn thành đúng hạn", "Hoàn thành đúng hạn", "int", True,
     "Nhiệm vụ có thời hạn, hoàn thành đến ngày cuối kỳ và không muộn hơn hạn xử lý."),
    ("tasks_completed_late", "Nhiệm vụ hoàn thành quá hạn", "Hoàn thành quá hạn", "int", False,
     "Nhiệm vụ có thời hạn, hoàn thành đến ngày cuối kỳ nhưng sau hạn xử lý."),
    ("tasks_in_progress_on_time", "Nhiệm vụ đang thực hiện trong hạn", "Đang thực hiện trong hạn", "int", None,
     "Nhiệm vụ có thời hạn, chưa hoàn thành đến ngày cuối kỳ và ngày cuối kỳ chưa quá hạn xử lý."),
    ("tasks_overdue", "Nhiệm vụ quá hạn chưa hoàn thành", "Quá hạn", "int", False,
     "Nhiệm vụ có thời hạn, chưa hoàn thành đến ngày cuối kỳ và hạn xử lý trước ngày cuối kỳ."),
    ("task_completion_rate", "Tỷ lệ hoàn thành nhiệm vụ", "Tỷ lệ hoàn thành", "pct", True,
     "Số nhiệm vụ đã hoàn thành / số nhiệm vụ có thời hạn."),
    ("task_on_time_rate", "Tỷ lệ hoàn thành đúng hạn", "Tỷ lệ đúng hạn", "pct", True,
     "Số nhiệm vụ hoàn thành đúng hạn / số nhiệm vụ đã hoàn thành."),
    ("task_due_completion_rate", "Tỷ lệ hoàn thành nhiệm vụ đến hạn", "Hoàn thành NV đến hạn", "pct", True,
     "Số nhiệm vụ đã hoàn thành / (số nhiệm vụ đã hoàn thành + số nhiệm vụ quá hạn chưa hoàn thành) — "
     "chỉ tiêu của Chính phủ (Báo cáo 1270/BC-TCTTTg: 16.051 / (16.051 + 223) = 98,6%)."),
    ("tasks_overdue_all", "Tồn đọng nhiệm vụ quá hạn", "Tồn đọng quá hạn", "int", False,
     "Mọi nhiệm vụ (giao vào bất kỳ ngày nào) giao đến ngày cuối kỳ, chưa hoàn thành và hạn xử lý trước ngày cuối kỳ."),
])

_DOSSIERS = _kpis("dossiers", [
    ("dossiers_received", "Hồ sơ tiếp nhận", "Tiếp nhận", "int", None,
     "Số hồ sơ tiếp nhận trong kỳ."),
    ("dossiers_online", "Hồ sơ tiếp nhận trực tuyến", "Trực tuyến", "int", None,
     "Số hồ sơ tiếp nhận trong kỳ qua kênh trực tuyến."),
    ("dossiers_postal", "Hồ sơ tiếp nhận qua bưu chính", "Bưu chính", "int", None,
     "Số hồ sơ tiếp nhận trong kỳ qua dịch vụ bưu chính công ích."),
    ("dossiers_direct", "Hồ sơ tiếp nhận trực tiếp", "Trực tiếp", "int", None,
     "Số hồ sơ tiếp nhận trong kỳ trực tiếp tại Bộ phận Một cửa."),
    ("dossiers_resolved", "Hồ sơ đã giải quyết", "Đã giải quyết", "int", None,
     "Số hồ sơ giải quyết trong kỳ (tiếp nhận vào bất kỳ ngày nào)."),
    ("dossiers_resolved_on_time", "Hồ sơ giải quyết đúng hạn", "Đúng hạn", "int", True,
     "Số hồ sơ giải quyết trong kỳ, có thời điểm giải quyết không muộn hơn hạn trả kết quả "
     "(khi một trong hai không có giờ thì so sánh theo ngày)."),
    ("dossier_on_time_rate", "Tỷ lệ giải quyết đúng hạn", "Tỷ lệ đúng hạn", "pct", True,
     "Số hồ sơ giải quyết đúng hạn / số hồ sơ đã giải quyết trong kỳ."),
    ("dossiers_pending", "Hồ sơ đang giải quyết", "Đang giải quyết", "int", None,
     "Số hồ sơ tiếp nhận đến ngày cuối kỳ, chưa giải quyết và chưa kết thúc (rút, trả lại) đến ngày cuối kỳ."),
    ("dossiers_pending_overdue", "Hồ sơ đang giải quyết quá hạn", "Đang quá hạn", "int", False,
     "Số hồ sơ đang giải quyết có hạn trả kết quả trước ngày cuối kỳ."),
    ("online_share", "Tỷ lệ hồ sơ trực tuyến", "Tỷ lệ trực tuyến", "pct", True,
     "Số hồ sơ tiếp nhận trực tuyến / số hồ sơ tiếp nhận trong kỳ."),
    ("satisfaction_rate", "Tỷ lệ hài lòng", "Tỷ lệ hài lòng", "pct", True,
     "Số đánh giá hài lòng / số hồ sơ có đánh giá, trong các hồ sơ giải quyết trong kỳ."),
    ("median_turnaround_days", "Thời gian giải quyết (trung vị)", "Thời gian giải quyết", "days", False,
     "Trung vị của (thời điểm giải quyết − thời điểm tiếp nhận), tính bằng ngày (số giờ / 24), "
     "trên các hồ sơ giải quyết trong kỳ."),
    ("dossiers_rated", "Hồ sơ có đánh giá", "Có đánh giá", "int", None,
     "Số hồ sơ giải quyết trong kỳ có đánh giá mức độ hài lòng."),
    ("dossiers_satisfied", "Hồ sơ đánh giá hài lòng", "Đánh giá hài lòng", "int", None,
     "Số hồ sơ giải quyết trong kỳ được đánh giá hài lòng."),
])

_PETITIONS = _kpis("petitions", [
    ("petitions_received", "Đơn thư tiếp nhận", "Tiếp nhận", "int", None,
     "Số đơn tiếp nhận trong kỳ."),
    ("petitions_group", "Đơn đông người", "Đông người", "int", None,
     "Số đơn đông người tiếp nhận trong kỳ."),
    ("petitions_eligible", "Đơn đủ điều kiện xử lý", "Đủ điều kiện", "int", None,
     "Số đơn tiếp nhận trong kỳ đủ điều kiện xử lý."),
    ("petitions_ineligible", "Đơn không đủ điều kiện xử lý", "Không đủ điều kiện", "int", None,
     "Số đơn tiếp nhận trong kỳ không đủ điều kiện xử lý."),
    ("petitions_complaint", "Đơn khiếu nại", "Khiếu nại", "int", None,
     "Số đơn đủ điều kiện xử lý loại khiếu nại."),
    ("petitions_denunciation", "Đơn tố cáo", "Tố cáo", "int", None,
     "Số đơn đủ điều kiện xử lý loại tố cáo."),
    ("petitions_recommendation", "Đơn kiến nghị, phản ánh", "Kiến nghị, phản ánh", "int", None,
     "Số đơn đủ điều kiện xử lý loại kiến nghị, phản ánh."),
    ("petitions_land_dispute", "Đơn tranh chấp đất đai", "Tranh chấp đất đai", "int", None,
     "Số đơn đủ điều kiện xử lý loại tranh chấp đất đai."),
    ("petitions_resolved", "Đơn đã giải quyết", "Đã giải quyết", "int", True,
     "Số đơn đủ điều kiện xử lý, tiếp nhận trong kỳ, đã giải quyết đến ngày cuối kỳ."),
    ("petition_resolution_rate", "Tỷ lệ giải quyết đơn thư", "Tỷ lệ giải quyết", "pct", True,
     "Số đơn đã giải quyết / số đơn đủ điều kiện xử lý."),
    ("petitions_overdue", "Đơn quá hạn giải quyết", "Quá hạn", "int", False,
     "Số đơn đủ điều kiện xử lý, tiếp nhận đến ngày cuối kỳ (mọi năm), chưa giải quyết và hạn giải quyết "
     "trước ngày cuối kỳ."),
    ("reception_sessions", "Lượt tiếp công dân", "Lượt tiếp", "int", None,
     "Số buổi tiếp công dân trong kỳ (toàn tỉnh, không lọc theo đơn vị)."),
    ("reception_people", "Số người được tiếp", "Người được tiếp", "int", None,
     "Tổng số người được tiếp trong các buổi tiếp công dân trong kỳ (toàn tỉnh)."),
    ("reception_group_delegations", "Đoàn đông người", "Đoàn đông người", "int", None,
     "Tổng số đoàn đông người trong các buổi tiếp công dân trong kỳ (toàn tỉnh)."),
])

_PAR = _kpis("par", [
    ("par_score", "Điểm Chỉ số CCHC", "Điểm CCHC", "score", True,
     "Tổng điểm thẩm định của đơn vị trong năm chỉ số (năm gần nhất có điểm, không sau năm của ngày cuối kỳ)."),
    ("par_percent", "Chỉ số CCHC", "Chỉ số CCHC", "pct", True,
     "Tổng điểm thẩm định / tổng điểm tối đa của đơn vị trong năm chỉ số."),
    ("par_rank", "Xếp hạng Chỉ số CCHC", "Xếp hạng CCHC", "rank", False,
     "Thứ hạng theo Chỉ số CCHC trong các đơn vị cùng loại (sở, ban, ngành với nhau; huyện với nhau); "
     "bằng điểm thì cùng hạng (1, 2, 2, 4)."),
])

KPIS: dict[str, KPI] = {k.key: k for k in [*_TASKS, *_DOSSIERS, *_PETITIONS, *_PAR]}


def kpis_in(area: str) -> list[KPI]:
    """The entries of one area, in catalog order."""
    return [k for k in KPIS.values() if k.area == area]


# Table columns that are not figures: header and format (a `fmt_value` name, None for text). A few read
# differently in one area: a task's unit is its lead unit, a petition's the handling unit.
COLUMNS: dict[str, tuple[str, str | None]] = {
    "unit_name": ("Đơn vị", None), "name": ("Đơn vị", None), "unit_kind": ("Loại đơn vị", None),
    "leader_name": ("Lãnh đạo", None), "title": ("Nhiệm vụ", None), "source_doc": ("Văn bản giao", None),
    "assigned_date": ("Ngày giao", "date"), "due_date": ("Hạn xử lý", "date"),
    "completed_date": ("Ngày hoàn thành", "date"), "days_overdue": ("Số ngày quá hạn", "int"),
    "days_left": ("Còn (ngày)", "int"), "state": ("Trạng thái", None), "oldest_due_at": ("Hạn sớm nhất", "date"),
    "field": ("Lĩnh vực", None), "petition_id": ("Số đơn", None), "received_date": ("Ngày nhận", "date"),
    "kind": ("Loại", None), "group_petition": ("Đông người", None), "people": ("Số người", "int"),
    "sessions": ("Số buổi", "int"), "rank": ("Hạng chung", "rank"),
    "percent": ("Tỷ lệ điểm", "pct"), "score": ("Điểm thẩm định", "score"), "max": ("Điểm tối đa", "score"),
    "change": ("Thay đổi điểm", "score_change"), "rank_change": ("Thay đổi hạng", "int_change"), "year": ("Năm", None),
}
AREA_COLUMNS: dict[str, dict[str, str]] = {
    "tasks": {"unit_name": "Cơ quan chủ trì", "leader_name": "Lãnh đạo giao"},
    "petitions": {"unit_name": "Cơ quan xử lý", "due_date": "Hạn giải quyết", "kind": "Loại đơn"},
    "par": {"rank": "Hạng", "kind": "Loại đơn vị"},
    # the league table mixes the areas in few words
    "league": {"unit_kind": "Loại", "task_due_completion_rate": "Hoàn thành NV đến hạn",
               "tasks_overdue_all": "NV quá hạn (tồn đọng)", "dossier_on_time_rate": "Hồ sơ đúng hạn",
               "dossiers_pending_overdue": "Hồ sơ đang quá hạn", "petitions_overdue": "Đơn thư quá hạn"},
}


def column(name: str, area: str | None = None) -> tuple[str, str | None]:
    """The header and format of a table column. A figure is named by its short label in a table of its own
    area and by its full label elsewhere; other columns come from `COLUMNS`; `AREA_COLUMNS` says how a column
    reads in one area (or in the league table, which mixes them). KeyError names an unknown column."""
    override = AREA_COLUMNS.get(area or "", {}).get(name)
    if name in KPIS:
        k = KPIS[name]
        return override or (k.short_label if area == k.area else k.label), k.fmt
    header, fmt = COLUMNS[name]
    return override or header, fmt


_FORMAT_NAMES = {"int": "số nguyên", "pct": "tỷ lệ %", "days": "ngày", "score": "điểm", "rank": "thứ hạng"}
_DIRECTION = {True: "cao hơn là tốt", False: "thấp hơn là tốt", None: "—"}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def glossary_markdown() -> str:
    """The catalog as a Markdown table per area (for the README and the in-app glossary)."""
    lines = []
    for area in AREAS.values():
        lines += [f"### {area.title}", "",
                  "| Mã | Chỉ tiêu | Định dạng | Chiều | Định nghĩa |", "|---|---|---|---|---|"]
        for k in kpis_in(area.key):
            lines.append(f"| `{k.key}` | {_cell(k.label)} | {_FORMAT_NAMES[k.fmt]} | "
                         f"{_DIRECTION[k.higher_is_better]} | {_cell(k.help)} |")
        lines.append("")
    return "\n".join(lines)
