"""Building the briefing from the database: the figures of the span, the previous span and a year ago,
the exceptions agenda of each area, the vice-chairmen's sections, then the sentences. Takes a connection
from its caller (the store or the CLI); opens none itself."""
from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd

from sqlalchemy import Connection

from data_access import briefing_queries as bq
from data_access import conclusions as kl
from data_access import explanations
from data_access.breakdowns import data_version
from data_access.clock import now_local
from data_access.dossiers import dossiers_by_bucket, overdue_pending_dossiers
from data_access.kpi import all_figures
from data_access.par import par_ranking, par_year_for
from data_access.period import Period
from data_access.petitions import overdue_petitions, petitions_by_kind
from data_access.scope import ALL_UNITS, Scope, resolve_scope, unit_tree
from data_access.targets import Target, load_targets
from data_access.tasks import overdue_aging, tasks_due_soon

from dashboard.briefing.model import (
    CONCLUSION_STATE_LABELS, DEFAULT_MIN_RESOLVED, OFFICE_UNIT, TITLE_LIMIT, TREND_WEEKS, Agenda, AreaBriefing,
    Briefing, ConclusionsSection, Figure, LeaderSection, Span, week_numbers_label,
)
from dashboard.core import compare
from dashboard.core.catalog import AREAS, KPIS
from dashboard.core.formatting import (
    PETITION_KIND_LABELS, UNIT_KIND_LABELS, fmt_change, fmt_date, fmt_int, fmt_pct, fmt_rank, is_missing,
    label,
)
from dashboard.core.narrative import attach_sentences
from dashboard.core.units import root_of as units_root_of

# --- building ---------------------------------------------------------------------------------------

# Extra figures of the briefing that the catalog does not declare (briefing-only).
EXTRA_LABELS = {
    "tasks_became_overdue": ("Nhiệm vụ đến hạn trong kỳ chưa hoàn thành", "int", False),
    "par_department_mean": ("Chỉ số CCHC bình quân sở, ban, ngành", "pct", True),
}

AREA_FIGURES = {
    "tasks": ["tasks_total", "task_due_completion_rate", "tasks_became_overdue", "tasks_overdue_all"],
    "dossiers": ["dossiers_received", "dossiers_resolved", "dossier_on_time_rate", "online_share",
                 "dossiers_pending_overdue", "satisfaction_rate"],
    # Not petition_resolution_rate: of the petitions received in one week, hardly any is resolved by its
    # Sunday (legal time limits run 30–90 days), so the weekly rate is a red 0% that says nothing.
    "petitions": ["petitions_received", "petitions_eligible", "petitions_group", "petitions_overdue",
                  "reception_sessions", "reception_people"],
}
RECEPTION_KEYS = ("reception_sessions", "reception_people", "reception_group_delegations")
LEADER_FIGURES = ["tasks_overdue_all", "tasks_became_overdue", "task_due_completion_rate", "dossier_on_time_rate",
                  "dossiers_pending_overdue", "petitions_overdue"]


def _meta(key: str) -> tuple[str, str, bool | None]:
    if key in KPIS:
        k = KPIS[key]
        return k.label, k.fmt, k.higher_is_better
    return EXTRA_LABELS[key]


def make_figure(key: str, now: dict, before: dict | None, year_ago: dict | None,
                targets: dict[str, Target]) -> Figure:
    label_, kind, higher = _meta(key)
    target = targets.get(KPIS[key].target_key) if key in KPIS and KPIS[key].target_key else None
    value = now.get(key)
    return Figure(key, label_, kind, value, (before or {}).get(key), (year_ago or {}).get(key), higher, target,
                  compare.verdict(value, target))


def _figures_with_became_overdue(conn, period: Period, scope: Scope) -> dict:
    figures = all_figures(conn, period=period, scope=scope)
    figures["tasks_became_overdue"], _ = bq.tasks_became_overdue(conn, period=period, scope=scope, limit=1)
    return figures


