"""The organisation over time (SPEC §2.5, §3; DOMAIN.md §5): the province of today and the two former
provinces it took its history from, with the lineage edges between them.

- The former Quảng Ngãi, from 2021: its departments (sở, ban, ngành) and 13 district-level units with
  their communes. On 2025-03-01 seven departments were merged into others (they end on 2025-02-28).
- The former Kon Tum, from 2024-01-01 (the history the merged province took over from its systems, so
  province-wide figures up to 2023 stay the former Quảng Ngãi's): its departments, 10 districts and
  their communes, with the same March 2025 mergers (inferred from the national pattern, see the list).
- From 2025-07-01 (NQ 202/2025/QH15): one province, two levels. Each of the 15 agencies of the new
  province (departments_2025.csv) continues the former Quảng Ngãi's agency of the same name and absorbs
  the former Kon Tum's (a `merge` edge: "a department absorbed into another", SPEC §2.5), so today's
  codes are the ones the demo always had (VPUB, STC, ...). The district level ends on 2025-06-30; the 96
  commune-level units of NQ 1677/NQ-UBTVQH15 (communes_2025.csv, with their official codes) begin.

Lineage edges (`EDGES`): old communes -> new communes as the resolution lists them (`merge`; `rename` for
the five communes it left unchanged; `split` for xã Trà Bùi, divided between two new communes);
districts -> the new communes on their territory (`split`, the primary one holding the former district
seat; huyện Lý Sơn -> đặc khu Lý Sơn is a `rename`); departments -> the departments that absorbed them.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import NamedTuple

from data_access.org import Edge

from .org2025 import NewCommune, agencies_2025, display_name, new_communes

MERGER_DAY = date(2025, 3, 1)
LAST_DEPT_DAY = MERGER_DAY - timedelta(days=1)
TWO_LEVEL_DAY = date(2025, 7, 1)
LAST_DISTRICT_DAY = TWO_LEVEL_DAY - timedelta(days=1)
KON_TUM_FROM = date(2024, 1, 1)  # the former Kon Tum's history in the demo starts here (SPEC §3)

QUANG_NGAI, KON_TUM = "quang_ngai", "kon_tum"
KT = "KT_"  # code prefix of the former Kon Tum's departments

# Legal bases, as far as the reference list could establish them (its README: what is stated, what inferred).
BASIS_QN_MARCH = ("NĐ 45/2025/NĐ-CP; Đề án sắp xếp các sở của tỉnh Quảng Ngãi (BCH Đảng bộ tỉnh thông qua "
                  "18/2/2025; quyết định công bố 20/2/2025, số chưa tìm thấy)")
BASIS_KT_MARCH = "NĐ 45/2025/NĐ-CP (sắp xếp của tỉnh Kon Tum suy theo mẫu chung; văn bản của tỉnh chưa tìm thấy)"
BASIS_JULY = ("NQ 202/2025/QH15; NĐ 150/2025/NĐ-CP (hợp nhất nguyên trạng cơ quan chuyên môn hai tỉnh; "
              "văn bản thành lập chưa tìm thấy)")
BASIS_ZONES = "QĐ 1499/QĐ-TTg (hợp nhất hai Ban Quản lý khu kinh tế)"
BASIS_DISTRICTS = "Luật Tổ chức chính quyền địa phương 2025 (kết thúc cấp huyện); "  # + the commune's clause

DEMO_MAIL = {QUANG_NGAI: "demo.quangngai.gov.vn", KON_TUM: "demo.kontum.gov.vn"}  # not real mailboxes
NO_EMAIL = frozenset({"XA_23473", "XA_23536"})  # xã Măng Đen, xã Mô Rai: no address yet (reminders list them)


@dataclass(frozen=True)
class Leader:
    code: str
    name: str
    title: str
    sectors: tuple[str, ...]


LEADERS = [
    Leader("CT", "Chủ tịch UBND tỉnh", "chairman",
           ("Lãnh đạo, điều hành chung", "Nội chính, quốc phòng, an ninh", "Tổ chức bộ máy, cán bộ",
            "Thanh tra, tiếp công dân, giải quyết khiếu nại, tố cáo", "Khu kinh tế, khu công nghiệp")),
    Leader("PCT1", "Phó Chủ tịch Thường trực UBND tỉnh", "vice_chairman",
           ("Kế hoạch, đầu tư", "Tài chính, ngân sách", "Xây dựng, giao thông", "Tư pháp", "Đô thị")),
    Leader("PCT2", "Phó Chủ tịch UBND tỉnh (kinh tế ngành)", "vice_chairman",
           ("Nông nghiệp, nông thôn", "Tài nguyên, môi trường", "Công thương", "Khoa học, công nghệ",
            "Dân tộc, miền núi")),
    Leader("PCT3", "Phó Chủ tịch UBND tỉnh (văn hóa - xã hội)", "vice_chairman",
           ("Giáo dục, đào tạo", "Y tế", "Lao động, thương binh, xã hội", "Văn hóa, thể thao, du lịch",
            "Thông tin, truyền thông", "Đối ngoại")),
]


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    kind: str  # department | district | commune
    leader: str | None = None
    parent: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    lag: float = 1.0  # > 1: a lagging unit (late dossiers, overdue tasks) the dashboard should expose
    province: str | None = None  # quang_ngai | kon_tum: the former province; None: a unit of the new one
    remote: bool = False  # vùng sâu, vùng xa: longer statutory limits for complaints
    email: str | None = None

    def active_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


# ---- departments ---------------------------------------------------------------------------------

# code, name without the province, supervising leader, lag in the former Quảng Ngãi, lag in the former
# Kon Tum, the department that absorbed it on 2025-03-01 (None: it went on). The order is the one the
# 2021 data was drawn in: keep it.
_DEPARTMENTS = [
    ("VPUB", "Văn phòng Ủy ban nhân dân tỉnh", "CT", 0.3, 0.5, None),
    ("SNV", "Sở Nội vụ tỉnh", "CT", 1.0, 1.1, None),
    ("STC", "Sở Tài chính tỉnh", "PCT1", 1.0, 1.2, None),
    ("SKHDT", "Sở Kế hoạch và Đầu tư tỉnh", "PCT1", 1.0, 1.3, "STC"),
    ("STP", "Sở Tư pháp tỉnh", "PCT1", 1.0, 0.9, None),
    ("SCT", "Sở Công Thương tỉnh", "PCT2", 1.0, 1.0, None),
    ("SXD", "Sở Xây dựng tỉnh", "PCT1", 2.5, 1.6, None),
    ("SGTVT", "Sở Giao thông vận tải tỉnh", "PCT1", 1.0, 1.4, "SXD"),
    ("STNMT", "Sở Tài nguyên và Môi trường tỉnh", "PCT2", 4.0, 2.6, "SNNMT"),
    ("SNNPTNT", "Sở Nông nghiệp và Phát triển nông thôn tỉnh", "PCT2", 1.0, 1.2, "SNNMT"),
    ("SLDTBXH", "Sở Lao động - Thương binh và Xã hội tỉnh", "PCT3", 1.8, 1.5, "SNV"),
    ("SYT", "Sở Y tế tỉnh", "PCT3", 1.0, 1.0, None),
    ("SGDDT", "Sở Giáo dục và Đào tạo tỉnh", "PCT3", 1.0, 0.9, None),
    ("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch tỉnh", "PCT3", 1.0, 1.0, None),
    ("SKHCN", "Sở Khoa học và Công nghệ tỉnh", "PCT2", 1.0, 1.0, None),
    ("STTTT", "Sở Thông tin và Truyền thông tỉnh", "PCT3", 1.0, 0.9, "SKHCN"),
    ("SNGV", "Sở Ngoại vụ tỉnh", "PCT3", 1.0, 0.8, None),
    ("TTT", "Thanh tra tỉnh", "CT", 1.0, 1.1, None),
    ("BDT", "Ban Dân tộc tỉnh", "PCT2", 1.0, 1.3, "SDTTG"),
    ("BQLKKT", None, "CT", 1.0, 1.0, None),
    # Formed on 2025-03-01 (DOMAIN.md §5, department mergers).
    ("SNNMT", "Sở Nông nghiệp và Môi trường tỉnh", "PCT2", 2.5, 1.8, None),
    ("SDTTG", "Sở Dân tộc và Tôn giáo tỉnh", "PCT2", 1.0, 1.2, None),
]
FORMED_IN_MARCH = frozenset({"SNNMT", "SDTTG"})
_ZONE_BOARDS = {QUANG_NGAI: "Ban Quản lý Khu kinh tế Dung Quất và các Khu công nghiệp Quảng Ngãi",
                KON_TUM: "Ban Quản lý Khu kinh tế tỉnh Kon Tum"}
_PROVINCE_NAME = {QUANG_NGAI: "Quảng Ngãi", KON_TUM: "Kon Tum"}

# Open work a department handed to another than the one that absorbed it (the list's notes for the
# former Quảng Ngãi: vocational training to Education, children and social protection to Health; the
# press of the former Sở TT&TT to Culture). Used for explicit `handover_to` on some open items.
FUNCTION_TRANSFERS = {"SLDTBXH": ("SGDDT", "SYT"), "STTTT": ("SVHTTDL",)}


def dept_of(code: str, province: str) -> str:
    """The former province's own department for a Quảng Ngãi department code (procedures, topics)."""
    return code if province == QUANG_NGAI else KT + code


