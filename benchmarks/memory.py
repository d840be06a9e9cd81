"""Resident memory of a running `streamlit run app.py` against the big database, with 1 and with 10
concurrent browser sessions (Playwright + Debian's Chromium), each on the overview and dossier pages.

RSS is the Streamlit server process's (children included, if any), read with psutil after every
session has finished its runs; the peak seen while they ran is reported too.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'
PATHS = ["/", "/ho-so"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _rss(proc: psutil.Process) -> int:
    total = proc.memory_info().rss
    for child in proc.children(recursive=True):
        try:
            total += child.memory_info().rss
        except psutil.Error:
            pass
    return total


def streamlit_rss(url: str) -> dict:
    from playwright.sync_api import sync_playwright
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": url, "BDH_REFRESH_SECONDS": "600"}
    cmd = [sys.executable, "-m", "dashboard.serve", "--server.headless", "true", "--server.address",
           "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false",
           "--server.fileWatcherType", "none"]
    log = open("/tmp/bdh_bench_streamlit.log", "w")
    server = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    out = {}
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2):
                    break
            except OSError:
                time.sleep(0.5)
        proc = psutil.Process(server.pid)
        out["idle_mib"] = _rss(proc) / 2**20
        peak = [0]
        stop = threading.Event()

        def sample():
            while not stop.is_set():
                peak[0] = max(peak[0], _rss(proc))
                time.sleep(0.2)

        threading.Thread(target=sample, daemon=True).start()
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for sessions in (1, 10):
                contexts = [browser.new_context(viewport={"width": 1600, "height": 1000}) for _ in range(sessions)]
                pages = [c.new_page() for c in contexts]
                started = time.perf_counter()
                for path in PATHS:
                    for pg in pages:  # all sessions load at once; then wait for each to finish
                        pg.goto(base + path, wait_until="commit")
                    for pg in pages:
                        pg.wait_for_selector(READY, timeout=300_000)
                        pg.wait_for_timeout(500)
                        pg.wait_for_selector(READY, timeout=300_000)
                out[f"s{sessions}_seconds"] = time.perf_counter() - started
                out[f"s{sessions}_mib"] = _rss(proc) / 2**20
                out[f"s{sessions}_peak_mib"] = peak[0] / 2**20
                print(f"streamlit RSS with {sessions} session(s): {out[f's{sessions}_mib']:.0f} MiB "
                      f"(peak {peak[0] / 2**20:.0f} MiB, pages rendered in {out[f's{sessions}_seconds']:.1f} s)",
                      flush=True)
                for c in contexts:
                    c.close()
            browser.close()
        stop.set()
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
    return out
