"""Each page's time in a real browser against Streamlit's own floor, in one run.

    .venv/bin/python -m benchmarks.browser --db sqlite:////tmp/demo.sqlite [--port 8607] [--floor-port 8608]

Chromium at 1920×1080, logged in as the Chairman, warm (one untimed load of every page first). A load is
timed from `goto` to the last time Streamlit's app reaches "notRunning" (a rerun after the first run
counts: the page is timed until it has been still for a second). Each round loads the one-line page
(`floor_app.py`, a second Streamlit server started the same way) and then every page, so both see the same
machine load; the median of the rounds is reported with the ratio page ÷ floor.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import subprocess
import sys
from pathlib import Path

from tests.browser_support import wait_healthy  # the tests' own start-up check of a server

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PAGES = ["/", "/nhiem-vu", "/ho-so", "/don-thu", "/cai-cach-hanh-chinh", "/don-vi?don_vi=STC", "/giao-ban"]
READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'
# Records when the app's script state changes (performance.now() counts from the navigation's start).
WATCH = """
window.__bdhStates = [];
new MutationObserver(() => {
  const app = document.querySelector('[data-testid="stApp"]');
  const state = app && app.getAttribute('data-test-script-state');
  const last = window.__bdhStates[window.__bdhStates.length - 1];
  if (state && (!last || last[0] !== state)) window.__bdhStates.push([state, performance.now()]);
}).observe(document, {subtree: true, attributes: true, childList: true, attributeFilter: ['data-test-script-state']});
"""
COUNT = """() => ({
  elements: document.querySelectorAll('[data-testid="stElementContainer"]').length,
  charts: document.querySelectorAll('[data-testid="stVegaLiteChart"]').length,
  tables: document.querySelectorAll('[data-testid="stDataFrame"]').length,
  runs: window.__bdhStates.filter(s => s[0] === 'running').length,
})"""


@contextlib.contextmanager
def server(cmd: list[str], port: int, env: dict, log: Path, cwd: Path = ROOT):
    opts = ["--server.headless", "true", "--server.address", "127.0.0.1", "--server.port", str(port),
            "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
    with open(log, "w") as out:
        proc = subprocess.Popen(cmd + opts, cwd=cwd, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, proc, log, seconds=120)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


def load(page, url: str) -> dict:
    """One load: ms from goto to the last "notRunning" once the page has been still for a second."""
    page.goto(url)
    page.wait_for_selector(READY, timeout=300_000)
    while True:
        seen = page.evaluate("window.__bdhStates.length")
        page.wait_for_timeout(1000)
        page.wait_for_selector(READY, timeout=300_000)
        if page.evaluate("window.__bdhStates.length") == seen:
            break
    states = page.evaluate("window.__bdhStates")
    done = [t for s, t in states if s == "notRunning"][-1]
    return {"ms": done, **page.evaluate(COUNT)}


def login(page, base: str, user: str, password: str) -> None:
    page.goto(base + "/")
    page.wait_for_selector(READY, timeout=300_000)
    page.get_by_label("Tên đăng nhập").fill(user)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_label("Tên đăng nhập").wait_for(state="detached", timeout=300_000)
    page.wait_for_selector(READY, timeout=300_000)


def measure(db: str, *, port: int, floor_port: int, rounds: int = 3, pages=PAGES,
            user: str = "chutich", password: str = "demo@chutich", today: str | None = None,
            before_root: Path | None = None, before_port: int = 8606) -> dict:
    """{"floor": [ms…], page: {"ms": [ms…], "elements": n, "charts": n, "tables": n, "runs": n}}; with
    `before_root` (another tree of the code, e.g. main's from `git archive`) also "before <page>" rows, from a
    third server running that tree, loaded in the same rounds right after this tree's pages."""
    from playwright.sync_api import sync_playwright
    env = {"DATABASE_URL": db, **({"BDH_TODAY": today} if today else {})}
    logs = Path(os.environ.get("TMPDIR", "/tmp"))
    app = [sys.executable, "-m", "dashboard.serve"]
    floor = [sys.executable, "-m", "streamlit", "run", str(ROOT / "benchmarks" / "floor_app.py")]
    out: dict = {"floor": []}
    with contextlib.ExitStack() as stack:
        base = stack.enter_context(server(app, port, env, logs / "bdh_bench_app.log"))
        floor_base = stack.enter_context(server(floor, floor_port, {}, logs / "bdh_bench_floor.log"))
        trees = [("", base)]
        if before_root is not None:
            trees.append(("before ", stack.enter_context(server(app, before_port, env, logs / "bdh_bench_before.log",
                                                                cwd=Path(before_root)))))
        p = stack.enter_context(sync_playwright())
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="vi-VN")
        context.add_init_script(WATCH)
        page = context.new_page()
        login(page, base, user, password)  # the session cookie is the host's, not the port's: both trees see it
        load(page, floor_base + "/")
        for _, url in trees:
            for path in pages:  # warm: every page once, untimed (the store's caches fill)
                load(page, url + path)
        for _ in range(rounds):
            out["floor"].append(load(page, floor_base + "/")["ms"])
            for label, url in trees:
                for path in pages:
                    got = load(page, url + path)
                    print(f"{label}{path:24} {got['ms']:8.0f} ms", file=sys.stderr, flush=True)
                    row = out.setdefault(label + path, {"ms": []})
                    row["ms"].append(got.pop("ms"))
                    row.update(got)
        browser.close()
    return out


def table(result: dict) -> list[str]:
    floor = statistics.median(result["floor"])
    lines = ["| page | median ms | ÷ floor | runs | elements | charts | tables |", "|---|---:|---:|---:|---:|---:|---:|",
             f"| one-line page (floor) | {floor:.0f} | 1.00 | 1 | | | |"]
    for path, row in result.items():
        if path == "floor":
            continue
        ms = statistics.median(row["ms"])
        flag = "" if ms <= 2.5 * floor else " ⚠"
        name = f"before `{path[7:]}`" if path.startswith("before ") else f"`{path}`"
        lines.append(f"| {name} | {ms:.0f} | {ms / floor:.2f}{flag} | {row['runs']} | {row['elements']} | "
                     f"{row['charts']} | {row['tables']} |")
    return lines


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--port", type=int, default=8607)
    ap.add_argument("--floor-port", type=int, default=8608)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--page", action="append", help="only these paths (default: every page)")
    ap.add_argument("--before-root", type=Path, help="another tree of the code (main's), measured in the same rounds")
    ap.add_argument("--before-port", type=int, default=8606)
    args = ap.parse_args(argv)
    result = measure(args.db, port=args.port, floor_port=args.floor_port, rounds=args.rounds,
                     pages=args.page or PAGES, before_root=args.before_root, before_port=args.before_port)
    print(f"load average {' / '.join(f'{x:.1f}' for x in os.getloadavg())} (1/5/15 min) at the end")
    print("\n".join(table(result)))


if __name__ == "__main__":
    main()