def base_code(code: str) -> str:
    return code.removeprefix(KT)


def start_of(province: str) -> date | None:
    """The first day of a former province's units in the demo (None: from the start of the data)."""
    return None if province == QUANG_NGAI else KON_TUM_FROM


def _email(code: str, province: str | None) -> str | None:
    if code in NO_EMAIL:
        return None
    return f"vanthu.{code.lower()}@{DEMO_MAIL[province or QUANG_NGAI]}"


def _departments(province: str) -> list[Unit]:
    start = start_of(province)
    out = []
    for code, name, leader, lag_qn, lag_kt, march in _DEPARTMENTS:
        own = dept_of(code, province)
        full = _ZONE_BOARDS[province] if name is None else f"{name} {_PROVINCE_NAME[province]}"
        valid_from = MERGER_DAY if code in FORMED_IN_MARCH else start
        if march:
            valid_to = LAST_DEPT_DAY
        else:  # the former Quảng Ngãi's agency goes on as the new province's; the Kon Tum one is absorbed
            valid_to = None if province == QUANG_NGAI else LAST_DISTRICT_DAY
        out.append(Unit(own, full, "department", leader, None, valid_from, valid_to,
                        lag_qn if province == QUANG_NGAI else lag_kt, province, False, _email(own, province)))
    return out


