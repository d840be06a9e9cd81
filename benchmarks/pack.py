"""How long the briefing pack takes, stage by stage: what the "Tải bộ tài liệu giao ban" button does.

    .venv/bin/python -m benchmarks.pack --db sqlite:///data/bang_dieu_hanh.sqlite [--week 2026-W48] [--weeks 1]
    .venv/bin/python -m benchmarks.pack --db sqlite:///data/bang_dieu_hanh.sqlite --browser [--rounds 3]

--browser: the button itself in Chromium (the app started as `make run` does, logged in as the Chairman):
seconds from the click on "Tải bộ tài liệu giao ban" until the three download buttons are there, on a fresh
load of /giao-ban each round (a new session: nothing of the pack is kept in it; the first round also finds no
chart drawn before, later rounds find the charts remembered by the server), then a second click in the
same session.

Prints seconds for: the briefing (its queries: the page has it already, cached, when the button is pressed),
the chart specs, drawing every chart once (SVG + PNG), the page layout, the PPTX, the PDF, the ZIP, and the
button's whole build (`pack.build_pack` for the three formats) — plus `python -m dashboard briefing`'s path, one
format per run. Each stage is timed once after a warm-up build (vl-convert's first call starts its engine),
in wall-clock and CPU seconds.
"""
from __future__ import annotations

import argparse
import os
import time
from contextlib import contextmanager

from data_access.clock import today_local
from data_access.config import resolve_database_url
from data_access.db import make_engine

from dashboard.briefing.build import build_briefing
from dashboard.briefing.model import last_full_week
from dashboard.render import pack
from dashboard.render.pdf import render_pdf
from dashboard.render.pptx import render_pptx


@contextmanager
def timed(label: str, rows: list[tuple[str, float, float]]):
    """Wall-clock seconds, and the CPU seconds of this process (all its threads, vl-convert's too): on a
    shared machine the wall clock waits for other work, the CPU time does not."""
    start, cpu = time.perf_counter(), time.process_time()
    yield
    rows.append((label, time.perf_counter() - start, time.process_time() - cpu))


def browser(db: str, rounds: int, port: int = 8609) -> int:
    """The button in Chromium: click → the three download buttons, per round."""
    import sys
    from pathlib import Path

    from playwright.sync_api import sync_playwright

    from benchmarks.browser import ARGS, CHROMIUM, READY, WATCH, load, login, server
    logs = Path(os.environ.get("TMPDIR", "/tmp"))
    app = [sys.executable, "-m", "dashboard.serve"]
    rows = []
    with server(app, port, {"DATABASE_URL": db}, logs / "bdh_bench_pack.log") as base, sync_playwright() as p:
        br = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for n in range(rounds):
            context = br.new_context(viewport={"width": 1920, "height": 1080}, locale="vi-VN")
            context.add_init_script(WATCH)
            page = context.new_page()
            login(page, base, "chutich", "demo@chutich")
            load(page, base + "/giao-ban")
            for click in ("first click", "second click, same session"):
                seen = page.evaluate("window.__bdhStates.length")
                start = time.perf_counter()
                page.get_by_role("button", name="Tải bộ tài liệu giao ban").click()
                # the run the click started has ended (a state change after it, the last one "notRunning")
                page.wait_for_function("(n) => window.__bdhStates.length > n + 1 && "
                                       "window.__bdhStates[window.__bdhStates.length - 1][0] === 'notRunning'",
                                       arg=seen, timeout=300_000)
                page.locator('.st-key-bb-dl-zip').wait_for(timeout=300_000)
                rows.append((n + 1, click, time.perf_counter() - start))
            context.close()
        br.close()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print("| round | click | seconds to the download buttons |\n|---:|---|---:|")
    for n, click, seconds in rows:
        print(f"| {n} | {click} | {seconds:.2f} |")
    return 0


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--db")
    p.add_argument("--week")
    p.add_argument("--weeks", type=int, default=1)
    p.add_argument("--browser", action="store_true", help="time the button in Chromium instead")
    p.add_argument("--rounds", type=int, default=3)
    args = p.parse_args(argv)
    if args.browser:
        return browser(resolve_database_url(args.db), args.rounds)
    engine = make_engine(resolve_database_url(args.db))
    rows: list[tuple[str, float, float]] = []
    with timed("briefing (queries, cached for the page)", rows), engine.connect() as conn:
        b = build_briefing(conn, week=args.week or last_full_week(today_local()), weeks=args.weeks)
    engine.dispose()
    try:
        from dashboard.render import vega_worker
    except ImportError:  # main's tree before the drawing workers
        vega_worker = None
    forget = vega_worker.forget if vega_worker else (lambda: None)
    pack.build_pack(b, ("pdf",))  # warm-up: vl-convert's engine and the fonts (and the workers, when there are)
    forget()
    with timed("chart specs (Altair)", rows):
        items = pack.pack_charts(b)
    with timed(f"draw {len(items)} charts once (SVG + PNG)", rows):
        images = pack.render_charts(b, items)
    pngs = {k: v.png for k, v in images.items()}
    with timed("lay out pages (PPTX and PDF)", rows):
        slides, pages = pack.build_pages(b, pngs, items, "pptx"), pack.build_pages(b, pngs, items, "pdf")
    with timed(f"PPTX ({len(slides)} slides)", rows):
        render_pptx(slides, b)
    with timed(f"PDF ({len(pages)} pages)", rows):
        render_pdf(pages, b)
    with timed("ZIP", rows):
        pack.charts_zip(b, items, images)
    forget()
    with timed("button: PPTX + PDF + ZIP (pack.build_pack), charts not drawn before", rows):
        pack.build_pack(b)
    with timed("button again, same briefing (charts remembered)", rows):
        pack.build_pack(b)
    for fmt in pack.FORMATS:
        forget()
        with timed(f"CLI path, {fmt} alone (pack.write)", rows):
            pack.write(b, fmt)
    width = max(len(label) for label, *_ in rows)
    print(f"Giao ban {b.span.label} · load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'stage':<{width}}  {'wall':>8}  {'CPU':>8}")
    for label, seconds, cpu in rows:
        print(f"{label:<{width}}  {seconds:6.2f} s  {cpu:6.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
