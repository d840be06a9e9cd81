"""Words from a list (kinds, channels, states, booleans), in English or Vietnamese.

Source systems differ in case, spacing, Unicode normalisation (NFC/NFD) and sometimes drop
Vietnamese diacritics altogether ("truc tuyen"); all of these name the same word.
"""
from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Text as compared: NFC, trimmed, case-folded, inner runs of spaces made one."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def unaccent(text: str) -> str:
    """Vietnamese without diacritics: 'trực tuyến' -> 'truc tuyen', 'đơn' -> 'don'."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


class Choices:
    """The accepted words of one list: each stored value with its English and Vietnamese words."""

    def __init__(self, words: dict[object, tuple[str, ...]]):
        # words: stored value -> accepted words (the first is the value's English name).
        self.words = words
        self._lookup: dict[str, object] = {}
        self._seen: dict[str, object] = {}
        for value, accepted in words.items():
            for word in accepted:
                self._lookup.setdefault(fold(word), value)
        # Unaccented forms are accepted only when they are not ambiguous.
        for word, value in list(self._lookup.items()):
            self._lookup.setdefault(unaccent(word), value)

    def match(self, text: str):
        """The stored value for `text`, or KeyError."""
        # A column holds a handful of distinct spellings over a million rows: remember them.
        if text in self._seen:
            return self._seen[text]
        folded = fold(text)
        value = self._lookup[folded] if folded in self._lookup else self._lookup[unaccent(folded)]
        if len(self._seen) < 10_000:
            self._seen[text] = value
        return value

    def describe(self) -> str:
        """The list as shown to a user: 'direct (trực tiếp), online (trực tuyến), …'."""
        parts = []
        for accepted in self.words.values():
            english, *vietnamese = accepted
            parts.append(f"{english} ({', '.join(vietnamese)})" if vietnamese else english)
        return "; ".join(parts)


BOOLEAN = Choices({
    True: ("true", "1", "yes", "có", "x", "đúng"),
    False: ("false", "0", "no", "không", "sai"),
})

LEADER_TITLES = Choices({
    "chairman": ("chairman", "chủ tịch", "chủ tịch ubnd tỉnh"),
    "vice_chairman": ("vice_chairman", "phó chủ tịch", "phó chủ tịch ubnd tỉnh", "vice chairman"),
})

UNIT_KINDS = Choices({
    "department": ("department", "sở", "ban", "ngành", "sở, ban, ngành", "sở/ban/ngành", "văn phòng"),
    "district": ("district", "huyện", "quận", "thị xã", "thành phố", "huyện/thị xã/thành phố"),
    "commune": ("commune", "xã", "phường", "thị trấn", "xã/phường/thị trấn"),
    "other": ("other", "khác"),
})

CHANNELS = Choices({
    "direct": ("direct", "trực tiếp"),
    "online": ("online", "trực tuyến", "qua mạng", "dịch vụ công trực tuyến"),
    "postal": ("postal", "bưu chính", "bưu chính công ích", "qua bưu chính"),
})

END_STATES = Choices({
    "withdrawn": ("withdrawn", "rút", "rút hồ sơ", "đã rút", "công dân rút hồ sơ"),
    "returned": ("returned", "trả lại", "trả lại hồ sơ", "đã trả lại"),
})

RATINGS = Choices({
    "satisfied": ("satisfied", "hài lòng", "rất hài lòng"),
    "unsatisfied": ("unsatisfied", "không hài lòng", "chưa hài lòng"),
})

PETITION_KINDS = Choices({
    "complaint": ("complaint", "khiếu nại"),
    "denunciation": ("denunciation", "tố cáo"),
    "recommendation": ("recommendation", "kiến nghị", "phản ánh", "kiến nghị, phản ánh", "kiến nghị/phản ánh"),
    "land_dispute": ("land_dispute", "tranh chấp đất đai", "tranh chấp", "land dispute"),
})

RECEPTION_KINDS = Choices({
    "regular": ("regular", "thường xuyên", "tiếp thường xuyên"),
    "leader_periodic": ("leader_periodic", "định kỳ", "tiếp định kỳ", "lãnh đạo tiếp định kỳ"),
    "leader_ad_hoc": ("leader_ad_hoc", "đột xuất", "tiếp đột xuất", "lãnh đạo tiếp đột xuất"),
})

LINEAGE_KINDS = Choices({
    "merge": ("merge", "hợp nhất", "sáp nhập", "sát nhập"),
    "rename": ("rename", "đổi tên"),
    "split": ("split", "chia tách", "tách"),
})

# The two provinces merged into the new Quảng Ngãi on 1/7/2025 (NQ 202/2025/QH15).
FORMER_PROVINCES = Choices({
    "quang_ngai": ("quang_ngai", "quảng ngãi", "tỉnh quảng ngãi", "quảng ngãi cũ", "tỉnh quảng ngãi cũ"),
    "kon_tum": ("kon_tum", "kon tum", "tỉnh kon tum", "kon tum cũ", "tỉnh kon tum cũ"),
})