def _department_edges(province: str) -> list[Edge]:
    out = []
    march_basis = BASIS_QN_MARCH if province == QUANG_NGAI else BASIS_KT_MARCH
    for code, _, _, _, _, march in _DEPARTMENTS:
        own = dept_of(code, province)
        if march:
            # Ban Dân tộc became Sở Dân tộc và Tôn giáo (one predecessor: a rename; the religious
            # affairs it gained came from Sở Nội vụ, which went on).
            kind = "rename" if march == "SDTTG" else "merge"
            out.append(Edge(own, dept_of(march, province), MERGER_DAY, kind, False, march_basis))
        elif province == KON_TUM:
            out.append(Edge(own, code, TWO_LEVEL_DAY, "merge", False, BASIS_ZONES if code == "BQLKKT" else BASIS_JULY))
    return out


def _check_agency_names(units: list[Unit]) -> None:
    """The agencies of today are exactly the 15 of the official list, under its names."""
    today = {u.name for u in units if u.kind == "department" and u.valid_to is None}
    official = {a.name for a in agencies_2025()}
    assert today == official, (today ^ official)


# ---- districts and communes ---------------------------------------------------------------------

class District(NamedTuple):
    code: str
    name: str           # official name
    leader: str         # supervising leader
    lag: float
    remote: bool        # vùng sâu, vùng xa
    province: str       # the former province


