"""Administrative-procedure dossiers (hồ sơ TTHC), one year at a time.

Each year starts from exact targets (`YearTargets`): how many dossiers are received, how
many arrive online or by post, how many are withdrawn, returned, stuck, still in progress at
year end, resolved late, rated and unsatisfied. For 2021 they are the report's figures
(`report2021`); for other years they grow from them. Randomness then only decides *which*
dossiers carry each outcome (`draw.pick`), so the totals are exact by construction.

A year is generated in full and then cut at `--until` (`snapshot`): a dossier received after
it is dropped, a resolution or ending after it is not known yet. The data of a year therefore
does not depend on `--until` (ids are stable).

Three streams, each with its own random numbers and ids: the former Quảng Ngãi's service centre from
2021 (HS…), the former Kon Tum's from 2024-01-01 (HSKT…, its own departments until 30/06/2025, then the
merged ones), and from 2025-07-01 the commune-level one-stop offices of the 96 new units (HSX…).
"""
from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from itertools import accumulate

from . import calendar as cal
from . import report2021 as R
from .draw import apportion, pick, scaled
from .procedures import BY_CODE as PROCS, COMMUNE_PROCEDURES, PROCEDURES, Procedure
from .units import (BY_CODE as UNITS, EDGES, KON_TUM, KON_TUM_FROM, QUANG_NGAI, TWO_LEVEL_DAY, current_code,
                    dept_of, explicit_handover, local_units)

COLUMNS = ("dossier_id", "unit", "procedure_code", "channel", "received_at", "due_at", "due_has_time",
           "resolved_at", "resolved_has_time", "end_state", "ended_at", "rating", "handover_to")
COMMUNES = "communes"     # the third stream: commune-level one-stop offices from 2025-07-01
STREAMS = {QUANG_NGAI: (R.YEAR, "HS"), KON_TUM: (KON_TUM_FROM.year, "HSKT"), COMMUNES: (TWO_LEVEL_DAY.year, "HSX")}
VOLUME = {KON_TUM: 0.2, COMMUNES: 0.12}  # against the former Quảng Ngãi's service centre, per year
HANDOVER_SHARE = 0.2      # open dossiers of a dissolved unit whose handover record names the receiver
ENDS = {u.code: u.valid_to for u in UNITS.values() if u.valid_to is not None}
GROWTH = 1.06            # dossier volume per year
LATE_RATE = {2022: 0.008, 2023: 0.012, 2024: 0.009, 2025: 0.016, 2026: 0.011}  # 2025: the reorganisation
FIXED_GROUPS = [          # (procedures, 2021 count): volumes the report states
    (("SNN-01",), 3214),
    (("SCT-01", "SCT-02"), 14065),
    (("VPUB-01", "VPUB-02", "VPUB-03", "VPUB-04"), R.VPUB_RECEIVED),
]


@dataclass
class YearTargets:
    year: int
    received: int
    online: int
    postal: int
    withdrawn: int
    returned: int
    stuck: int
    fixed: list[tuple[tuple[str, ...], int]]
    late: int | None = None             # None: late_rate × resolved
    late_rate: float = 0.005
    rated: int | None = None            # None: rated_share × resolved
    rated_share: float = 0.45
    unsatisfied: int | None = None      # None: unsatisfied_rate × rated
    unsatisfied_rate: float = 0.002
    vpub_carried: int | None = None     # None: whatever is naturally still open at year end
    others_carried: int | None = None


def targets_for(year: int, scale: float, rng: random.Random, stream: str = QUANG_NGAI) -> YearTargets:
    if year == R.YEAR and stream == QUANG_NGAI:
        return _targets_2021(scale)
    k = year - R.YEAR
    share = VOLUME.get(stream, 1.0)
    if stream == COMMUNES:  # from 1 July in the first year
        share *= len(_days(year, stream)) / len(cal.days_of(year))
    volume = R.DOSSIERS_RECEIVED * share * GROWTH ** k * rng.uniform(0.97, 1.03)
    received = scaled(volume, scale)
    online_share = min(0.75, R.DOSSIERS_ONLINE / R.DOSSIERS_RECEIVED + 0.10 * k)
    postal_share = max(0.08, R.DOSSIERS_POSTAL / R.DOSSIERS_RECEIVED - 0.02 * k)
    fixed = [] if stream == COMMUNES else [(codes, scaled(n * share * GROWTH ** k * rng.uniform(0.95, 1.05), scale))
                                          for codes, n in FIXED_GROUPS]
    return YearTargets(
        year, received, round(received * online_share), round(received * postal_share),
        withdrawn=round(received * 0.006), returned=round(received * 0.0085), stuck=scaled(10, scale), fixed=fixed,
        late_rate=LATE_RATE.get(year, 0.01), rated_share=min(0.8, 0.45 + 0.06 * k),
        unsatisfied_rate=0.002 + 0.0006 * k)


