"""What the real-browser tests share: Debian's Chromium, and the dashboard started as `make run` starts it.

Playwright's own browser download cannot work on these machines, so the tests drive /usr/bin/chromium.
Without it they skip with a message — except in CI (CI=true), where they fail.
"""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'
ERROR = '[data-testid="stException"]'
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def need_chromium() -> None:
    if Path(CHROMIUM).exists():
        return
    message = f"Không có {CHROMIUM}: bỏ qua kiểm thử trình duyệt (cài bằng `apt-get install -y chromium`)."
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message + " Trong CI kiểm thử này bắt buộc.")
    pytest.skip(message)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(base: str, proc: subprocess.Popen, log: Path, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited ({proc.returncode}):\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"streamlit did not start in {seconds} s:\n{log.read_text()[-3000:]}")


@contextlib.contextmanager
def running_app(database_url: str, log: Path, **env):
    """The dashboard on a free port through the launcher `make run` uses; yields its base URL."""
    port = free_port()
    cmd = [sys.executable, "-m", "dashboard.serve", "--server.headless", "true", "--server.address", "127.0.0.1",
           "--server.port", str(port), "--client.showErrorDetails", "full", "--browser.gatherUsageStats", "false",
           "--server.fileWatcherType", "none"]
    with open(log, "w") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, "DATABASE_URL": database_url, **env},
                                stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, proc, log)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


def settle(page) -> None:
    """Streamlit has finished running (twice, a moment apart: a rerun may follow the first run)."""
    page.wait_for_selector(READY, timeout=90_000)
    page.wait_for_timeout(1000)
    page.wait_for_selector(READY, timeout=90_000)
