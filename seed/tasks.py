"""Tasks assigned by the UBND tỉnh, the Chairman and the Vice-Chairmen (nhiệm vụ được giao).

2021 has exactly the report's 686 tasks (footnote 2); later years a few more each year. The
state of each task as of `--until` follows its lead unit: lagging units finish late or not
at all. `plant_backlog` then makes sure the dashboard has something to show in every
overdue-age bucket (≤30, 31–60, 61–120, >120 days) and tasks falling due in the next 7 days.

The former Kon Tum's tasks are their own stream (ids NVKT…) from 2024-01-01. Both streams draw their
lead unit from the former province's first organisation and hand it to whoever does that work on the
assignment day (`units.current_code`): from 2025-07-01 a former district's work lands on one of the
new communes of its territory. The leader codes are the provincial titles (CT, PCT1–3), for the
former Kon Tum's UBND too: the `leaders` table has no validity.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from . import calendar as cal
from . import report2021 as R
from .draw import apportion, pick, scaled
from .units import (BY_CODE as UNITS, KON_TUM, KON_TUM_FROM, LEADERS, QUANG_NGAI, base_code, current_code,
                    dept_of, districts_of, explicit_handover, first_departments)

COLUMNS = ("task_id", "title", "source_doc", "assigned_by", "lead_unit", "assigned_date", "due_date",
           "original_due_date", "completed_date", "progress_note", "handover_to")
CO_COLUMNS = ("task_id", "unit_code")
GROWTH = 1.05
AGING_BUCKETS = [(1, 30), (31, 60), (61, 120), (121, 100_000)]  # days overdue as of --until
MIN_PER_BUCKET = 3
DEADLINE_DAYS = [7, 10, 15, 20, 30, 45, 60, 90, 120, 180]
DEADLINE_WEIGHTS = [10, 12, 15, 12, 18, 10, 10, 6, 3, 4]
NO_DEADLINE_SHARE = 0.08      # recurring work (nhiệm vụ thường xuyên, không thời hạn)
EXTENDED_SHARE = 0.12         # deadline extended once (original_due_date kept)
KON_TUM_SHARE = 0.55          # the former Kon Tum's task volume against the former Quảng Ngãi's
HANDOVER_SHARE = 0.35         # open tasks of a dissolved unit whose handover record names the receiver
ID_PREFIX = {QUANG_NGAI: "NV", KON_TUM: "NVKT"}
FIRST_YEAR = {QUANG_NGAI: R.YEAR, KON_TUM: KON_TUM_FROM.year}
CO_UNITS = ["STC", "SKHDT", "STNMT", "SXD", "SNV", "STP"]

UNIT_WEIGHT = {"VPUB": 0.6, "STNMT": 2.2, "SKHDT": 1.8, "STC": 1.5, "SXD": 1.8, "SGTVT": 1.3, "SNNPTNT": 1.6,
               "SNV": 1.2, "SYT": 1.1, "SLDTBXH": 1.0, "BQLKKT": 1.2, "TTT": 0.8, "SNGV": 0.4, "BDT": 0.5}
TOPICS = {
    "STNMT": ["công tác bồi thường, giải phóng mặt bằng dự án đường cao tốc Quảng Ngãi – Hoài Nhơn",
              "cấp Giấy chứng nhận quyền sử dụng đất cho hộ gia đình, cá nhân", "xử lý ô nhiễm môi trường tại KCN Tịnh Phong",
              "quản lý khai thác cát, sỏi lòng sông"],
    "SKHDT": ["giải ngân kế hoạch vốn đầu tư công năm {year}", "thu hút đầu tư vào Khu kinh tế Dung Quất",
              "tháo gỡ khó khăn cho doanh nghiệp sau dịch COVID-19"],
    "STC": ["dự toán ngân sách nhà nước năm {next}", "sắp xếp lại, xử lý nhà, đất thuộc sở hữu nhà nước",
            "thực hành tiết kiệm, chống lãng phí"],
    "SXD": ["quy hoạch chung đô thị Vạn Tường", "quản lý trật tự xây dựng trên địa bàn thành phố Quảng Ngãi",
            "phát triển nhà ở xã hội"],
    "SGTVT": ["sửa chữa, khắc phục các tuyến đường tỉnh hư hỏng do mưa lũ", "bảo đảm trật tự an toàn giao thông dịp Tết"],
    "SNNPTNT": ["chống khai thác IUU, gỡ cảnh báo \"thẻ vàng\" của EC", "phòng, chống bệnh dịch tả lợn châu Phi",
                "Chương trình mục tiêu quốc gia xây dựng nông thôn mới", "phòng, chống thiên tai và tìm kiếm cứu nạn"],
    "SYT": ["phòng, chống dịch COVID-19 và tiêm vắc xin", "nâng cao chất lượng khám, chữa bệnh tuyến cơ sở"],
    "SGDDT": ["tổ chức kỳ thi tốt nghiệp THPT năm {year}", "sắp xếp, tinh gọn mạng lưới trường lớp"],
    "SLDTBXH": ["hỗ trợ người lao động gặp khó khăn do đại dịch COVID-19", "giảm nghèo bền vững"],
    "SNV": ["sắp xếp tổ chức bộ máy, tinh giản biên chế", "cải cách hành chính và Chỉ số CCHC của tỉnh"],
    "VPUB": ["Chương trình công tác năm {year} của UBND tỉnh", "kiểm soát thủ tục hành chính"],
    "BQLKKT": ["giải phóng mặt bằng Khu liên hợp công nghiệp, dịch vụ và đô thị VSIP Quảng Ngãi",
               "mở rộng Nhà máy lọc dầu Dung Quất"],
    "TTT": ["giải quyết dứt điểm các vụ việc khiếu nại kéo dài", "thanh tra trách nhiệm thực hiện công vụ"],
}
TOPICS_KON_TUM = {
    "STNMT": ["cấp Giấy chứng nhận quyền sử dụng đất cho hộ gia đình, cá nhân", "quản lý khai thác khoáng sản"],
    "SNNPTNT": ["bảo vệ và phát triển rừng", "phát triển vùng trồng sâm Ngọc Linh"],
    "SVHTTDL": ["phát triển du lịch Măng Đen"],
    "BQLKKT": ["thu hút đầu tư vào Khu kinh tế cửa khẩu quốc tế Bờ Y"],
    "SKHDT": ["giải ngân kế hoạch vốn đầu tư công năm {year}"],
    "BDT": ["Chương trình mục tiêu quốc gia phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số và miền núi"],
}
DEPARTMENT_TOPICS = ["kiến nghị của cử tri thuộc lĩnh vực quản lý của ngành", "Kế hoạch phát triển ngành năm {next}",
                     "cải cách hành chính, chuyển đổi số của ngành", "kết luận thanh tra, kiểm toán"]
LOCAL_TOPICS = ["giải ngân vốn đầu tư công năm {year}", "xây dựng nông thôn mới", "khắc phục hậu quả mưa lũ",
                "giải quyết kiến nghị của cử tri", "quản lý đất đai, trật tự xây dựng", "phòng, chống dịch COVID-19",
                "giải phóng mặt bằng các dự án trọng điểm"]
ACTIONS = ["Tham mưu UBND tỉnh ban hành Kế hoạch thực hiện {t}", "Báo cáo kết quả {t}",
           "Rà soát, đề xuất tháo gỡ khó khăn, vướng mắc về {t}", "Kiểm tra, xử lý dứt điểm {t}",
           "Xây dựng Đề án về {t}", "Chủ trì, phối hợp triển khai {t}"]
DOC_KINDS = [("UBND-KTTH", 6), ("UBND-KTN", 5), ("UBND-NC", 3), ("UBND-KGVX", 3), ("TB-VP", 4), ("QĐ-UBND", 2),
             ("KH-UBND", 1), ("CT-UBND", 0.2)]
OPEN_NOTES = ["Đang phối hợp với các sở, ngành liên quan hoàn thiện hồ sơ", "Đang lấy ý kiến các cơ quan liên quan",
              "Đơn vị đã có văn bản đề nghị gia hạn", "Chưa báo cáo kết quả thực hiện"]


@dataclass(slots=True)
class Task:
    task_id: str
    title: str
    source_doc: str
    assigned_by: str
    lead_unit: str
    assigned_date: date
    due_date: date | None
    original_due_date: date | None
    completed_date: date | None
    co_units: tuple[str, ...] = ()
    handover_to: str | None = None


def tasks_in_year(year: int, scale: float, rng: random.Random, province: str = QUANG_NGAI) -> int:
    if year == R.YEAR and province == QUANG_NGAI:
        return scaled(R.TASKS, scale)  # footnote 2: "Đã theo dõi 686 nhiệm vụ quan trọng"
    share = 1.0 if province == QUANG_NGAI else KON_TUM_SHARE
    return scaled(R.TASKS * share * GROWTH ** (year - R.YEAR) * rng.uniform(0.95, 1.05), scale)


def _lead_unit(rng: random.Random, day: date, province: str) -> str:
    """A unit of the former province's first organisation, then whoever does its work on `day`: merged
    departments pass to the absorbing ones, a district's work after 30/06/2025 to one of its new communes."""
    base = [u.code for u in first_departments(province)] + [u.code for u in districts_of(province)]
    code = rng.choices(base, weights=[UNIT_WEIGHT.get(base_code(c), 0.9) for c in base])[0]
    return current_code(code, day, rng)