def _targets_2021(scale: float) -> YearTargets:
    """The report's figures; at another scale, the same proportions (then not exact)."""
    s = lambda n: scaled(n, scale)  # noqa: E731
    received, resolved = s(R.DOSSIERS_RECEIVED), s(R.DOSSIERS_RESOLVED)
    withdrawn, returned, stuck = s(R.DOSSIERS_WITHDRAWN), s(R.DOSSIERS_RETURNED), s(R.DOSSIERS_STUCK)
    vpub_carried = s(R.VPUB_PENDING_AT_YEAR_END)
    # Received but not resolved within 2021 = withdrawn + returned + stuck + still in progress on 31/12.
    others_carried = received - resolved - withdrawn - returned - stuck - vpub_carried
    return YearTargets(
        R.YEAR, received, s(R.DOSSIERS_ONLINE), s(R.DOSSIERS_POSTAL), withdrawn, returned, stuck,
        fixed=[(codes, s(n)) for codes, n in FIXED_GROUPS], late=s(R.DOSSIERS_LATE), rated=s(R.RATED),
        unsatisfied=s(R.UNSATISFIED), vpub_carried=vpub_carried, others_carried=others_carried)


@dataclass(slots=True)
class Dossier:
    proc: Procedure
    unit: str
    received_at: datetime
    due_at: datetime
    channel: str = "direct"
    natural_at: datetime | None = None   # when it would be resolved if nothing special happens
    resolved_at: datetime | None = None
    end_state: str | None = None
    ended_at: datetime | None = None
    rating: str | None = None
    carried: bool = False
    late: bool = False

    @property
    def lag(self) -> float:
        return UNITS[self.unit].lag

    @property
    def is_vpub(self) -> bool:
        return self.proc.unit == "VPUB"


# ---- 1. what is received, when ------------------------------------------------------------------

def draw_procedures(rng: random.Random, t: YearTargets, procedures: list[Procedure] = PROCEDURES) -> list[Procedure]:
    """Exactly `t.received` procedures: the fixed groups at their stated volume, the rest by weight."""
    fixed_codes = {c for codes, _ in t.fixed for c in codes}
    chosen: list[Procedure] = []
    for codes, n in t.fixed:
        group = [PROCS[c] for c in codes]
        chosen += rng.choices(group, weights=[p.weight for p in group], k=n)
    rest = [p for p in procedures if p.code not in fixed_codes]
    chosen += rng.choices(rest, weights=[p.weight for p in rest], k=t.received - len(chosen))
    rng.shuffle(chosen)
    return chosen


def _days(year: int, stream: str) -> list[date]:
    days = cal.days_of(year)
    return [d for d in days if d >= TWO_LEVEL_DAY] if stream == COMMUNES else days


def draw_days(rng: random.Random, year: int, n: int, stream: str = QUANG_NGAI) -> list[date]:
    """`n` reception days: the calendar's weights (weekdays, Tết, December rush), sorted."""
    days = _days(year, stream)
    counts = apportion(n, [cal.day_weight(d) * rng.uniform(0.85, 1.15) for d in days])
    return [d for d, k in zip(days, counts) for _ in range(k)]


def _receiving_unit(rng: random.Random, proc: Procedure, day: date, stream: str) -> str:
    if stream == COMMUNES:  # the commune's one-stop office; larger merged communes receive more
        codes, cumulative = _communes()
        return rng.choices(codes, cum_weights=cumulative)[0]
    return _department_on(proc.unit, stream, day)


@cache
def _department_on(code: str, stream: str, day: date) -> str:
    """The former province's own department; after the 2025 mergers the absorbing one receives it."""
    return current_code(dept_of(code, stream), day)


@cache
def _communes() -> tuple[list[str], list[int]]:
    """The new commune-level units with, as their weight, how many former communes each took in."""
    communes = [u.code for u in local_units(TWO_LEVEL_DAY)]
    merged = Counter(e.successor for e in EDGES if UNITS[e.predecessor].kind == "commune")
    return communes, list(accumulate(max(1, merged[c]) for c in communes))


