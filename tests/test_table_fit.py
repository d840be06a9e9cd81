"""Column widths sized to their texts (dashboard/core/table_fit.py, text_width.py): pure, no browser."""
from __future__ import annotations

import pytest

from dashboard.core import table_fit as tf
from dashboard.core.text_width import longest_word, width, wrap

LONG_UNIT = "Ban Quản lý Khu kinh tế Dung Quất và các Khu công nghiệp Quảng Ngãi"
LEAGUE_HEADERS = ["Hạng chung", "Thay đổi hạng", "Hoàn thành NV đến hạn", "NV quá hạn (tồn đọng)", "Hồ sơ đúng hạn",
                  "Hồ sơ đang quá hạn", "Đơn thư quá hạn", "Hạng CCHC 2025"]
UNITS = [LONG_UNIT, "Sở Nông nghiệp và Môi trường tỉnh Quảng Ngãi", "Sở Tài chính tỉnh Quảng Ngãi",
         "Ủy ban nhân dân xã Bình Sơn", "Xã Trà Giang", "Văn phòng UBND tỉnh Quảng Ngãi"]


def test_widths_follow_the_font():
    assert width("") == 0
    assert width("iiii") < width("MMMM")  # a proportional font, not a count of characters
    assert width("Quảng Ngãi") == pytest.approx(width("Quang Ngai"), rel=0.05)  # marks add no width
    assert width("Hồ sơ", 28) == pytest.approx(2 * width("Hồ sơ", 14))
    assert width("Hồ sơ", bold=True) > width("Hồ sơ")
    assert width("Ｑ") >= width("M")  # a character the table lacks counts as the widest, never as nothing


def test_wrapping_keeps_every_word_and_the_room():
    room = 120
    lines = wrap(LONG_UNIT, room)
    assert " ".join(lines) == LONG_UNIT
    assert len(lines) > 1 and all(width(line) <= room for line in lines)
    assert wrap("Dung", 5) == ["Dung"]  # a word wider than the room stays whole
    assert longest_word(LONG_UNIT) == max(width(w) for w in LONG_UNIT.split())


def test_official_abbreviations_of_unit_names():
    assert tf.abbreviate_unit(LONG_UNIT) == "Ban Quản lý KKT Dung Quất và các KCN Quảng Ngãi"
    assert tf.abbreviate_unit("Ủy ban nhân dân xã Bình Sơn") == "UBND xã Bình Sơn"
    assert tf.abbreviate_unit("Sở Tài chính") == "Sở Tài chính"


def _league(n_rows: int = 6):
    values = ["100,0%", "99,5%", "12", "+3", "–"]
    return [tf.ColumnText("Đơn vị", UNITS[:n_rows], wraps=True, unit_names=True),
            *[tf.ColumnText(h, values) for h in LEAGUE_HEADERS],
            tf.ColumnText("Loại", ["Sở, ban, ngành", "Xã, phường, đặc khu"], wraps=True)]


def test_a_table_that_fits_keeps_every_text_whole_on_one_line():
    cols = _league()
    sized = tf.fit(cols, 3000)
    assert sized.fits and sized.lines == 1 and sized.row_height == tf.ONE_LINE_ROW
    assert sized.headers == [c.header for c in cols] and sized.values[0] == UNITS
    for w, c in zip(sized.widths, cols):
        assert w >= max(width(t) for t in [c.header, *c.values])


@pytest.mark.parametrize("room", [1008 - 36, 1008])  # ui/tables.py TABLE_ROOM, with and without the row marker
def test_the_league_fits_a_laptop_by_wrapping_names_and_shortening_headers(room):
    cols = _league()
    sized = tf.fit(cols, room)
    assert sized.fits, sized
    assert sum(sized.widths) <= room
    assert 1 < sized.lines <= 3 and sized.row_height > 64  # the grid wraps only in rows over 4 rem
    for i, (w, c) in enumerate(zip(sized.widths, cols)):
        header = sized.headers[i]
        assert width(header) + tf.HEAD_PAD <= w + 0.5, header  # a header on one line, never cut
        assert not header.endswith("…")
        if c.wraps:
            for text in sized.values[i]:
                assert len(wrap(text, w - tf.CELL_PAD)) <= 3, (text, w)
        else:  # numbers stay on one line
            assert all(width(t) + tf.CELL_PAD <= w + 0.5 for t in c.values)
    # what changed, changed the official way: the long name abbreviated, a long header in its short form
    assert "Ban Quản lý KKT Dung Quất và các KCN Quảng Ngãi" in sized.values[0]
    assert any(h != c.header for h, c in zip(sized.headers, cols))
    assert all(len(h) >= 2 for h in sized.headers)


def test_a_table_that_cannot_fit_says_so():
    cols = [tf.ColumnText(f"Cột số {i}", ["1.234.567"]) for i in range(30)]
    sized = tf.fit(cols, 600)
    assert not sized.fits and sum(sized.widths) > 600


def test_headers_are_shortened_only_where_they_set_the_width():
    # the title column wraps: its header "Nhiệm vụ" is never replaced by "NV"
    cols = [tf.ColumnText("Nhiệm vụ", ["Chủ trì, phối hợp triển khai thanh tra trách nhiệm thực hiện công vụ"] * 3,
                          wraps=True),
            *[tf.ColumnText(h, ["100,0%"]) for h in LEAGUE_HEADERS]]
    sized = tf.fit(cols, 800)
    assert sized.headers[0] == "Nhiệm vụ"