def _assigner(rng: random.Random, unit: str) -> str:
    own = UNITS[unit].leader or "CT"
    r = rng.random()
    if r < 0.65:
        return own
    if r < 0.85:
        return "CT"
    return rng.choice([l.code for l in LEADERS if l.code not in ("CT", own)] or ["CT"])


def _title(rng: random.Random, unit: str, year: int) -> str:
    local = UNITS[unit].kind != "department"
    topics = TOPICS_KON_TUM if UNITS[unit].province == KON_TUM else TOPICS
    base = LOCAL_TOPICS if local else topics.get(base_code(unit), DEPARTMENT_TOPICS)
    topic = rng.choice(base).format(year=year, next=year + 1)
    title = rng.choice(ACTIONS).format(t=topic)
    if local:
        name = UNITS[unit].name
        title += " trên địa bàn " + name[:1].lower() + name[1:]
    return title


def _completion(rng: random.Random, lag: float, assigned: date, due: date | None) -> date | None:
    """On time, late, or very late, by the lead unit's lag."""
    if due is None:
        return None  # recurring work has no completion date
    r = rng.random()
    if r < min(0.15, 0.012 * lag * lag):
        # Stuck tasks: finished long after the deadline, so the backlog has every age but
        # does not fill up with tasks that stay open for years.
        return due + timedelta(days=45 + int(rng.expovariate(1 / (75 * lag))))
    if r < min(0.6, 0.10 * lag):
        return due + timedelta(days=1 + int(rng.expovariate(1 / (12 * lag))))
    return assigned + timedelta(days=round((due - assigned).days * rng.random() ** 0.8))


