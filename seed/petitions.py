"""Petitions (đơn thư khiếu nại, tố cáo, kiến nghị, phản ánh) and citizen-reception sessions.

2021 reproduces the report (§1.2 d): 995 petitions, 75 from groups, 437 eligible (256
complaints, 36 denunciations, 145 recommendations and land disputes), 558 ineligible;
195 regular reception sessions with 238 people and 4 group delegations, and the Chairman's
10 sessions on 5 days with 50 people and 2 group delegations. Counts are exact (decided
first), randomness only places them. The former Kon Tum's petitions (its own stream, ids DTKT…) start
on 2024-01-01; citizen-reception sessions are the Quảng Ngãi UBND's only.
"""
from __future__ import annotations

import random
from datetime import date, timedelta

from . import calendar as cal
from . import report2021 as R
from .draw import apportion, pick, scaled, split_total
from .units import (BY_CODE as UNITS, KON_TUM, KON_TUM_FROM, QUANG_NGAI, current_code, dept_of, districts_of,
                    explicit_handover)

COLUMNS = ("petition_id", "received_date", "kind", "eligible", "duplicate", "group_petition", "handling_unit",
           "accepted_date", "due_date", "resolved_date", "handover_to")
KON_TUM_SHARE = 0.5     # the former Kon Tum's petition volume against the former Quảng Ngãi's
HANDOVER_SHARE = 0.4    # open petitions of a dissolved unit whose handover record names the receiver
ID_PREFIX = {QUANG_NGAI: "DT", KON_TUM: "DTKT"}
FIRST_YEAR = {QUANG_NGAI: R.YEAR, KON_TUM: KON_TUM_FROM.year}
RECEPTION_COLUMNS = ("reception_id", "date", "kind", "leader", "people", "group_delegations")
KINDS = ("complaint", "denunciation", "recommendation", "land_dispute")
INELIGIBLE_KIND_SHARE = (0.40, 0.15, 0.35, 0.10)
# Statutory time limits (calendar days from acceptance, DOMAIN.md §3.2): complaints 30 (45 in remote
# areas), denunciations 30, land disputes 45, recommendations 30.
LEGAL_DAYS = {"complaint": 30, "denunciation": 30, "recommendation": 30, "land_dispute": 45}
REMOTE_EXTRA = {"complaint": 15}
DEPARTMENT_FOR = {"complaint": ["STNMT", "SLDTBXH", "SXD"], "denunciation": ["TTT"],
                  "recommendation": ["STNMT", "SXD", "SGTVT", "SLDTBXH", "SYT", "SNNPTNT"],
                  "land_dispute": ["STNMT"]}
LOCAL_SHARE = {"complaint": 0.65, "denunciation": 0.4, "recommendation": 0.4, "land_dispute": 0.9}


def _year_counts(year: int, scale: float, rng: random.Random,
                 province: str = QUANG_NGAI) -> tuple[dict[str, int], int, int, int]:
    """(eligible per kind, ineligible, group, duplicate) for the year."""
    if year == R.YEAR and province == QUANG_NGAI:
        s = lambda n: scaled(n, scale)  # noqa: E731
        return ({k: s(n) for k, n in R.PETITIONS_ELIGIBLE.items()}, s(R.PETITIONS_INELIGIBLE),
                s(R.PETITIONS_GROUP), s(R.PETITIONS_DUPLICATE))
    factor = rng.uniform(0.88, 1.12) * scale * (1.0 if province == QUANG_NGAI else KON_TUM_SHARE)
    eligible = {k: max(0, round(n * factor * rng.uniform(0.85, 1.15))) for k, n in R.PETITIONS_ELIGIBLE.items()}
    ineligible = round(R.PETITIONS_INELIGIBLE * factor)
    return eligible, ineligible, round(R.PETITIONS_GROUP * factor), round(R.PETITIONS_DUPLICATE * factor)


def _handling_unit(rng: random.Random, kind: str, eligible: bool, day: date, province: str = QUANG_NGAI) -> str:
    """A unit of the former province's first organisation, then whoever does its work on `day`."""
    districts = [u.code for u in districts_of(province)]
    if not eligible:
        # Ineligible letters stay with the provincial Citizen Reception Board (part of the Office).
        code = dept_of("VPUB", province) if rng.random() < 0.75 else rng.choice(districts)
    elif rng.random() < LOCAL_SHARE[kind]:
        code = rng.choice(districts)
    else:
        code = dept_of(rng.choice(DEPARTMENT_FOR[kind]), province)
    return current_code(code, day, rng)


def _remote(unit: str) -> bool:
    return UNITS[unit].remote


def _handling(rng: random.Random, kind: str, unit: str, received: date):
    """(accepted, due, resolved) of an eligible petition: lagging units resolve late or very late."""
    accepted = cal.add_working_days(received, rng.randint(3, 10))
    due = accepted + timedelta(days=LEGAL_DAYS[kind] + (REMOTE_EXTRA.get(kind, 0) if _remote(unit) else 0))
    lag, r = UNITS[unit].lag, rng.random()
    if r < min(0.2, 0.02 * lag * lag):
        # Long-stuck cases: resolved months after the deadline (still open at a year's end, but
        # not left open for years — the inspectorate would have escalated them).
        resolved = due + timedelta(days=60 + int(rng.expovariate(1 / (60 * lag))))
    elif r < min(0.6, 0.12 * lag):
        resolved = due + timedelta(days=1 + int(rng.expovariate(1 / (20 * lag))))
    else:
        resolved = accepted + timedelta(days=round((due - accepted).days * rng.uniform(0.3, 1.0)))
    return accepted, due, resolved


