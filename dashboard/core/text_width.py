"""How wide a text is on screen, from the metrics of the font the tables are drawn in (Source Sans, the face
Streamlit bundles; its advance widths measured in Chromium by `benchmarks/font_widths.py` into text_widths.json).

Pure: no Streamlit. Kerning is not in the table; `width` adds a small margin so a measured text never comes out
narrower than the browser draws it. A character the table does not hold counts as the widest letter (a width
too big wraps a line early; too small would cut it).
"""
from __future__ import annotations

import json
import unicodedata
from functools import lru_cache
from pathlib import Path

TABLE_FONT_PX = 14  # Streamlit's data grid: theme fontSizes.sm (0.875rem of 16 px), normal weight
MARGIN = 1.02  # kerning and rounding


@lru_cache(maxsize=1)
def _widths() -> dict[str, dict[str, int]]:
    data = json.loads((Path(__file__).with_name("text_widths.json")).read_text(encoding="utf-8"))
    return data["widths"]


def _advance(ch: str, table: dict[str, int]) -> int:
    if ch in table:
        return table[ch]
    base = unicodedata.normalize("NFC", ch)  # a decomposed letter measured as its composed form
    if base in table:
        return table[base]
    if unicodedata.combining(ch):
        return 0
    return max(table.values())


def width(text: str, px: float = TABLE_FONT_PX, *, bold: bool = False) -> float:
    """The width in CSS pixels of `text` on one line, at `px` pixels, regular (or semibold)."""
    table = _widths()["600" if bold else "400"]
    text = unicodedata.normalize("NFC", str(text))
    return sum(_advance(ch, table) for ch in text) * px / 1000 * MARGIN


def wrap(text: str, room: float, px: float = TABLE_FONT_PX, *, bold: bool = False) -> list[str]:
    """`text` broken at spaces into lines no wider than `room` pixels (a word wider than the room stays whole on its
    own line: the caller sees that line is too wide)."""
    lines: list[str] = []
    for word in str(text).split():
        if lines and width(f"{lines[-1]} {word}", px, bold=bold) <= room:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


def longest_word(text: str, px: float = TABLE_FONT_PX, *, bold: bool = False) -> float:
    return max((width(w, px, bold=bold) for w in str(text).split()), default=0.0)