def build_briefing(conn: Connection, *, week: str, weeks: int = 1, scope: Scope = ALL_UNITS,
                   scope_label: str = "Toàn tỉnh", min_resolved: int = DEFAULT_MIN_RESOLVED,
                   leaders: bool = True, now: datetime | None = None, province_wide: bool = True) -> Briefing:
    """The briefing for ISO `week` ("2026-W48") and a span of `weeks` (1 or 2) ending with it.

    province_wide=False (a user who may see only some units): no citizen-reception figures — they are
    province-wide, with no unit to cut them by.
    """
    span = Span.parse(week, weeks)
    period = span.period
    targets = load_targets(conn)
    figs = {
        "now": _figures_with_became_overdue(conn, period, scope),
        "before": _figures_with_became_overdue(conn, span.previous, scope),
        "year_ago": _figures_with_became_overdue(conn, span.year_ago, scope),
    }
    if not province_wide:
        for values in figs.values():
            for key in RECEPTION_KEYS:
                values.pop(key, None)
    areas = [
        _tasks_area(conn, span, scope, figs, targets),
        _dossiers_area(conn, span, scope, figs, targets, min_resolved),
        _petitions_area(conn, span, scope, figs, targets),
        _par_area(conn, span, scope, targets),
    ]
    for area in areas:
        area.previous_label = span.previous_label if area.key != "par" else area.previous_label
    sections = _leader_sections(conn, span, scope, targets, min_resolved) if leaders else []
    briefing = Briefing(span, period, span.previous, span.year_ago, scope_label, now or now_local(), areas,
                        sections, figs["now"], min_resolved, data_version(conn).updated_at,
                        follow_up=follow_up(conn, period.end, scope))
    briefing.conclusions = conclusions_section(conn, span, scope)
    attach_sentences(briefing)
    return briefing


def follow_up(conn: Connection, day, scope: Scope) -> list[Agenda]:
    """The follow-up tables of a briefing whose span ends on `day`: the explanation requests overdue then."""
    return [explanation_agenda(explanations.overdue_on(conn, day=day, scope=scope), day)]


def explanation_agenda(requests: list[explanations.Request], day) -> Agenda:
    """"Yêu cầu giải trình quá hạn": each request with its unit, what was asked, its due date and days late.
    The texts are people's words: the page and the projector draw them through md(), the pack as plain text."""
    return Agenda("explanations_overdue", "Yêu cầu giải trình quá hạn",
                  ["Đơn vị", "Số", "Nội dung cần giải trình", "Yêu cầu", "Hạn giải trình", "Quá hạn"],
                  [[r.unit_name, str(r.id), _cut(r.subject.label), _cut(r.question), fmt_date(r.due_date),
                    f"{(day - r.due_date).days} ngày"] for r in requests[:15]],
                  len(requests), "Không có yêu cầu giải trình nào quá hạn.")


def _area(key: str, figures: list[Figure], agenda: list[Agenda], data: dict) -> AreaBriefing:
    a = AREAS[key]
    return AreaBriefing(key, a.title, a.short_title, figures, agenda, data)


def _cut(text: str, limit: int = TITLE_LIMIT) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _trend_period(span: Span) -> Period:
    return Period(span.period.end - timedelta(days=7 * TREND_WEEKS - 1), span.period.end)


# --- briefing conclusions ---

def conclusions_section(conn, span: Span, scope: Scope) -> ConclusionsSection:
    """The earlier briefings' conclusions in their state at the span's end, and this briefing's own."""
    period = span.period
    earlier = kl.previous_conclusions(conn, week=span.iso, as_of=period.end, since=period.start, scope=scope)
    own = kl.conclusions_of_week(conn, week=span.iso, as_of=period.end, scope=scope)
    counts = {state: int((earlier["state"] == state).sum()) for state in CONCLUSION_STATE_LABELS}
    previous = Agenda(
        "conclusions_previous", f"Kết luận các phiên giao ban trước: tình hình đến ngày {fmt_date(period.end)}",
        # The state right after the title: on a narrow screen the table scrolls sideways, the state stays in view.
        ["Phiên giao ban", "Kết luận", "Tình trạng", "Cơ quan chủ trì", "Hạn xử lý", "Hoàn thành"],
        [[_week_label(r.briefing_week), _cut(r.title), CONCLUSION_STATE_LABELS[r.state], r.unit_name,
          fmt_date(r.due_date), fmt_date(r.completed_date) if _done_by(r.completed_date, period.end) else "–"]
         for r in earlier.itertuples()],
        len(earlier), "Không có kết luận nào của các phiên giao ban trước cần theo dõi.")
    this_week = Agenda(
        "conclusions_this_week", "Kết luận đã ghi cho phiên giao ban này",
        ["Kết luận", "Cơ quan chủ trì", "Người giao", "Hạn xử lý"],
        [[_cut(r.title), r.unit_name, r.leader_name, fmt_date(r.due_date)] for r in own.itertuples()],
        len(own), "Chưa ghi kết luận nào cho phiên giao ban này.")
    return ConclusionsSection(previous, this_week, counts, _conclusions_sentence(counts))