_DISTRICTS = [District(*row) for row in [
    ("H_QUANGNGAI", "Thành phố Quảng Ngãi", "PCT1", 1.0, False, QUANG_NGAI),
    ("H_DUCPHO", "Thị xã Đức Phổ", "PCT1", 1.0, False, QUANG_NGAI),
    ("H_BINHSON", "Huyện Bình Sơn", "PCT1", 1.6, False, QUANG_NGAI),
    ("H_SONTINH", "Huyện Sơn Tịnh", "PCT1", 1.0, False, QUANG_NGAI),
    ("H_TUNGHIA", "Huyện Tư Nghĩa", "PCT3", 1.0, False, QUANG_NGAI),
    ("H_NGHIAHANH", "Huyện Nghĩa Hành", "PCT3", 0.8, False, QUANG_NGAI),
    ("H_MODUC", "Huyện Mộ Đức", "PCT3", 1.0, False, QUANG_NGAI),
    ("H_BATO", "Huyện Ba Tơ", "PCT2", 1.4, True, QUANG_NGAI),
    ("H_MINHLONG", "Huyện Minh Long", "PCT2", 1.0, True, QUANG_NGAI),
    ("H_SONHA", "Huyện Sơn Hà", "PCT2", 1.2, True, QUANG_NGAI),
    ("H_SONTAY", "Huyện Sơn Tây", "PCT2", 2.2, True, QUANG_NGAI),
    ("H_TRABONG", "Huyện Trà Bồng", "PCT2", 1.5, True, QUANG_NGAI),
    ("H_LYSON", "Huyện Lý Sơn", "PCT3", 1.0, True, QUANG_NGAI),
    ("H_KONTUM", "Thành phố Kon Tum", "PCT1", 1.1, False, KON_TUM),
    ("H_DAKGLEI", "Huyện Đăk Glei", "PCT2", 1.6, True, KON_TUM),
    ("H_NGOCHOI", "Huyện Ngọc Hồi", "PCT1", 1.0, True, KON_TUM),
    ("H_DAKTO", "Huyện Đăk Tô", "PCT3", 1.1, True, KON_TUM),
    ("H_KONPLONG", "Huyện Kon Plông", "PCT3", 1.3, True, KON_TUM),
    ("H_KONRAY", "Huyện Kon Rẫy", "PCT2", 1.0, True, KON_TUM),
    ("H_DAKHA", "Huyện Đăk Hà", "PCT2", 0.9, True, KON_TUM),
    ("H_SATHAY", "Huyện Sa Thầy", "PCT1", 1.2, True, KON_TUM),
    ("H_TUMORONG", "Huyện Tu Mơ Rông", "PCT3", 1.9, True, KON_TUM),
    ("H_IAHDRAI", "Huyện Ia H'Drai", "PCT2", 1.4, True, KON_TUM),
]]

# The primary successor of each district: the new commune that took over its open work. Demo choice,
# by one rule: the commune holding the district town (thị trấn, the seat by law; La Hà for Tư Nghĩa);
# where there was none, the ward or commune the resolution named after the district or the city
# (Cẩm Thành for the city of Quảng Ngãi, as the demo always had), else the larger one (Ia Tơi).
DISTRICT_SEATS = {
    "H_QUANGNGAI": "phường Cẩm Thành", "H_DUCPHO": "phường Đức Phổ", "H_BINHSON": "xã Bình Sơn",
    "H_SONTINH": "xã Sơn Tịnh", "H_TUNGHIA": "xã Tư Nghĩa", "H_NGHIAHANH": "xã Nghĩa Hành",
    "H_MODUC": "xã Mộ Đức", "H_BATO": "xã Ba Tơ", "H_MINHLONG": "xã Minh Long", "H_SONHA": "xã Sơn Hà",
    "H_SONTAY": "xã Sơn Tây", "H_TRABONG": "xã Trà Bồng", "H_LYSON": "đặc khu Lý Sơn",
    "H_KONTUM": "phường Kon Tum", "H_DAKGLEI": "xã Đăk Pék", "H_NGOCHOI": "xã Bờ Y", "H_DAKTO": "xã Đăk Tô",
    "H_KONPLONG": "xã Măng Đen", "H_KONRAY": "xã Đăk Rve", "H_DAKHA": "xã Đăk Hà", "H_SATHAY": "xã Sa Thầy",
    "H_TUMORONG": "xã Tu Mơ Rông", "H_IAHDRAI": "xã Ia Tơi",
}
# xã Trà Bùi was divided (NQ 1677 clauses 30 and 31): the part that stayed whole after clause 30 went
# to xã Tây Trà Bồng, which the demo takes as the primary successor.
SPLIT_PRIMARY = {"X_21142": "xã Tây Trà Bồng"}
_NEW_PREFIX = {"xa": "XA_", "phuong": "PH_", "dac_khu": "DK_"}


