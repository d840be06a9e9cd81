"""Tổng quan — what needs my attention this week, and how is the province doing?

Opens on this week so far (the sidebar still picks any period). First screen: the key cards and the week's
three lists — tasks that fell overdue in the last 7 days, tasks due in the next 7, the units whose overdue
backlog grew since the same day last week — with the way to the briefing. Below: the longest-standing items and the league table of
every department and commune (click a row, or its name, for the unit's page).

Each block is one function, called in order at the end: a new block is one line there.
"""
from datetime import timedelta

import streamlit as st

from dashboard.ui import components as ui
from dashboard.ui import explanations
from dashboard.ui import store
from dashboard.ui.reminders import own_reminder
from dashboard.core.catalog import AREAS
from dashboard.core.formatting import PETITION_KIND_LABELS, UNIT_KIND_LABELS, fmt_date, fmt_value
from dashboard.core.safe import md
from dashboard.core.view import OVERVIEW_PRESET
from dashboard.ui.frame import page_frame
from dashboard.core.league import overdue_growth, unranked, with_rank_change

KEY_CARDS = ["task_due_completion_rate", "tasks_overdue_all", "dossier_on_time_rate", "dossiers_pending_overdue",
             "petitions_overdue"]
WEEK_ROWS = 6  # lines per list of the week; the rest is counted, and is on the tasks page

view = page_frame("Tổng quan", question="Tuần này việc gì cần chú ý?", default_preset=OVERVIEW_PRESET)
figures = ui.comparison(view)
targets = store.targets()
week, week_before = view.week_so_far()  # the week of the period's last day, against the same days a week earlier


def key_cards() -> None:
    ui.kpi_cards(view, KEY_CARDS, figures=figures, compact=True)


def _unit_link(code: str, name: str) -> str:
    return f"[{md(name)}]({ui.unit_url(code, view)})"


def _more(total: int, what: str) -> str | None:
    return f"và {fmt_value(total - WEEK_ROWS)} {what} khác (trang Nhiệm vụ được giao)." if total > WEEK_ROWS else None


def this_week() -> None:
    """The three lists of the week and the link to the briefing."""
    ui.section("Cần chú ý tuần này",
               f"Tuần từ {fmt_date(week.start)} đến {fmt_date(view.as_of)}, so với cùng các ngày tuần trước · "
               "[Mở trang Giao ban](/giao-ban)")
    newly, due, slipped = st.columns(3)
    with newly:
        rows = store.overdue_tasks(view.as_of, view.scope, limit=None, since=view.as_of - timedelta(days=7))
        rows = rows.sort_values(["due_date", "task_id"], ascending=[False, True])  # the newest first
        ui.attention_list("overdue", f"Mới quá hạn trong 7 ngày qua: {fmt_value(len(rows))}",
                          [f"{_unit_link(r.lead_unit, r.unit_name)} — {md(r.title)} · quá hạn {r.days_overdue} ngày"
                           for r in rows.head(WEEK_ROWS).itertuples()],
                          empty="Không có nhiệm vụ nào mới quá hạn.", more=_more(len(rows), "nhiệm vụ"))
    with due:
        rows = store.tasks_due_soon(view.as_of, view.scope, days=7)
        ui.attention_list("due", f"Đến hạn đến {fmt_date(view.as_of + timedelta(days=7))}: {fmt_value(len(rows))}",
                          [f"{_unit_link(r.lead_unit, r.unit_name)} — {md(r.title)} · hạn {fmt_date(r.due_date)}"
                           for r in rows.head(WEEK_ROWS).itertuples()],
                          empty="Không có nhiệm vụ nào sắp đến hạn.", more=_more(len(rows), "nhiệm vụ"))
    with slipped:
        grown = overdue_growth(store.league(week, view.scope, []), store.league(week_before, view.scope, []))
        ui.attention_list("slipped", f"Đơn vị thêm việc quá hạn so với tuần trước: {fmt_value(len(grown))}",
                          [f"{_unit_link(r.unit, r.unit_name)} — {_growth_text(r)}" for r in grown.head(WEEK_ROWS).itertuples()],
                          empty="Không đơn vị nào có thêm việc quá hạn.",
                          more=f"và {fmt_value(len(grown) - WEEK_ROWS)} đơn vị khác." if len(grown) > WEEK_ROWS else None)


GROWTH_WORDS = {"tasks_overdue_all": "nhiệm vụ", "dossiers_pending_overdue": "hồ sơ", "petitions_overdue": "đơn thư"}


