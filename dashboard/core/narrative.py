"""Short, natural Vietnamese sentences that say what changed — the lines a Vice-Chairman reads aloud.

"Tiếp nhận 1.950 hồ sơ, tăng 4,2% so với tuần trước; 12 hồ sơ quá hạn, tập trung tại Sở Xây dựng (7)."

Rules, so the same change always reads the same way:
- a count compares in percent when the previous value is at least `PERCENT_FROM` (a change from 3
  to 6 is "tăng 3", not "tăng 100%"), otherwise in units; a previous value of 0 is "kỳ trước không có";
- a rate compares in percentage points ("giảm 0,8 điểm %"), "không đổi" when the rounded change is 0;
- a rank goes "lên"/"xuống" so many places (a lower rank number is better);
- no value is "không có số liệu trong kỳ".
Numbers come from `formatting`, so they read exactly as on the cards and in the tables.
Pure functions of plain values; `attach_sentences` fills a `Briefing`. No Streamlit here.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from data_access.targets import Target

from dashboard.core.compare import VERDICT, target_bound
from dashboard.core.formatting import fmt_int, fmt_number, fmt_pct, fmt_rank, is_missing, round_half_up

PERCENT_FROM = 20  # below this a relative change says little: compare in units
NO_DATA = "Không có số liệu trong kỳ"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def sentence(*parts: str) -> str:
    """Join clauses with "; ", capitalise, end with a full stop."""
    body = "; ".join(p for p in parts if p)
    return _cap(body.rstrip(".")) + "." if body else ""


# --- changes -----------------------------------------------------------------------------------

def count_change(value, previous, comparison: str = "kỳ trước") -> str:
    """How a count moved: "tăng 4,2% so với tuần trước", "giảm 3 so với tuần trước", "không đổi so với …",
    "kỳ trước không có"; "" when there is nothing to compare with."""
    if is_missing(value):
        return "không có số liệu trong kỳ"
    if is_missing(previous):
        return ""
    value, previous = int(value), int(previous)
    if value == previous:
        return f"không đổi so với {comparison}"
    if previous == 0:
        return "kỳ trước không có"
    direction = "tăng" if value > previous else "giảm"
    delta = abs(value - previous)
    amount = fmt_pct(delta / previous) if previous >= PERCENT_FROM else fmt_int(delta)
    return f"{direction} {amount} so với {comparison}"


def rate_change(value, previous, comparison: str = "kỳ trước") -> str:
    """How a rate (a fraction) moved, in percentage points: "tăng 0,8 điểm % so với tuần trước"."""
    if is_missing(value):
        return "không có số liệu trong kỳ"
    if is_missing(previous):
        return f"{comparison} không có số liệu để so sánh"
    points = round_half_up((float(value) - float(previous)) * 100, 1)
    if points == 0:
        return f"không đổi so với {comparison}"
    direction = "tăng" if points > 0 else "giảm"
    return f"{direction} {fmt_number(abs(points), 1)} điểm % so với {comparison}"


def rank_change(value, previous, comparison: str = "năm trước") -> str:
    """How a rank moved: "tăng 2 bậc so với năm trước" (a smaller number is better), "giữ nguyên …"."""
    if is_missing(value):
        return "không có số liệu trong kỳ"
    if is_missing(previous):
        return ""
    if value == previous:
        return f"giữ nguyên thứ hạng so với {comparison}"
    direction = "tăng" if value < previous else "giảm"
    return f"{direction} {fmt_int(abs(value - previous))} bậc so với {comparison}"


def concentration(by_unit: Sequence[tuple[str, int]], *, min_count: int = 2) -> str:
    """"tập trung tại Sở Xây dựng (7)" — the one or two units with the most, if they hold at least 2 each."""
    top = [(name, int(n)) for name, n in by_unit if int(n) >= min_count][:2]
    if not top:
        return ""
    return "tập trung tại " + " và ".join(f"{name} ({fmt_int(n)})" for name, n in top)


def _clause(head: str, *tails: str) -> str:
    return ", ".join([head, *[t for t in tails if t]])


def _target_phrase(status: str | None, target: Target | None, fmt: str) -> str:
    """"chưa đạt chỉ tiêu (≥ 98,0%)" — the verdict rule of `compare`, with the bound in brackets."""
    if status is None or target is None:
        return ""
    return f"{VERDICT[status]} chỉ tiêu ({target_bound(target, fmt)})"


# --- per area, from plain dictionaries ------------------------------------------------------------

def dossier_sentences(now: Mapping, before: Mapping | None, *, comparison: str = "kỳ trước",
                      overdue_by_unit: Sequence[tuple[str, int]] = (), rate_status: str | None = None,
                      rate_target: Target | None = None) -> list[str]:
    """now / before: the dossier figures of SPEC §2.2 for the span and the previous span."""
    before = before or {}
    received, resolved = now.get("dossiers_received"), now.get("dossiers_resolved")
    if is_missing(received) and is_missing(resolved) or (received == 0 and resolved == 0
                                                          and not now.get("dossiers_pending_overdue")):
        return [NO_DATA + "."]
    out = []
    first = _clause(f"tiếp nhận {fmt_int(received)} hồ sơ",
                    count_change(received, before.get("dossiers_received"), comparison))
    overdue = now.get("dossiers_pending_overdue") or 0
    second = (_clause(f"{fmt_int(overdue)} hồ sơ quá hạn", concentration(overdue_by_unit)) if overdue
              else "không có hồ sơ quá hạn")
    out.append(sentence(first, second))
    if resolved:
        rate = now.get("dossier_on_time_rate")
        out.append(sentence(_clause(f"giải quyết {fmt_int(resolved)} hồ sơ, đúng hạn {fmt_pct(rate)}",
                                    rate_change(rate, before.get("dossier_on_time_rate"), comparison),
                                    _target_phrase(rate_status, rate_target, "pct"))))
    else:
        out.append(sentence("không có hồ sơ được giải quyết trong kỳ"))
    if not is_missing(now.get("online_share")):
        out.append(sentence(_clause(f"tỷ lệ tiếp nhận trực tuyến {fmt_pct(now['online_share'])}",
                                    rate_change(now["online_share"], before.get("online_share"), comparison))))
    return out


def task_sentences(now: Mapping, before: Mapping | None, *, comparison: str = "kỳ trước",
                   became_by_unit: Sequence[tuple[str, int]] = (), backlog_by_unit: Sequence[tuple[str, int]] = (),
                   rate_status: str | None = None, rate_target: Target | None = None) -> list[str]:
    before = before or {}
    total, backlog = now.get("tasks_total"), now.get("tasks_overdue_all")
    became = now.get("tasks_became_overdue") or 0
    if not total and not backlog and not became:
        return [NO_DATA + "."]
    out = [sentence(_clause(f"giao mới {fmt_int(total)} nhiệm vụ",
                            count_change(total, before.get("tasks_total"), comparison)))]
    if became:
        out.append(sentence(_clause(f"{fmt_int(became)} nhiệm vụ đến hạn trong kỳ nhưng chưa hoàn thành",
                                    concentration(became_by_unit))))
    else:
        out.append(sentence("không có nhiệm vụ nào chuyển sang quá hạn trong kỳ"))
    if backlog:
        out.append(sentence(_clause(f"tồn đọng {fmt_int(backlog)} nhiệm vụ quá hạn",
                                    count_change(backlog, before.get("tasks_overdue_all"), comparison)),
                            concentration(backlog_by_unit).replace("tập trung tại", "nhiều nhất tại")))
    rate = now.get("task_due_completion_rate")
    if not is_missing(rate):
        out.append(sentence(_clause(f"tỷ lệ hoàn thành nhiệm vụ đến hạn {fmt_pct(rate)}",
                                    rate_change(rate, before.get("task_due_completion_rate"), comparison),
                                    _target_phrase(rate_status, rate_target, "pct"))))
    return out


def petition_sentences(now: Mapping, before: Mapping | None, *, comparison: str = "kỳ trước",
                       overdue_by_unit: Sequence[tuple[str, int]] = ()) -> list[str]:
    before = before or {}
    received, overdue = now.get("petitions_received"), now.get("petitions_overdue") or 0
    sessions = now.get("reception_sessions") or 0
    if not received and not overdue and not sessions:
        return [NO_DATA + "."]
    out = [sentence(_clause(f"tiếp nhận {fmt_int(received)} đơn thư",
                            count_change(received, before.get("petitions_received"), comparison)),
                    _clause(f"{fmt_int(now.get('petitions_eligible'))} đơn đủ điều kiện xử lý",
                            f"{fmt_int(now['petitions_group'])} đơn đông người" if now.get("petitions_group") else "")
                    if received else "")]
    if overdue:
        out.append(sentence(_clause(f"{fmt_int(overdue)} đơn quá hạn giải quyết",
                                    count_change(overdue, before.get("petitions_overdue"), comparison),
                                    concentration(overdue_by_unit))))
    else:
        out.append(sentence("không có đơn thư quá hạn giải quyết"))
    if "reception_sessions" not in now:  # a briefing for some units only: reception is province-wide
        pass
    elif sessions:
        out.append(sentence(f"tổ chức {fmt_int(sessions)} buổi tiếp công dân, tiếp "
                            f"{fmt_int(now.get('reception_people'))} lượt người"))
    else:
        out.append(sentence("không có buổi tiếp công dân trong kỳ"))
    return out


def par_sentences(*, year: int | None, unit_name: str | None, rank, total: int | None, previous_rank,
                  percent, rank_status: str | None, rank_target: Target | None, mean=None,
                  previous_mean=None) -> list[str]:
    if not year:
        return [sentence("chưa có kết quả Chỉ số cải cách hành chính")]
    out = []
    if unit_name and not is_missing(rank):
        of = f" trong {fmt_int(total)} sở, ban, ngành" if total else ""
        out.append(sentence(_clause(f"năm {year}, {unit_name} xếp hạng {fmt_rank(rank)}{of} (chỉ số {fmt_pct(percent)})",
                                    rank_change(rank, previous_rank, f"năm {year - 1}"),
                                    _target_phrase(rank_status, rank_target, "rank"))))
    if not is_missing(mean):
        out.append(sentence(_clause(f"chỉ số CCHC bình quân các sở, ban, ngành năm {year} đạt {fmt_pct(mean)}",
                                    rate_change(mean, previous_mean, f"năm {year - 1}")
                                    if not is_missing(previous_mean) else "")))
    return out or [sentence(f"năm {year}: {NO_DATA.lower()} trong phạm vi đã chọn")]


def leader_sentences(now: Mapping, before: Mapping | None, *, comparison: str = "kỳ trước",
                     assigned_overdue: int = 0, worst_unit: tuple[str, int] | None = None) -> list[str]:
    """A vice-chairman's units in two or three sentences."""
    before = before or {}
    backlog = now.get("tasks_overdue_all") or 0
    out = [sentence(_clause(f"các đơn vị phụ trách tồn đọng {fmt_int(backlog)} nhiệm vụ quá hạn",
                            count_change(backlog, before.get("tasks_overdue_all"), comparison)),
                    f"{fmt_int(now.get('dossiers_pending_overdue'))} hồ sơ và "
                    f"{fmt_int(now.get('petitions_overdue'))} đơn thư quá hạn")]
    rate = now.get("dossier_on_time_rate")
    if not is_missing(rate):
        out.append(sentence(_clause(f"tỷ lệ giải quyết hồ sơ đúng hạn {fmt_pct(rate)}",
                                    rate_change(rate, before.get("dossier_on_time_rate"), comparison))))
    if worst_unit and worst_unit[1]:
        out.append(sentence(f"cần đôn đốc {worst_unit[0]} ({fmt_int(worst_unit[1])} nhiệm vụ quá hạn)"))
    if assigned_overdue:
        out.append(sentence(f"{fmt_int(assigned_overdue)} nhiệm vụ do đồng chí giao đang quá hạn"))
    return out