def new_code(c: NewCommune) -> str:
    return _NEW_PREFIX[c.kind] + c.code


def _communes() -> tuple[list[Unit], list[Unit], list[Edge]]:
    """(former communes, new communes, edges from communes and districts to the new communes)."""
    districts = {d.name.lower(): d for d in _DISTRICTS}  # the list writes 'huyện Bình Sơn'
    old: dict[str, Unit] = {}
    new: list[Unit] = []
    edges: list[Edge] = []
    for c in new_communes():
        code = new_code(c)
        own_districts = [districts[d.lower()] for d in c.districts]
        first = own_districts[0]
        new.append(Unit(code, display_name(c.name), "commune", first.leader, None, TWO_LEVEL_DAY, None,
                        sum(d.lag for d in own_districts) / len(own_districts), None, first.remote,
                        _email(code, None)))
        for p in c.predecessors:
            if p.is_district:  # huyện Lý Sơn became đặc khu Lý Sơn
                edges.append(Edge(districts[p.name.lower()].code, code, TWO_LEVEL_DAY, "rename", False,
                                  c.legal_basis))
                continue
            d = districts[p.district.lower()]
            old_code = "X_" + p.code
            old.setdefault(old_code, Unit(old_code, display_name(p.name), "commune", d.leader, d.code,
                                          start_of(d.province), LAST_DISTRICT_DAY, d.lag, d.province, d.remote,
                                          _email(old_code, d.province)))
            if p.partial:
                kind, primary = "split", SPLIT_PRIMARY[old_code] == c.name
            else:
                kind, primary = ("rename" if p.unchanged else "merge"), False
            edges.append(Edge(old_code, code, TWO_LEVEL_DAY, kind, primary, c.legal_basis))
        for d in own_districts:
            if d.code == "H_LYSON":
                continue
            edges.append(Edge(d.code, code, TWO_LEVEL_DAY, "split", DISTRICT_SEATS[d.code] == c.name,
                              BASIS_DISTRICTS + c.legal_basis))
    return list(old.values()), new, edges


def _district_units() -> list[Unit]:
    return [Unit(d.code, d.name, "district", d.leader, None, start_of(d.province), LAST_DISTRICT_DAY, d.lag,
                 d.province, d.remote, _email(d.code, d.province)) for d in _DISTRICTS]


def _check_lineage(units: list[Unit], edges: list[Edge]) -> None:
    """What the importer would refuse (IMPORT_FORMATS.md, unit_lineage), checked when the module loads."""
    by_code = {u.code: u for u in units}
    out: dict[str, list[Edge]] = {}
    for e in edges:
        out.setdefault(e.predecessor, []).append(e)
    for code, own in out.items():
        assert by_code[code].valid_to == own[0].effective_date - timedelta(days=1), code
        kinds = {e.kind for e in own}
        if "split" in kinds:
            assert kinds == {"split"} and sum(e.is_primary for e in own) == 1, code
        else:
            assert len(own) == 1, code
    for u in units:
        assert (u.valid_to is None) == (u.code not in out), f"{u.code}: an end needs successors and vice versa"


def _build() -> tuple[list[Unit], list[Edge]]:
    old_communes, new, commune_edges = _communes()
    units = (_departments(QUANG_NGAI) + _district_units() + old_communes + _departments(KON_TUM) + new)
    edges = _department_edges(QUANG_NGAI) + _department_edges(KON_TUM) + commune_edges
    _check_agency_names(units)
    _check_lineage(units, edges)
    return units, edges


