"""The small seeded database of the briefing tests (pack and browser), generated once per test run.

The full demo data take ~1.5 minutes to generate; `--scale 0.05` keeps every table and the weekly
texture (about 140 dossiers a week) in ~10 seconds. Seeded up to Sunday 29/11/2026, so ISO week
2026-W48 (23/11 – 29/11) is the last full week. Each module gets its own copy (tests/seeded.py).
"""
from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

from seeded import seeded_sqlite_copy

UNTIL = "2026-11-29"
WEEK = "2026-W48"
WEEK_FROM, WEEK_TO = "2026-11-23", "2026-11-29"
TODAY = "2026-11-30"  # BDH_TODAY: the Monday of the meeting
SCALE = "0.05"
ROOT = Path(__file__).resolve().parent.parent


def seed(url: str) -> str:
    """The same data into another database (PostgreSQL), through the command line."""
    result = subprocess.run([sys.executable, "-m", "seed", "--db", url, "--until", UNTIL, "--scale", SCALE,
                             "--quiet"], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-2000:]
    return url


def seeded_sqlite_url(tmp_path_factory) -> str:
    """A copy of the briefing tests' SQLite database of its own for the calling module."""
    return seeded_sqlite_copy(tmp_path_factory, SCALE, date.fromisoformat(UNTIL))