# --- filling a Briefing ----------------------------------------------------------------------------

def _pairs(df, name_col: str = "unit_name", count_col: str | None = None) -> list[tuple[str, int]]:
    if df is None or len(df) == 0:
        return []
    count_col = count_col or df.columns[-1]
    return list(zip(df[name_col], df[count_col]))


def _values(figures) -> tuple[dict, dict]:
    return ({f.key: f.value for f in figures}, {f.key: f.previous for f in figures})


def attach_sentences(briefing) -> None:
    """Write the sentences of every area and vice-chairman section of `briefing` (in place)."""
    raw_now = briefing.figures
    for area in briefing.areas:
        now, before = _values(area.figures)
        cmp = area.previous_label
        if area.key == "tasks":
            rate = area.figure("task_due_completion_rate")
            area.sentences = task_sentences(
                raw_now | now, before, comparison=cmp, became_by_unit=_pairs(area.data["became_by_unit"]),
                backlog_by_unit=_pairs(area.data["backlog_by_unit"]), rate_status=rate.status,
                rate_target=rate.target)
        elif area.key == "dossiers":
            rate = area.figure("dossier_on_time_rate")
            area.sentences = dossier_sentences(
                raw_now | now, before, comparison=cmp,
                overdue_by_unit=_pairs(area.data["overdue_by_unit"], count_col="dossiers_pending_overdue"),
                rate_status=rate.status, rate_target=rate.target)
        elif area.key == "petitions":
            area.sentences = petition_sentences(raw_now | now, before, comparison=cmp,
                                                overdue_by_unit=_pairs(area.data["overdue_by_unit"]))
        elif area.key == "par":
            area.sentences = _par_from_area(area)
    for section in briefing.leaders:
        now, before = _values(section.figures)
        section.sentences = leader_sentences(now, before, comparison=section.previous_label,
                                             assigned_overdue=section.assigned_overdue, worst_unit=section.worst_unit)


def _par_from_area(area) -> list[str]:
    figures = {f.key: f for f in area.figures}
    rank, pct, mean = figures.get("par_rank"), figures.get("par_percent"), figures.get("par_department_mean")
    return par_sentences(year=area.data.get("year"), unit_name=area.data.get("office_name"), rank=rank.value if rank else None,
                         total=rank.total if rank else None, previous_rank=rank.previous if rank else None,
                         percent=pct.value if pct else None, rank_status=rank.status if rank else None,
                         rank_target=rank.target if rank else None, mean=mean.value if mean else None,
                         previous_mean=mean.previous if mean else None)
