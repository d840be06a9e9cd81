"""PAR index (Chỉ số cải cách hành chính) of departments, district-level units and, from 2025, the new
commune-level units.

Eight criterion areas (DOMAIN.md §4.1, the province's model) with max points summing to 100.
Scores for year N exist once N is over (2020 .. the last full year before `--until`).
Units self-assess (self_score), the Sở Nội vụ's group appraises (appraised_score, usually a
little lower). 2021: the Office of the UBND ranks first among departments (report §1.2 b);
two districts share a rank that year, so the dashboard shows a tie (1, 2, 2, 4). The former Kon Tum's
departments and districts have their own series from 2024 (its last year as a province); from 2025
the units of the new province are scored.
"""
from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from .report2021 import PAR_FIRST_DEPARTMENT, YEAR as Y2021
from .units import UNITS

COLUMNS = ("year", "unit", "criterion_code", "criterion_name", "max_points", "self_score", "appraised_score")
FIRST_YEAR = 2020
CRITERIA = [
    ("LV1", "Công tác chỉ đạo, điều hành cải cách hành chính", 12),
    ("LV2", "Cải cách thể chế", 10),
    ("LV3", "Cải cách thủ tục hành chính", 14),
    ("LV4", "Cải cách tổ chức bộ máy hành chính nhà nước", 10),
    ("LV5", "Cải cách chế độ công vụ", 12),
    ("LV6", "Cải cách tài chính công", 10),
    ("LV7", "Xây dựng và phát triển chính quyền điện tử, chính quyền số", 14),
    ("LV8", "Tác động của cải cách hành chính đến người dân, tổ chức và phát triển kinh tế - xã hội", 18),
]
assert sum(m for _, _, m in CRITERIA) == 100
QUARTER = Decimal("0.25")


def _quarters(x: float) -> Decimal:
    """Points are scored in steps of 0.25."""
    return (Decimal(str(round(x * 4))) * QUARTER).quantize(Decimal("0.01"))


def scored_units(year: int) -> list[str]:
    """Departments and local governments that existed at the end of `year` (district level until 2024,
    the new communes from 2025; communes under a district are not scored)."""
    end = date(year, 12, 31)
    return [u.code for u in UNITS if u.active_on(end) and
            (u.kind in ("department", "district") or (u.kind == "commune" and u.parent is None))]


def _unit_scores(rng: random.Random, quality: float) -> list[list[Decimal]]:
    """[max, self, appraised] per criterion."""
    out = []
    for _, _, max_points in CRITERIA:
        share = min(1.0, max(0.5, rng.gauss(quality, 0.05)))
        appraised = _quarters(max_points * share)
        gap = 0 if rng.random() < 0.25 else rng.uniform(0.25, 2.0)  # appraisal usually trims a little
        if rng.random() < 0.04:
            gap = -0.25  # now and then the appraisal recognises more than claimed
        self_score = min(Decimal(max_points), max(Decimal(0), appraised + _quarters(gap)))
        out.append([Decimal(max_points), self_score, appraised])
    return out


def _total(scores) -> Decimal:
    return sum((s[2] for s in scores), Decimal(0))


def _calibrate_2021(year_scores: dict[str, list]) -> None:
    """The Office ranks first among departments; two districts share the second rank."""
    depts = [c for c in year_scores if UNITS_BY[c].kind == "department"]
    best = max(depts, key=lambda c: (_total(year_scores[c]), c == PAR_FIRST_DEPARTMENT))
    year_scores[PAR_FIRST_DEPARTMENT], year_scores[best] = year_scores[best], year_scores[PAR_FIRST_DEPARTMENT]
    top = _total(year_scores[PAR_FIRST_DEPARTMENT])
    for c in depts:  # strictly first: trim any equal total by a quarter point
        if c != PAR_FIRST_DEPARTMENT and _total(year_scores[c]) >= top:
            s = max(year_scores[c], key=lambda s: s[2])
            s[2] -= (_total(year_scores[c]) - top) + QUARTER
    districts = sorted((c for c in year_scores if UNITS_BY[c].kind == "district"),
                       key=lambda c: _total(year_scores[c]), reverse=True)
    if len(districts) >= 3:
        year_scores[districts[2]] = [list(s) for s in year_scores[districts[1]]]


UNITS_BY = {u.code: u for u in UNITS}


def par_rows(seed: int, until: date):
    # Each unit's standing comes from its own random numbers, so adding units leaves the others' as they are.
    base = {u.code: min(0.95, max(0.7, random.Random(f"{seed}:par:{u.code}").gauss(0.86, 0.03) - 0.03 * (u.lag - 1)))
            for u in UNITS}
    for year in range(FIRST_YEAR, until.year):  # year N is scored once it is over
        yr = random.Random(f"{seed}:par:{year}")
        scores = {c: _unit_scores(yr, base[c] + 0.008 * (year - FIRST_YEAR) + yr.gauss(0, 0.015))
                  for c in scored_units(year)}
        if year == Y2021:
            _calibrate_2021(scores)
        for code, per_criterion in scores.items():
            for (crit, name, _), (max_points, self_score, appraised) in zip(CRITERIA, per_criterion):
                yield (year, code, crit, name, max_points, self_score, appraised)
