"""Where a page's server time goes: each page run warm under AppTest with cProfile in the script thread.

    DATABASE_URL=sqlite:////tmp/demo.sqlite .venv/bin/python -m benchmarks.profile_pages [ho_so ...]

Prints, per page: the warm run's wall time, how much of it the store's queries took (`store._query`, cache
hits included) and how many there were, and the functions with the most cumulative time.
"""
from __future__ import annotations

import cProfile
import io
import pstats
import sys
import threading
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from auth_helpers import login  # noqa: E402

PAGES = {"tong_quan": {}, "nhiem_vu": {}, "ho_so": {}, "don_thu": {}, "cai_cach_hanh_chinh": {},
         "don_vi": {"don_vi": "STC"}, "giao_ban": {}}


def profiled_run(at: AppTest) -> tuple[float, pstats.Stats]:
    prof = cProfile.Profile()

    def start(*_):  # the first event in the new script thread: profile that thread from here
        sys.setprofile(None)
        prof.enable()
    threading.setprofile(start)
    started = time.perf_counter()
    try:
        at.run()
    finally:
        threading.setprofile(None)
    wall = time.perf_counter() - started
    return wall, pstats.Stats(prof)


def main(names: list[str]) -> None:
    for name in names or list(PAGES):
        at = AppTest.from_file(str(ROOT / "pages" / f"{name}.py"), default_timeout=120)
        login(at)
        for k, v in PAGES[name].items():
            at.query_params[k] = v
        at.run()  # fills the caches
        wall, stats = profiled_run(at)
        out = io.StringIO()
        stats.stream = out
        stats.sort_stats("cumulative").print_stats(45)
        print(f"===== {name}: warm run {wall * 1000:.0f} ms; exceptions: {[e.value for e in at.exception]}")
        print("\n".join(line for line in out.getvalue().splitlines()
                        if "{built-in" not in line and line.strip())[:6000])


if __name__ == "__main__":
    main(sys.argv[1:])
