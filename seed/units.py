"""The organisation: the Chairman and Vice-Chairmen (by title, no names), the departments
(sở, ban, ngành) and the 13 district-level units of Quảng Ngãi in 2021 with a few communes
each, and the 2025 reorganisation (DOMAIN.md §5) as unit validity dates.

- Departments merged on 2025-03-01: the absorbed ones end on 2025-02-28 and name a successor.
- The district level (and the old communes) end on 2025-06-30; from 2025-07-01 new
  commune-level units (xã, phường, đặc khu) take over their tasks and petitions.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

MERGER_DAY = date(2025, 3, 1)
TWO_LEVEL_DAY = date(2025, 7, 1)
LAST_DEPT_DAY = date(2025, 2, 28)
LAST_DISTRICT_DAY = date(2025, 6, 30)


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
    successor: str | None = None  # who takes over its work after valid_to
    lag: float = 1.0  # > 1: a lagging unit (late dossiers, overdue tasks) the dashboard should expose

    def active_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


def _dept(code, name, leader, lag=1.0, valid_to=None, successor=None, valid_from=None):
    return Unit(code, name, "department", leader, None, valid_from, valid_to, successor, lag)


DEPARTMENTS = [
    _dept("VPUB", "Văn phòng UBND tỉnh", "CT", lag=0.3),
    _dept("SNV", "Sở Nội vụ", "CT"),
    _dept("STC", "Sở Tài chính", "PCT1"),
    _dept("SKHDT", "Sở Kế hoạch và Đầu tư", "PCT1", valid_to=LAST_DEPT_DAY, successor="STC"),
    _dept("STP", "Sở Tư pháp", "PCT1"),
    _dept("SCT", "Sở Công Thương", "PCT2"),
    _dept("SXD", "Sở Xây dựng", "PCT1", lag=2.5),
    _dept("SGTVT", "Sở Giao thông vận tải", "PCT1", valid_to=LAST_DEPT_DAY, successor="SXD"),
    _dept("STNMT", "Sở Tài nguyên và Môi trường", "PCT2", lag=4.0, valid_to=LAST_DEPT_DAY, successor="SNNMT"),
    _dept("SNNPTNT", "Sở Nông nghiệp và Phát triển nông thôn", "PCT2", valid_to=LAST_DEPT_DAY, successor="SNNMT"),
    _dept("SLDTBXH", "Sở Lao động - Thương binh và Xã hội", "PCT3", lag=1.8, valid_to=LAST_DEPT_DAY,
          successor="SNV"),
    _dept("SYT", "Sở Y tế", "PCT3"),
    _dept("SGDDT", "Sở Giáo dục và Đào tạo", "PCT3"),
    _dept("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch", "PCT3"),
    _dept("SKHCN", "Sở Khoa học và Công nghệ", "PCT2"),
    _dept("STTTT", "Sở Thông tin và Truyền thông", "PCT3", valid_to=LAST_DEPT_DAY, successor="SKHCN"),
    _dept("SNGV", "Sở Ngoại vụ", "PCT3"),
    _dept("TTT", "Thanh tra tỉnh", "CT"),
    _dept("BDT", "Ban Dân tộc", "PCT2", valid_to=LAST_DEPT_DAY, successor="SDTTG"),
    _dept("BQLKKT", "Ban Quản lý Khu kinh tế Dung Quất và các KCN Quảng Ngãi", "CT"),
    # Formed on 2025-03-01 (DOMAIN.md §5, department mergers).
    _dept("SNNMT", "Sở Nông nghiệp và Môi trường", "PCT2", lag=2.5, valid_from=MERGER_DAY),
    _dept("SDTTG", "Sở Dân tộc và Tôn giáo", "PCT2", valid_from=MERGER_DAY),
]

# district code, name, supervising leader, lag, remote (vùng sâu, vùng xa), communes (the six of the
# report's footnote 8 included), the commune-level unit that takes over from 2025-07-01.
_DISTRICTS = [
    ("H_QUANGNGAI", "Thành phố Quảng Ngãi", "PCT1", 1.0, False,
     ["Phường Quảng Phú", "Phường Trần Phú", "Phường Nghĩa Lộ", "Xã Nghĩa Dõng"], "Phường Cẩm Thành"),
    ("H_DUCPHO", "Thị xã Đức Phổ", "PCT1", 1.0, False,
     ["Xã Phổ Vinh", "Phường Nguyễn Nghiêm", "Phường Phổ Thạnh", "Xã Phổ Châu"], "Phường Đức Phổ"),
    ("H_BINHSON", "Huyện Bình Sơn", "PCT1", 1.6, False,
     ["Xã Bình Thạnh", "Thị trấn Châu Ổ", "Xã Bình Long", "Xã Bình Hải"], "Xã Bình Sơn"),
    ("H_SONTINH", "Huyện Sơn Tịnh", "PCT1", 1.0, False,
     ["Xã Tịnh Phong", "Xã Tịnh Hà", "Xã Tịnh Bình"], "Xã Sơn Tịnh"),
    ("H_TUNGHIA", "Huyện Tư Nghĩa", "PCT3", 1.0, False,
     ["Xã Nghĩa Điền", "Thị trấn La Hà", "Xã Nghĩa Kỳ"], "Xã Tư Nghĩa"),
    ("H_NGHIAHANH", "Huyện Nghĩa Hành", "PCT3", 0.8, False,
     ["Thị trấn Chợ Chùa", "Xã Hành Thiện", "Xã Hành Tín Đông"], "Xã Nghĩa Hành"),
    ("H_MODUC", "Huyện Mộ Đức", "PCT3", 1.0, False,
     ["Xã Đức Minh", "Thị trấn Mộ Đức", "Xã Đức Tân"], "Xã Mộ Đức"),
    ("H_BATO", "Huyện Ba Tơ", "PCT2", 1.4, True,
     ["Thị trấn Ba Tơ", "Xã Ba Thành", "Xã Ba Vì"], "Xã Ba Tơ"),
    ("H_MINHLONG", "Huyện Minh Long", "PCT2", 1.0, True,
     ["Xã Long Hiệp", "Xã Long Sơn"], "Xã Minh Long"),
    ("H_SONHA", "Huyện Sơn Hà", "PCT2", 1.2, True,
     ["Thị trấn Di Lăng", "Xã Sơn Hạ", "Xã Sơn Thành"], "Xã Sơn Hà"),
    ("H_SONTAY", "Huyện Sơn Tây", "PCT2", 2.2, True,
     ["Xã Sơn Dung", "Xã Sơn Mùa"], "Xã Sơn Tây"),
    ("H_TRABONG", "Huyện Trà Bồng", "PCT2", 1.5, True,
     ["Thị trấn Trà Xuân", "Xã Trà Bình", "Xã Trà Phong"], "Xã Trà Bồng"),
    ("H_LYSON", "Huyện Lý Sơn", "PCT3", 1.0, True,
     ["Xã An Vĩnh", "Xã An Hải"], "Đặc khu Lý Sơn"),
]

REMOTE_DISTRICTS = frozenset(code for code, _, _, _, remote, _, _ in _DISTRICTS if remote)

_ASCII = str.maketrans("àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ",
                       "aaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyyd")
_PREFIXES = ("Phường ", "Thị trấn ", "Xã ", "Đặc khu ")


def slug(name: str) -> str:
    for prefix in _PREFIXES:
        name = name.removeprefix(prefix)
    return name.lower().translate(_ASCII).replace(" ", "").upper()


def _district_units() -> list[Unit]:
    out = []
    for code, name, leader, lag, _remote, communes, successor in _DISTRICTS:
        new_code = "XM_" + slug(successor)
        out.append(Unit(code, name, "district", leader, None, None, LAST_DISTRICT_DAY, new_code, lag))
        out += [Unit("X_" + slug(c), c, "commune", leader, code, None, LAST_DISTRICT_DAY, new_code)
                for c in communes]
        # The two-level government (from 2025-07-01): a new commune-level unit directly under the province.
        out.append(Unit(new_code, successor, "commune", leader, None, TWO_LEVEL_DAY, None, None, lag))
    return out


UNITS: list[Unit] = DEPARTMENTS + _district_units()
BY_CODE: dict[str, Unit] = {u.code: u for u in UNITS}
assert len(BY_CODE) == len(UNITS), "duplicate unit codes"


def current_code(code: str, day: date) -> str:
    """The unit doing `code`'s work on `day`: itself, or its successor after a merger."""
    unit = BY_CODE[code]
    while not unit.active_on(day) and unit.successor and unit.valid_to and day > unit.valid_to:
        unit = BY_CODE[unit.successor]
    return unit.code


def active(kind: str, day: date) -> list[Unit]:
    return [u for u in UNITS if u.kind == kind and u.active_on(day)]


def local_units(day: date) -> list[Unit]:
    """The local governments handling tasks and petitions on `day`: districts, later the new communes."""
    if day < TWO_LEVEL_DAY:
        return active("district", day)
    return [u for u in active("commune", day) if u.parent is None]


def leader_rows() -> list[tuple]:
    return [(l.code, l.name, l.title, ";".join(l.sectors)) for l in LEADERS]


def unit_rows() -> list[tuple]:
    """Rows for `units`, parents before children (the foreign key needs it)."""
    ordered = sorted(UNITS, key=lambda u: u.parent is not None)
    return [(u.code, u.name, u.kind, u.parent, u.leader, u.valid_from, u.valid_to) for u in ordered]