def _week_label(week: str) -> str:
    return week_numbers_label(Span.parse(week).period)


def _done_by(completed, as_of) -> bool:
    return completed is not None and not pd.isna(completed) and completed <= as_of


def _conclusions_sentence(counts: dict[str, int]) -> str:
    total = sum(counts.values())
    if not total:
        return "Không có kết luận nào của các phiên giao ban trước cần theo dõi."
    parts = [f"{fmt_int(n)} {CONCLUSION_STATE_LABELS[state].lower()}" for state, n in counts.items() if n]
    return f"{fmt_int(total)} kết luận của các phiên giao ban trước: " + "; ".join(parts) + "."


# --- tasks ---

def _tasks_area(conn, span: Span, scope: Scope, figs: dict, targets) -> AreaBriefing:
    period = span.period
    figures = [make_figure(k, figs["now"], figs["before"], figs["year_ago"], targets) for k in AREA_FIGURES["tasks"]]
    total, became = bq.tasks_became_overdue(conn, period=period, scope=scope, limit=15)
    by_unit_became = bq.became_overdue_by_unit(conn, period=period, scope=scope, limit=5)
    due_soon = tasks_due_soon(conn, as_of=period.end, days=7, scope=scope)
    due_soon = due_soon[due_soon["days_left"] > 0]  # a task due on the span's last day is in the list above
    backlog = bq.overdue_tasks_by_unit(conn, as_of=period.end, scope=scope, limit=10)
    agenda = [
        Agenda("tasks_became_overdue", "Nhiệm vụ đến hạn trong kỳ nhưng chưa hoàn thành",
               ["Nhiệm vụ", "Văn bản giao", "Cơ quan chủ trì", "Hạn xử lý", "Người giao"],
               [[_cut(r.title), "–" if is_missing(r.source_doc) or not r.source_doc else r.source_doc, r.unit_name, fmt_date(r.due_date), r.leader_name]
                for r in became.itertuples()], total, "Không có nhiệm vụ nào chuyển sang quá hạn trong kỳ."),
        Agenda("tasks_due_soon", "Nhiệm vụ đến hạn trong 7 ngày tới",
               ["Nhiệm vụ", "Cơ quan chủ trì", "Hạn xử lý", "Còn lại"],
               [[_cut(r.title), r.unit_name, fmt_date(r.due_date), f"{r.days_left} ngày"]
                for r in due_soon.head(15).itertuples()], len(due_soon), "Không có nhiệm vụ đến hạn trong 7 ngày tới."),
        Agenda("tasks_backlog_by_unit", "Đơn vị có nhiều nhiệm vụ quá hạn nhất (tồn đọng)",
               ["Đơn vị", "Nhiệm vụ quá hạn"],
               [[r.unit_name, fmt_int(r.tasks)] for r in backlog.itertuples()],
               int(figs["now"]["tasks_overdue_all"]), "Không có nhiệm vụ tồn đọng quá hạn."),
    ]
    data = {"backlog_by_unit": backlog, "became_by_unit": by_unit_became,
            "aging": overdue_aging(conn, as_of=period.end, scope=scope)}
    return _area("tasks", figures, agenda, data)


# --- dossiers ---

