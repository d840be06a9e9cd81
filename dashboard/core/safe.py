"""Text from imported files (task titles, unit and leader names) is shown as text, never as markup.

Streamlit renders Markdown — links (`[x](javascript:…)`), emphasis, `:red[…]` directives, `$…$` maths —
in titles, headers, captions, notices and tab labels. `md()` escapes every ASCII punctuation mark with a
backslash (CommonMark shows the mark itself) and folds line breaks, so a value reads exactly as stored.
Tables (`st.dataframe`) and charts draw text as text and need nothing.

Spreadsheets are the other interpreter: a cell starting with `=`, `+`, `-` or `@` is a formula to Excel
and LibreOffice (CSV included). `cell()` puts an apostrophe before such text, as OWASP advises.
"""
from __future__ import annotations

import re

_MD_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation character
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def md(value) -> str:
    """`value` as literal text inside Markdown."""
    text = "" if value is None else str(value)
    text = " ".join(text.split())  # no line breaks: a value cannot start a list, a heading or a block
    return _MD_SPECIAL.sub(r"\\\1", text)


def md_block(value) -> str:
    """Text a user wrote over several lines (an explanation, a question) as literal Markdown: each line escaped
    like `md()`, the lines kept as hard breaks."""
    text = "" if value is None else str(value)
    return "  \n".join(md(line) for line in text.splitlines() if line.strip()) or md(text)


def cell(value):
    """A value for a CSV or XLSX cell: text that a spreadsheet would run as a formula is made inert."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value