def new_dossier(rng: random.Random, proc: Procedure, day: date, stream: str = QUANG_NGAI) -> Dossier:
    received = cal.office_time(rng, day)
    limit = proc.time_limit_days
    due = cal.close_of(day if limit is None else cal.add_working_days(day, limit))
    d = Dossier(proc, _receiving_unit(rng, proc, day, stream), received, due)
    if proc.same_day:
        d.natural_at = received + (due - received) * rng.uniform(0.05, 0.6)
    else:
        d.natural_at = received + max((due - received) * rng.random() ** 1.6, timedelta(minutes=20))
    return d


# ---- 2. channels: exact totals, chosen by each procedure's propensity ------------------------------

def assign_channels(rng: random.Random, dossiers: list[Dossier], t: YearTargets) -> None:
    for d in pick(rng, dossiers, t.online, lambda d: d.proc.online):
        d.channel = "online"
    direct = [d for d in dossiers if d.channel == "direct"]
    for d in pick(rng, direct, t.postal, lambda d: d.proc.postal):
        d.channel = "postal"


# ---- 3. outcomes ---------------------------------------------------------------------------------

def end_some(rng: random.Random, dossiers: list[Dossier], t: YearTargets) -> None:
    """Withdrawn and returned dossiers (never the on-the-spot ones, never VPUB's pre-checked liên thông)."""
    candidates = [d for d in dossiers if not d.proc.same_day and not d.is_vpub]
    ended = pick(rng, candidates, t.withdrawn + t.returned)
    for i, d in enumerate(ended):
        d.end_state = "withdrawn" if i < t.withdrawn else "returned"
        d.ended_at = (d.received_at + (d.due_at - d.received_at) * rng.uniform(0.1, 0.9)).replace(microsecond=0)
    stuck_pool = [d for d in candidates if d.end_state is None]
    for d in pick(rng, stuck_pool, t.stuck, lambda d: d.lag ** 2):
        d.end_state = "stuck"  # never resolved: the standing backlog (cleared before writing)


def carry_over(rng: random.Random, dossiers: list[Dossier], t: YearTargets) -> None:
    """Dossiers still in progress on 31/12, resolved (on time) in January.

    Only a dossier whose appointment falls in the next year can be in progress on time at
    year end; of those, the ones that would naturally finish last are the ones carried.
    """
    year_end = cal.close_of(date(t.year, 12, 31))
    next_start = datetime.combine(cal.first_working_day(t.year + 1), cal.MORNING[0])
    for is_vpub, target in ((True, t.vpub_carried), (False, t.others_carried)):
        pool = [d for d in dossiers if d.is_vpub == is_vpub and not d.proc.same_day and d.end_state is None
                and d.due_at > next_start]
        pool.sort(key=lambda d: d.natural_at, reverse=True)
        n = sum(d.natural_at > year_end for d in pool) if target is None else target
        if n > len(pool):
            raise ValueError(f"{t.year}: cần {n} hồ sơ chuyển năm sau nhưng chỉ có {len(pool)}")
        for d in pool[:n]:
            d.carried = True
            if d.natural_at < next_start:
                d.natural_at = next_start + (d.due_at - next_start) * rng.random()


def make_late(rng: random.Random, dossiers: list[Dossier], t: YearTargets) -> None:
    """Dossiers resolved after their appointment, within the year; lagging units get more of them."""
    year_end = cal.close_of(date(t.year, 12, 31))
    pool = [d for d in dossiers if not d.proc.same_day and d.end_state is None and not d.carried
            and d.due_at < year_end - timedelta(days=1)]
    n = t.late if t.late is not None else round(t.late_rate * len(pool))
    for d in pick(rng, pool, n, lambda d: d.lag):
        d.late = True
        delay = timedelta(days=rng.expovariate(1 / 5)) + timedelta(minutes=30)
        d.natural_at = d.due_at + min(delay, (year_end - d.due_at) * rng.uniform(0.3, 0.99))


def resolve(dossiers: list[Dossier], year: int) -> None:
    """Everyone else is resolved on time, no later than the last office hour of the year."""
    year_end = cal.close_of(date(year, 12, 31))
    for d in dossiers:
        if d.end_state is not None:
            continue
        if d.carried or d.late:
            d.resolved_at = d.natural_at
        else:
            d.resolved_at = min(d.natural_at, year_end)  # both are >= received_at