def _dossiers_area(conn, span: Span, scope: Scope, figs: dict, targets, min_resolved: int) -> AreaBriefing:
    period = span.period
    figures = [make_figure(k, figs["now"], figs["before"], figs["year_ago"], targets)
               for k in AREA_FIGURES["dossiers"]]
    lowest = bq.lowest_on_time_units(conn, period=period, scope=scope, min_resolved=min_resolved, limit=5)
    overdue = overdue_pending_dossiers(conn, as_of=period.end, scope=scope)
    rate_target = targets.get("dossier_on_time_rate")
    agenda = [
        Agenda("dossiers_lowest_on_time",
               f"Đơn vị có tỷ lệ giải quyết đúng hạn thấp nhất (từ {fmt_int(min_resolved)} hồ sơ đã giải quyết)",
               ["Đơn vị", "Đã giải quyết", "Đúng hạn", "Tỷ lệ đúng hạn"],
               [[r.unit_name, fmt_int(r.dossiers_resolved), fmt_int(r.dossiers_resolved_on_time),
                 fmt_pct(r.dossier_on_time_rate)] for r in lowest.itertuples()],
               len(lowest), "Không có đơn vị đủ số hồ sơ để đánh giá.",
               note=f"Chỉ tiêu ≥ {fmt_pct(rate_target.value)}" if rate_target else ""),
        Agenda("dossiers_overdue_by_unit", "Hồ sơ đang giải quyết quá hạn, theo đơn vị",
               ["Đơn vị", "Hồ sơ quá hạn", "Hạn sớm nhất"],
               [[r.unit_name, fmt_int(r.dossiers_pending_overdue), fmt_date(r.oldest_due_at)]
                for r in overdue.head(10).itertuples()],
               int(figs["now"]["dossiers_pending_overdue"]), "Không có hồ sơ quá hạn."),
    ]
    trend = dossiers_by_bucket(conn, period=_trend_period(span), scope=scope, grain="week")
    data = {"trend": trend, "lowest_on_time": lowest, "overdue_by_unit": overdue.head(10)}
    return _area("dossiers", figures, agenda, data)


# --- petitions ---

def _petitions_area(conn, span: Span, scope: Scope, figs: dict, targets) -> AreaBriefing:
    period = span.period
    figures = [make_figure(k, figs["now"], figs["before"], figs["year_ago"], targets)
               for k in AREA_FIGURES["petitions"] if k in figs["now"]]
    overdue = overdue_petitions(conn, as_of=period.end, scope=scope, limit=15)
    by_unit = bq.overdue_petitions_by_unit(conn, as_of=period.end, scope=scope, limit=10)
    agenda = [
        Agenda("petitions_overdue", "Đơn thư quá hạn giải quyết theo quy định",
               ["Mã đơn", "Loại đơn", "Ngày nhận", "Hạn giải quyết", "Đơn vị xử lý", "Quá hạn"],
               [[r.petition_id, label(PETITION_KIND_LABELS, r.kind) + (" (đông người)" if r.group_petition else ""),
                 fmt_date(r.received_date), fmt_date(r.due_date), r.unit_name, f"{fmt_int(r.days_overdue)} ngày"]
                for r in overdue.itertuples()],
               int(figs["now"]["petitions_overdue"]), "Không có đơn thư quá hạn."),
        Agenda("petitions_overdue_by_unit", "Đơn thư quá hạn theo đơn vị xử lý", ["Đơn vị", "Đơn quá hạn"],
               [[r.unit_name, fmt_int(r.petitions)] for r in by_unit.itertuples()],
               int(figs["now"]["petitions_overdue"]), "Không có đơn thư quá hạn."),
    ]
    data = {"overdue_by_unit": by_unit, "by_kind": petitions_by_kind(conn, period=period, scope=scope)}
    return _area("petitions", figures, agenda, data)


# --- PAR ---

