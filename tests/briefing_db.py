"""One small seeded database per test process for the briefing tests (pack and browser).

The full demo data take ~1.5 minutes to generate; `--scale 0.05` keeps every table and the weekly
texture (about 140 dossiers a week) in ~10 seconds. Seeded up to Sunday 29/11/2026, so ISO week
2026-W48 (23/11 – 29/11) is the last full week.
"""
from __future__ import annotations

import functools
import subprocess
import sys
import tempfile
from pathlib import Path

UNTIL = "2026-11-29"
WEEK = "2026-W48"
WEEK_FROM, WEEK_TO = "2026-11-23", "2026-11-29"
TODAY = "2026-11-30"  # BDH_TODAY: the Monday of the meeting
SCALE = "0.05"
ROOT = Path(__file__).resolve().parent.parent


def seed(url: str) -> str:
    result = subprocess.run([sys.executable, "-m", "seed", "--db", url, "--until", UNTIL, "--scale", SCALE,
                             "--quiet"], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-2000:]
    return url


@functools.lru_cache(maxsize=1)
def seeded_sqlite_url() -> str:
    folder = Path(tempfile.mkdtemp(prefix="bdh_briefing_"))
    return seed(f"sqlite:///{folder / 'seed.sqlite'}")