def petition_year(rng: random.Random, year: int, scale: float, province: str = QUANG_NGAI) -> list[tuple]:
    eligible, ineligible, group, duplicate = _year_counts(year, scale, rng, province)
    kinds = [(k, True) for k in KINDS for _ in range(eligible[k])]
    kinds += [(k, False) for k, n in zip(KINDS, apportion(ineligible, INELIGIBLE_KIND_SHARE)) for _ in range(n)]
    rng.shuffle(kinds)
    groups = set(pick(rng, range(len(kinds)), group, lambda i: 3.0 if kinds[i][0] in ("complaint", "land_dispute") else 1.0))
    dups = set(pick(rng, [i for i, (_, ok) in enumerate(kinds) if not ok], duplicate))
    days = cal.days_of(year)
    counts = apportion(len(kinds), [cal.day_weight(d) if cal.is_working_day(d) else 0 for d in days])
    rows = []
    for i, day in enumerate(d for d, k in zip(days, counts) for _ in range(k)):
        kind, ok = kinds[i]
        unit = _handling_unit(rng, kind, ok, day, province)
        accepted = due = resolved = None
        if ok:
            accepted, due, resolved = _handling(rng, kind, unit, day)
        rows.append((f"{ID_PREFIX[province]}{year}-{i + 1:05d}", day, kind, ok, i in dups, i in groups, unit,
                     accepted, due, resolved))
    return rows


def _handover(seed: int, row: tuple, until: date) -> str | None:
    """An eligible petition still unresolved when its handling unit was dissolved may name its receiver."""
    end = UNITS[row[6]].valid_to
    if end is None or end >= until or not row[3] or row[1] > end or (row[9] is not None and row[9] <= end):
        return None
    return explicit_handover(row[6], random.Random(f"{seed}:handover:{row[0]}"), HANDOVER_SHARE)


def petition_rows(seed: int, scale: float, until: date):
    for province in (QUANG_NGAI, KON_TUM):
        for year in range(FIRST_YEAR[province], until.year + 1):
            key = f"{seed}:petitions:{year}" if province == QUANG_NGAI else f"{seed}:petitions:{province}:{year}"
            for row in petition_year(random.Random(key), year, scale, province):
                if row[1] > until:
                    break
                resolved = row[9] if row[9] is not None and row[9] <= until else None
                accepted = row[7] if row[7] is not None and row[7] <= until else None
                yield (*row[:7], accepted, row[8] if accepted else None, resolved, _handover(seed, row, until))


# ---- citizen reception (tiếp công dân) --------------------------------------------------------------

def _sessions(rng: random.Random, sessions: int, people: int, delegations: int) -> list[tuple[int, int]]:
    """(people, is_delegation) per session, summing exactly; a group delegation has at least 5 people."""
    big = [rng.randint(5, 9) for _ in range(delegations)]
    small = split_total(rng, people - sum(big), sessions - delegations, 1) if sessions > delegations else []
    out = [(n, 1) for n in big] + [(n, 0) for n in small]
    rng.shuffle(out)
    return out


def _working_days(rng: random.Random, year: int, n: int) -> list[date]:
    days = [d for d in cal.days_of(year) if cal.is_working_day(d)]
    return sorted(rng.choices(days, k=n))


def reception_year(rng: random.Random, year: int) -> list[tuple]:
    if year == R.YEAR:
        reg, ch = R.RECEPTION_REGULAR, R.RECEPTION_CHAIRMAN
    else:
        n = rng.randint(180, 240)
        groups = rng.randint(2, 8)
        reg = {"sessions": n, "people": n + 9 * groups + rng.randint(10, 50), "group_delegations": groups}
        days = rng.randint(10, 12)
        sessions = days * 2
        ch = {"sessions": sessions, "days": days, "people": sessions * rng.randint(4, 6),
              "group_delegations": rng.randint(1, 4)}
    rows = []
    regular = _sessions(rng, reg["sessions"], reg["people"], reg["group_delegations"])
    for day, (people, deleg) in zip(_working_days(rng, year, len(regular)), regular):
        rows.append((day, "regular", None, people, deleg))
    # The Chairman receives citizens in rounds (kỳ): a periodic day each month or so, plus ad-hoc days.
    days = sorted(rng.sample([d for d in cal.days_of(year) if cal.is_working_day(d)], ch["days"]))
    per_day = split_total(rng, ch["sessions"], ch["days"], 1)
    chairman = _sessions(rng, ch["sessions"], ch["people"], ch["group_delegations"])
    slots = [(day, "leader_ad_hoc" if i % 4 == 3 else "leader_periodic")
             for i, (day, k) in enumerate(zip(days, per_day)) for _ in range(k)]
    for (day, kind), (people, deleg) in zip(slots, chairman):
        rows.append((day, kind, "CT", people, deleg))
    rows.sort(key=lambda r: (r[0], r[1]))
    return [(f"TCD{year}-{i:04d}", *r) for i, r in enumerate(rows, start=1)]


def reception_rows(seed: int, until: date):
    for year in range(R.YEAR, until.year + 1):
        yield from (r for r in reception_year(random.Random(f"{seed}:receptions:{year}"), year) if r[1] <= until)