def _par_area(conn, span: Span, scope: Scope, targets) -> AreaBriefing:
    year = par_year_for(conn, span.period.end)
    rows = par_ranking(conn, year=year, scope=scope) if year else []
    before = {r["unit"]: r for r in par_ranking(conn, year=year - 1, scope=scope)} if year else {}
    rank_target = targets.get("par_rank")
    office = next((r for r in rows if r["unit"] == OFFICE_UNIT), None)
    figures: list[Figure] = []
    if office:
        prev = before.get(OFFICE_UNIT)
        figures.append(Figure("par_rank", f"Xếp hạng Chỉ số CCHC của {office['name']}", "rank", office["rank"],
                              prev["rank"] if prev else None, None, False, rank_target,
                              compare.verdict(office["rank"], rank_target),
                              office["rank_of"]))
        figures.append(Figure("par_percent", f"Chỉ số CCHC của {office['name']}", "pct", office["percent"],
                              prev["percent"] if prev else None, None, True))
    # the mean of the province's departments: not for a unit's own briefing, where it would be its own score
    departments = [r for r in rows if r["kind"] == "department"] if scope.is_all else []
    if departments:
        mean = sum(r["percent"] for r in departments) / len(departments)
        prev_depts = [before[r["unit"]]["percent"] for r in departments if r["unit"] in before]
        figures.append(Figure("par_department_mean", EXTRA_LABELS["par_department_mean"][0], "pct", mean,
                              sum(prev_depts) / len(prev_depts) if prev_depts else None, None, True))
    agenda = [_par_agenda(rows, rank_target, year)]
    area = _area("par", figures, agenda, {"year": year, "ranking": pd.DataFrame(rows),
                                          "office_name": office["name"] if office else None})
    area.previous_label = f"năm {year - 1}" if year else "năm trước"
    area.year_ago_label = None
    return area


def _par_agenda(rows: list[dict], rank_target: Target | None, year: int | None) -> Agenda:
    """The standing against the target rank: the Office, then the three lowest of each kind."""
    picked: list[dict] = [r for r in rows if r["unit"] == OFFICE_UNIT]
    for kind in ("department", "district"):
        of_kind = [r for r in rows if r["kind"] == kind and r["unit"] != OFFICE_UNIT]
        picked += sorted(of_kind, key=lambda r: (-r["rank"], r["unit"]))[:3]
    out = []
    for r in picked:
        verdict = label({"good": "Đạt chỉ tiêu", "warn": "Gần đạt", "bad": "Chưa đạt"},
                        compare.verdict(r["rank"], rank_target)) if rank_target else "–"
        out.append([r["name"], label(UNIT_KIND_LABELS, r["kind"]), fmt_rank(r["rank"], r["rank_of"]),
                    fmt_pct(r["percent"]), fmt_change(r["change"], "score"), verdict])  # the card's precision
    target_note = f"Chỉ tiêu: xếp hạng ≤ {fmt_int(rank_target.value)}" if rank_target else ""
    office = any(r["unit"] == OFFICE_UNIT for r in rows)  # a unit's own briefing: only its own standing
    return Agenda("par_standing", (f"Xếp hạng Chỉ số CCHC năm {year}: Văn phòng UBND tỉnh và các đơn vị thấp nhất"
                                   if office else f"Xếp hạng Chỉ số CCHC năm {year}") if year else "Xếp hạng Chỉ số CCHC",
                  ["Đơn vị", "Loại", "Xếp hạng", "Chỉ số", "Điểm so với năm trước", "So với chỉ tiêu"],
                  out, len(out), "Chưa có kết quả Chỉ số CCHC.", note=target_note)


# --- vice-chairmen ---