def rate(rng: random.Random, dossiers: list[Dossier], t: YearTargets) -> None:
    """Satisfaction ratings on dossiers resolved within the year; late dossiers are the unhappy ones."""
    pool = [d for d in dossiers if d.resolved_at is not None and not d.carried]
    n = t.rated if t.rated is not None else round(t.rated_share * len(pool))
    channel_weight = {"online": 1.5, "direct": 1.0, "postal": 0.5}
    rated = pick(rng, pool, n, lambda d: channel_weight[d.channel])
    for d in rated:
        d.rating = "satisfied"
    u = t.unsatisfied if t.unsatisfied is not None else round(t.unsatisfied_rate * n)
    for d in pick(rng, rated, u, lambda d: 40.0 if d.late else 1.0):
        d.rating = "unsatisfied"


# ---- 4. the year, cut at --until ---------------------------------------------------------------------

def generate_year(rng: random.Random, t: YearTargets, stream: str = QUANG_NGAI) -> list[Dossier]:
    procs = draw_procedures(rng, t, COMMUNE_PROCEDURES if stream == COMMUNES else PROCEDURES)
    days = draw_days(rng, t.year, t.received, stream)
    dossiers = [new_dossier(rng, p, day, stream) for p, day in zip(procs, days)]
    assign_channels(rng, dossiers, t)
    end_some(rng, dossiers, t)
    carry_over(rng, dossiers, t)
    make_late(rng, dossiers, t)
    resolve(dossiers, t.year)
    rate(rng, dossiers, t)
    return dossiers


def _handover(seed: int, dossier_id: str, d: Dossier, until: date) -> str | None:
    """A dossier still open when its receiving unit was dissolved may name its receiver."""
    end = ENDS.get(d.unit)
    if end is None or end >= until or d.received_at.date() > end:
        return None
    closed = [x for x in (d.resolved_at, d.ended_at if d.end_state in ("withdrawn", "returned") else None) if x]
    if closed and min(closed).date() <= end:
        return None
    return explicit_handover(d.unit, random.Random(f"{seed}:handover:{dossier_id}"), HANDOVER_SHARE)


def snapshot_rows(dossiers: list[Dossier], year: int, until: date, prefix: str = "HS", seed: int = 0):
    """Rows as known on `until` (in reception order, ids stable): later events are not known yet."""
    cut = datetime.combine(until + timedelta(days=1), datetime.min.time())
    dossiers.sort(key=lambda d: d.received_at)
    for n, d in enumerate(dossiers, start=1):
        if d.received_at >= cut:
            break
        resolved = d.resolved_at if d.resolved_at is not None and d.resolved_at < cut else None
        ended = d.ended_at if d.end_state in ("withdrawn", "returned") and d.ended_at < cut else None
        if resolved is not None:
            resolved = resolved.replace(microsecond=0)  # cannot cross the due time: due_at has whole seconds
        dossier_id = f"{prefix}{year}-{n:08d}"
        yield (dossier_id, d.unit, d.proc.code, d.channel, d.received_at, d.due_at, True,
               resolved, True, None if ended is None else d.end_state, ended,
               d.rating if resolved is not None else None, _handover(seed, dossier_id, d, until))


def year_rows(seed: int, scale: float, until: date, year: int, stream: str = QUANG_NGAI) -> list[tuple]:
    """One year's dossiers as rows (its own RNG, so years can be generated in any order or process)."""
    rng = random.Random(f"{seed}:dossiers:{year}" if stream == QUANG_NGAI else f"{seed}:dossiers:{stream}:{year}")
    t = targets_for(year, scale, rng, stream)
    return list(snapshot_rows(generate_year(rng, t, stream), year, until, STREAMS[stream][1], seed))


def _year_rows(seed: int, scale: float, until: date, job: tuple[str, int]) -> list[tuple]:
    return year_rows(seed, scale, until, job[1], job[0])


PARALLEL_FROM_SCALE = 4  # below this a year takes seconds and a process pool is not worth starting


def dossier_rows(seed: int, scale: float, until: date, first_year: int = R.YEAR):
    """Every dossier from `first_year` to `until`, a year at a time (one RNG per year).

    At benchmark scales the generation (pure Python, ~30 µs a dossier) is the bottleneck, so two
    worker processes generate the years ahead while this process writes; the rows are identical.
    """
    jobs = [(stream, year) for stream, (first, _) in STREAMS.items()
            for year in range(max(first, first_year), until.year + 1)]
    if scale < PARALLEL_FROM_SCALE:
        for job in jobs:
            yield from _year_rows(seed, scale, until, job)
        return
    import multiprocessing
    from functools import partial
    with multiprocessing.get_context("fork").Pool(2, maxtasksperchild=1) as pool:
        for rows in pool.imap(partial(_year_rows, seed, scale, until), jobs):
            yield from rows
            del rows