def generate_year(rng: random.Random, year: int, n: int, province: str = QUANG_NGAI) -> list[Task]:
    days = cal.days_of(year)
    counts = apportion(n, [cal.day_weight(d) if cal.is_working_day(d) else 0 for d in days])
    doc_numbers: dict[str, int] = {}
    out = []
    for seq, day in enumerate((d for d, k in zip(days, counts) for _ in range(k)), start=1):
        unit = _lead_unit(rng, day, province)
        due = original = None
        if rng.random() >= NO_DEADLINE_SHARE:
            due = day + timedelta(days=rng.choices(DEADLINE_DAYS, DEADLINE_WEIGHTS)[0])
            if rng.random() < EXTENDED_SHARE:
                original, due = due, due + timedelta(days=rng.choice([15, 30, 45, 60]))
        kind = rng.choices([k for k, _ in DOC_KINDS], [w for _, w in DOC_KINDS])[0]
        doc_numbers[kind] = doc_numbers.get(kind, rng.randint(1, 20)) + rng.randint(1, 25)
        co = tuple(sorted({current_code(dept_of(c, province), day)
                           for c in rng.sample(CO_UNITS, rng.choice([0, 0, 0, 1, 2]))} - {unit}))
        out.append(Task(f"{ID_PREFIX[province]}{year}-{seq:05d}", _title(rng, unit, year), f"{doc_numbers[kind]}/{kind}",
                        _assigner(rng, unit), unit, day, due, original,
                        _completion(rng, UNITS[unit].lag, day, due), co))
    return out