def _leader_sections(conn, span: Span, scope: Scope, targets, min_resolved: int) -> list[LeaderSection]:
    period = span.period
    by_leader = bq.overdue_tasks_by_leader(conn, as_of=period.end, scope=scope)
    children = unit_tree(conn)
    sections = []
    on = period.end if scope.org.is_current else None  # in the current view, the units of the span's last day
    for vc in bq.vice_chairmen(conn, on=on).itertuples():
        codes = [c for c in vc.units if scope.contains(c)]
        vc_scope = resolve_scope(conn, codes, allowed=scope, org=scope.org) if codes else Scope(frozenset(), scope.org)
        now = _figures_with_became_overdue(conn, period, vc_scope)
        before = _figures_with_became_overdue(conn, span.previous, vc_scope)
        figures = [make_figure(k, now, before, None, targets) for k in LEADER_FIGURES]
        active = set(bq.active_unit_codes(conn, on=period.end, codes=codes))
        names = [n for c, n in zip(vc.units, vc.unit_names) if c in active]
        table, worst = _leader_unit_table(conn, period, vc_scope, codes, dict(zip(vc.units, vc.unit_names)), children,
                                   min_resolved)
        total, became = bq.tasks_became_overdue(conn, period=period, scope=vc_scope, limit=8)
        agenda = [
            table,
            Agenda("leader_tasks_became_overdue", "Nhiệm vụ đến hạn trong kỳ nhưng chưa hoàn thành",
                   ["Nhiệm vụ", "Cơ quan chủ trì", "Hạn xử lý"],
                   [[_cut(r.title, 90), r.unit_name, fmt_date(r.due_date)] for r in became.itertuples()], total,
                   "Không có nhiệm vụ nào chuyển sang quá hạn trong kỳ."),
        ]
        section = LeaderSection(vc.leader, vc.leader_name, [s.strip() for s in vc.sectors.split(";") if s.strip()],
                                names, figures, agenda, previous_label=span.previous_label,
                                assigned_overdue=by_leader.get(vc.leader, 0), worst_unit=worst)
        sections.append(section)
    return sections


def _leader_unit_table(conn, period: Period, vc_scope: Scope, roots: list[str], names: dict[str, str],
                       children: dict, min_resolved: int) -> tuple[Agenda, tuple[str, int] | None]:
    """One row per supervised unit (its lower units rolled up): the overdue counts and the on-time rate; and
    the unit heading the table with its overdue tasks (for the section's sentence)."""
    root_of = units_root_of(children, roots)
    counts: dict[str, dict[str, int]] = {r: {"tasks": 0, "became": 0, "dossiers": 0, "petitions": 0,
                                             "resolved": 0, "on_time": 0} for r in roots}

    def add(df, col, key):
        for unit, n in zip(df["unit"], df[col]):
            if unit in root_of:
                counts[root_of[unit]][key] += int(n)

    add(bq.overdue_tasks_by_unit(conn, as_of=period.end, scope=vc_scope, limit=None), "tasks", "tasks")
    add(bq.became_overdue_by_unit(conn, period=period, scope=vc_scope, limit=None), "tasks", "became")
    add(bq.overdue_pending_dossiers_by_unit(conn, as_of=period.end, scope=vc_scope, limit=None), "dossiers", "dossiers")
    add(bq.overdue_petitions_by_unit(conn, as_of=period.end, scope=vc_scope, limit=None), "petitions", "petitions")
    on_time = bq.on_time_by_unit(conn, period=period, scope=vc_scope)
    add(on_time, "dossiers_resolved", "resolved")
    add(on_time, "dossiers_resolved_on_time", "on_time")
    shown = [r for r in roots if any(counts[r].values())]
    shown.sort(key=lambda r: (-(counts[r]["tasks"] + counts[r]["dossiers"] + counts[r]["petitions"]), names[r]))
    rows = []
    for r in shown[:12]:
        c = counts[r]
        rate = c["on_time"] / c["resolved"] if c["resolved"] >= min_resolved else None
        rows.append([names[r], fmt_int(c["tasks"]), fmt_int(c["became"]), fmt_int(c["dossiers"]),
                     fmt_pct(rate), fmt_int(c["petitions"])])
    worst = (names[shown[0]], counts[shown[0]]["tasks"]) if shown else None
    return Agenda("leader_units", "Các đơn vị phụ trách",
                  ["Đơn vị", "NV quá hạn", "NV đến hạn chưa xong", "HS quá hạn", "Tỷ lệ HS đúng hạn", "Đơn quá hạn"],
                  rows, len(shown), "Các đơn vị phụ trách không có số liệu trong kỳ.",
                  note=f"Tỷ lệ đúng hạn chỉ tính khi đơn vị có từ {fmt_int(min_resolved)} hồ sơ đã giải quyết."), worst