def _growth_text(r) -> str:
    """"quá hạn 12 (+5: hồ sơ +4, nhiệm vụ +1)"."""
    parts = [f"{word} {'+' if (n := getattr(r, f'{stock}_growth')) > 0 else '−'}{fmt_value(abs(n))}"
             for stock, word in GROWTH_WORDS.items() if getattr(r, f"{stock}_growth")]
    return f"quá hạn {fmt_value(r.overdue)} (+{fmt_value(r.growth)}: {', '.join(parts)})"


def longest_standing() -> None:
    ui.section("Tồn đọng lâu nhất", "Những việc quá hạn lâu nhất và các đơn vị có tỷ lệ đúng hạn thấp nhất "
               f"({view.period_label[:1].lower()}{view.period_label[1:]}).")
    tasks, dossiers, petitions = st.columns(3)
    with tasks:
        rows = store.overdue_tasks(view.as_of, view.scope, limit=WEEK_ROWS)
        ui.attention_list("oldest-tasks", "Nhiệm vụ quá hạn lâu nhất",
                          [f"{_unit_link(r.lead_unit, r.unit_name)} — {md(r.title)} · quá hạn {fmt_value(r.days_overdue)} ngày"
                           for r in rows.itertuples()], empty="Không có nhiệm vụ quá hạn.")
    with dossiers:
        lowest = league[league["dossiers_resolved"] > 0].nsmallest(WEEK_ROWS, "dossier_on_time_rate")
        ui.attention_list("lowest-dossiers", "Tỷ lệ giải quyết hồ sơ đúng hạn thấp nhất",
                          [f"{_unit_link(r.unit, r.unit_name)} — {fmt_value(r.dossier_on_time_rate, 'pct')} đúng hạn"
                           f" · {fmt_value(r.dossiers_pending_overdue)} hồ sơ đang quá hạn" for r in lowest.itertuples()],
                          empty="Không có hồ sơ nào được giải quyết trong kỳ.")
    with petitions:
        rows = store.overdue_petitions(view.as_of, view.scope, limit=WEEK_ROWS)
        ui.attention_list("oldest-petitions", "Đơn thư quá hạn giải quyết lâu nhất",
                          [f"{_unit_link(r.handling_unit, r.unit_name)} — "
                           f"{PETITION_KIND_LABELS.get(r.kind, md(r.kind))} · quá hạn {fmt_value(r.days_overdue)} ngày"
                           for r in rows.itertuples()], empty="Không có đơn thư quá hạn.")


def par_standing() -> None:
    ui.section(AREAS["par"].title)
    with st.container(horizontal=True):
        if view.allowed.is_all:
            ui.par_leaders(figures.now)
        else:  # a unit's officer: their own standing, not a "leader" card naming their own unit
            ui.par_standing(figures.now)


def league_table() -> None:
    ui.section("Bảng xếp hạng đơn vị",
               "Hạng chung xếp theo trung bình các tỷ lệ: hoàn thành nhiệm vụ đến hạn, hồ sơ đúng hạn, giải quyết "
               "đơn thư; thay đổi hạng so với kỳ trước liền kề (+ là tăng bậc). Bấm tên hoặc một dòng "
               "để mở trang đơn vị; bấm tiêu đề cột để sắp xếp.")
    columns = [
        *ui.columns("league", "unit_name", "rank", "rank_change", "task_due_completion_rate", "tasks_overdue_all",
                    "dossier_on_time_rate", "dossiers_pending_overdue", "petitions_overdue"),
        ui.Col("par_rank", f"Hạng CCHC {figures.now['par_year'] or ''}".strip(), "rank"),
        ui.Col("unit_kind", labels=UNIT_KIND_LABELS, area="league"),
    ]
    ui.table(league, columns, key="league", filename="bang_xep_hang_don_vi", view=view, link="unit",
             select_unit=True, height=35 * min(len(league) + 1, 41) + 3,
             targets={c.name: targets[c.name] for c in columns if c.name in targets} | {"par_rank": targets["par_rank"]},
             empty="Không có đơn vị nào trong phạm vi đã chọn.")
    if tied := unranked(league):
        st.caption(f"{fmt_value(tied)} đơn vị bằng nhau về mọi tỷ lệ và không có việc quá hạn trong kỳ: chưa đủ số "
                   "liệu để xếp hạng (cột Hạng chung để trống). Chọn kỳ dài hơn để so sánh.")
    explanations.ask_about_league(league, [c.name for c in columns], targets, view.period)


# a unit's officer sees their own rows and their rank in the province, not other units' values
league = with_rank_change(store.league(view.period, view.scope, figures.now["par"]),
                          store.league(view.period.previous(), view.scope, []))

own_reminder()  # a unit officer: what the province is waiting for from their unit (đôn đốc)
explanations.start_page_panel()  # a unit's open requests; for leaders, the overdue ones
key_cards()
this_week()
longest_standing()
par_standing()
league_table()