def plant_backlog(rng: random.Random, tasks: list[Task], until: date) -> None:
    """At least a few open tasks in every overdue-age bucket and due in the next 7 days, as of `until`.

    Natural generation nearly always has them; this makes it certain (the dashboard's aging
    chart and due-soon list must never be empty in the demo).
    """
    def open_at(t: Task) -> bool:
        return t.completed_date is None or t.completed_date > until

    windows = [(until - timedelta(days=hi), until - timedelta(days=lo)) for lo, hi in AGING_BUCKETS]
    windows.append((until + timedelta(days=1), until + timedelta(days=7)))  # due soon
    for first, last in windows:
        in_window = [t for t in tasks if t.due_date and first <= t.due_date <= last and t.assigned_date <= until]
        missing = MIN_PER_BUCKET - sum(open_at(t) for t in in_window)
        done = [t for t in in_window if not open_at(t)]
        for t in pick(rng, done, min(missing, len(done)), lambda t: UNITS[t.lead_unit].lag):
            t.completed_date = None


def task_rows(tasks: list[Task], until: date):
    for t in tasks:
        if t.assigned_date > until:
            continue
        done = t.completed_date if t.completed_date is not None and t.completed_date <= until else None
        note = None
        if done is None and t.due_date is not None:
            note = OPEN_NOTES[int(t.task_id[-3:]) % len(OPEN_NOTES)]
        yield (t.task_id, t.title, t.source_doc, t.assigned_by, t.lead_unit, t.assigned_date, t.due_date,
               t.original_due_date, done, note, t.handover_to)


def co_unit_rows(tasks: list[Task], until: date):
    for t in tasks:
        if t.assigned_date <= until:
            yield from ((t.task_id, c) for c in t.co_units)


def record_handovers(seed: int, tasks: list[Task], until: date) -> None:
    """Some tasks still open when their lead unit was dissolved name who took them over (the others
    rely on the lineage edges). Known only once the unit has ended, by `until`."""
    for t in tasks:
        unit = UNITS[t.lead_unit]
        end = unit.valid_to
        if end is None or end >= until or t.assigned_date > end or (t.completed_date is not None
                                                                     and t.completed_date <= end):
            continue
        t.handover_to = explicit_handover(t.lead_unit, random.Random(f"{seed}:handover:{t.task_id}"), HANDOVER_SHARE)


def generate(seed: int, scale: float, until: date) -> list[Task]:
    tasks: list[Task] = []
    for province in (QUANG_NGAI, KON_TUM):
        for year in range(FIRST_YEAR[province], until.year + 1):
            key = f"{seed}:tasks:{year}" if province == QUANG_NGAI else f"{seed}:tasks:{province}:{year}"
            rng = random.Random(key)
            tasks += generate_year(rng, year, tasks_in_year(year, scale, rng, province), province)
    plant_backlog(random.Random(f"{seed}:tasks:backlog:{until}"), tasks, until)
    record_handovers(seed, tasks, until)
    return tasks
