"""Seeded demo databases, generated once per test run and copied for each module that asks for one.

Generating the demo data is what many modules spent most of their time on (5 % of the volumes takes
~10 s of CPU, 10 % ~20 s), and several modules asked for the very same data. The data depend only on
(scale, until) — the random seed is fixed — so each pair is generated once, into a master SQLite file,
and every caller gets its own copy (SQLite's online backup: a second or less). What one module writes
into its copy (imports, users, sessions, audit rows) no other module sees, exactly as when each seeded
its own.

Under pytest-xdist the workers share the masters: the first worker to need one generates it under a
file lock, the others wait and copy it.

New tests: `seeded_sqlite_copy(tmp_path_factory, "0.05")` for a database of your own, or one of the
masters through `seeded_sqlite_master` only if the module never writes (the server writes login
sessions and audit rows: a browser module always wants a copy).
"""
from __future__ import annotations

import fcntl
import os
import sqlite3
from datetime import date
from pathlib import Path

from data_access.clock import today_local


def _shared_root(tmp_path_factory) -> Path:
    """The run's temporary folder, the same for every xdist worker (each worker has its own basetemp below it)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def seeded_sqlite_master(tmp_path_factory, scale: str, until: date | None = None) -> Path:
    """The master file of `python -m seed --scale SCALE --until UNTIL` (default: today), generated once."""
    from seed.__main__ import main as seed_main

    until = until or today_local()
    folder = _shared_root(tmp_path_factory) / "seeded"
    folder.mkdir(exist_ok=True)
    master = folder / f"demo_{scale}_{until.isoformat()}.sqlite"
    with open(folder / f"{master.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not master.exists():
            partial = master.with_suffix(".partial")
            partial.unlink(missing_ok=True)
            assert seed_main(["--db", f"sqlite:///{partial}", "--scale", scale, "--until", until.isoformat(),
                              "--quiet"]) == 0
            _backup(partial, master)  # one self-contained file (the seed wrote through the WAL)
            partial.unlink()
    return master


def seeded_sqlite_copy(tmp_path_factory, scale: str, until: date | None = None, *, folder: Path | None = None,
                       name: str = "demo.sqlite") -> str:
    """A private copy of the seeded demo database (see `seeded_sqlite_master`); returns its URL.

    `folder`: where to put it (default: a new temporary folder)."""
    master = seeded_sqlite_master(tmp_path_factory, scale, until)
    target = (folder or tmp_path_factory.mktemp("seeded_copy")) / name
    _backup(master, target)
    return f"sqlite:///{target}"


def _backup(source: Path, target: Path) -> None:
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
