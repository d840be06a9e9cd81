"""The official lists of the 2025 reorganisation, read from `seed/reference/` (a copy of the project's
shared `reference/org2025/`, see its README): the 96 commune-level units of the new Quảng Ngãi with
their predecessor communes, clauses of NQ 1677/NQ-UBTVQH15 and codes, and the 15 provincial agencies.

Only reading and light normalisation happen here (a capital first letter, the former district split
off the predecessor's text); which units and edges the demo builds from them is `seed.units`' job.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

REFERENCE = Path(__file__).resolve().parent / "reference"
NEW_KINDS = {"xa": "xã", "phuong": "phường", "dac_khu": "đặc khu"}
PROVINCES = ("quang_ngai", "kon_tum")


def display_name(name: str) -> str:
    """'xã Tịnh Khê' -> 'Xã Tịnh Khê': a unit's name standing alone starts with a capital, as the
    rest of the demo's names do; the official text writes it lower-case inside a sentence."""
    return name[:1].upper() + name[1:]


@dataclass(frozen=True)
class FormerCommune:
    name: str          # as the resolution spells it, e.g. 'xã Trà Bùi'
    district: str      # its former district-level unit, e.g. 'huyện Trà Bồng'
    code: str          # pre-2025 code (5 digits; 3 for a district that was itself the predecessor)
    part: str | None   # 'một phần', 'phần còn lại sau khoản 30', 'giữ nguyên ...' or None

    @property
    def is_district(self) -> bool:
        return self.district == ""  # huyện Lý Sơn: the district itself is the predecessor

    @property
    def unchanged(self) -> bool:
        return bool(self.part) and self.part.startswith("giữ nguyên")

    @property
    def partial(self) -> bool:
        return bool(self.part) and not self.unchanged


@dataclass(frozen=True)
class NewCommune:
    name: str                      # official, e.g. 'xã Tịnh Khê'
    kind: str                      # xa | phuong | dac_khu
    code: str                      # new 5-digit code
    clause: int                    # Điều 1 khoản N of NQ 1677/NQ-UBTVQH15
    legal_basis: str               # 'NQ 1677/NQ-UBTVQH15 (16/6/2025), Điều 1 khoản N'
    former_province: str           # quang_ngai | kon_tum
    predecessors: tuple[FormerCommune, ...]

    @property
    def districts(self) -> list[str]:
        """Former districts on whose territory it lies, in the order the resolution names them."""
        return list(dict.fromkeys(p.name if p.is_district else p.district for p in self.predecessors))


_PREDECESSOR = re.compile(r"^(?P<name>.+?) \((?P<district>[^,()]+)(?:, (?P<part>[^()]+))?\)$")


def _former(text: str, code: str) -> FormerCommune:
    m = _PREDECESSOR.match(text.strip())
    if m is None:  # 'huyện Lý Sơn': a district with no communes became the đặc khu
        return FormerCommune(text.strip(), "", code, None)
    return FormerCommune(m["name"], m["district"], code, m["part"])


def _rows(name: str) -> list[dict[str, str]]:
    with open(REFERENCE / name, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@cache
def new_communes() -> tuple[NewCommune, ...]:
    codes = {r["new_name"]: r for r in _rows("communes_2025_codes.csv")}
    out = []
    for r in _rows("communes_2025.csv"):
        c = codes[r["new_name"]]
        names = [p for p in r["predecessors"].split(";")]
        pred_codes = [p.strip() for p in c["predecessor_codes"].split(";")]
        # The two lists name the predecessors in the same order (checked against the map's list).
        assert len(names) == len(pred_codes), r["new_name"]
        out.append(NewCommune(
            r["new_name"], r["new_kind"], c["new_code"], int(c["nq1677_clause"]), r["legal_basis"],
            r["former_province"], tuple(_former(n, k) for n, k in zip(names, pred_codes))))
    return tuple(out)


@dataclass(frozen=True)
class Agency:
    name: str           # official name of the new province's agency
    formed_from: str    # as the list states it (stated / inferred marked there)


@cache
def agencies_2025() -> tuple[Agency, ...]:
    return tuple(Agency(r["name"], r["formed_from"]) for r in _rows("departments_2025.csv"))