UNITS, EDGES = _build()
BY_CODE: dict[str, Unit] = {u.code: u for u in UNITS}
assert len(BY_CODE) == len(UNITS), "duplicate unit codes"
DEPARTMENTS = [u for u in UNITS if u.kind == "department"]


@cache
def successors(code: str) -> tuple[Edge, ...]:
    return tuple(e for e in EDGES if e.predecessor == code)


def next_unit(code: str, rng: random.Random | None = None) -> str:
    """Who takes over `code`'s work after its last day: the merge or rename successor, else (a split)
    the primary successor, or with `rng` one of the split successors, weighted by the share of the
    predecessor's communes each took (new work lands all over a former district's territory)."""
    edges = successors(code)
    if len(edges) == 1 or edges[0].kind != "split":
        return edges[0].successor
    if rng is None:
        return next(e.successor for e in edges if e.is_primary)
    return rng.choices([e.successor for e in edges], weights=[_territory(code, e.successor) for e in edges])[0]


@cache
def _territory(district: str, commune: str) -> int:
    """How many former communes of `district` (or the district itself) went into `commune`."""
    parents = {e.predecessor for e in EDGES if e.successor == commune}
    return max(1, sum(1 for p in parents if BY_CODE[p].parent == district))


def current_code(code: str, day: date, rng: random.Random | None = None) -> str:
    """The unit doing `code`'s work on `day`: itself, or its successor after a merger or split."""
    unit = BY_CODE[code]
    while unit.valid_to is not None and day > unit.valid_to and successors(unit.code):
        unit = BY_CODE[next_unit(unit.code, rng)]
    return unit.code


def explicit_handover(code: str, rng: random.Random, share: float) -> str | None:
    """For an item still open when `code` was dissolved: the receiver its handover record names, for
    about `share` of them (None: the record is silent and the lineage edges decide). A district's
    items go to the new commune where the matter lies (often not the primary one); a department's to
    the one that took over that function, else to the one that absorbed it."""
    if not successors(code) or rng.random() >= share:
        return None
    unit = BY_CODE[code]
    moved = FUNCTION_TRANSFERS.get(base_code(code))
    if moved and rng.random() < 0.6:
        return dept_of(rng.choice(moved), unit.province)
    return next_unit(code, rng)


def active(kind: str, day: date) -> list[Unit]:
    return [u for u in UNITS if u.kind == kind and u.active_on(day)]


def first_departments(province: str) -> list[Unit]:
    """The departments a former province began the demo with (in drawing order)."""
    return [u for u in DEPARTMENTS if u.province == province and u.valid_from == start_of(province)]


def districts_of(province: str) -> list[Unit]:
    return [u for u in UNITS if u.kind == "district" and u.province == province]


def local_units(day: date) -> list[Unit]:
    """The local governments handling tasks and petitions on `day`: districts, later the new communes."""
    if day < TWO_LEVEL_DAY:
        return active("district", day)
    return [u for u in active("commune", day) if u.parent is None]


def leader_rows() -> list[tuple]:
    return [(l.code, l.name, l.title, ";".join(l.sectors)) for l in LEADERS]


UNIT_COLUMNS = ("code", "name", "kind", "parent_code", "supervising_leader", "valid_from", "valid_to", "email",
                "former_province")
LINEAGE_COLUMNS = ("predecessor", "successor", "effective_date", "kind", "is_primary", "legal_basis")


def unit_rows() -> list[tuple]:
    """Rows for `units`, parents before children (the foreign key needs it).

    `former_province` is the unit's own province before the merger: the former Quảng Ngãi's agencies
    that went on as the new province's (VPUB, STC, ...) keep 'quang_ngai', so their PAR series before
    2025 is the former Quảng Ngãi's (the 2021 ranking among all its departments); only units that
    began with the merged province (the 96 communes of 1/7/2025) have none."""
    ordered = sorted(UNITS, key=lambda u: u.parent is not None)
    return [(u.code, u.name, u.kind, u.parent, u.leader, u.valid_from, u.valid_to, u.email, u.province)
            for u in ordered]


def lineage_rows() -> list[tuple]:
    return [(e.predecessor, e.successor, e.effective_date, e.kind, e.is_primary, e.legal_basis) for e in EDGES]
