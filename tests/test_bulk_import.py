"""The bulk import path for dossier files (data_access/importing/bulk.py), on SQLite and PostgreSQL.

It must accept and refuse exactly what the row path does, with the same messages at the same lines;
write the same rows; keep the rollups equal to their definition and to a rebuild; write nothing when
any row is bad; leave the rollup triggers working however it ends; let other writers be counted; and
never commit its guard row.
"""
from __future__ import annotations

import csv
import random
import signal
import subprocess
import sys
import threading
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select, text
from sqlalchemy.exc import DBAPIError

from data_access.db import make_engine
from data_access.importer import import_file, validate_file
from data_access.importing import ImportDatabaseError, bulk
from data_access.migrate import upgrade
from data_access.rollups import GUARD_TABLE
from data_access.schema import (
    dossier_backlog, dossier_daily, dossier_turnaround, dossiers, import_log, procedures, rollup_guard,
)
from tests import builders
from tests.conftest import _clear, dispose_database, new_database_url
from tests.test_rollups import _dossier, _write_csv, assert_rollups_equal_rebuild, assert_same_figures

HEADER = ["dossier_id", "unit", "procedure_code", "procedure_name", "field", "channel", "received_at", "due_at",
          "resolved_at", "end_state", "ended_at", "rating"]
_twins: dict[str, str] = {}


@pytest.fixture
def twin(engine, tmp_path_factory):
    """A second empty, migrated database of the same backend: the row path writes there."""
    backend = engine.dialect.name
    if backend not in _twins:
        url = new_database_url(backend, tmp_path_factory, "h2import_twin")
        eng = make_engine(url)
        upgrade(eng)
        eng.dispose()
        _twins[backend] = url
    eng = make_engine(_twins[backend])
    _clear(eng)
    yield eng
    eng.dispose()


@pytest.fixture(scope="module", autouse=True)
def _drop_twins():
    yield
    for backend, url in _twins.items():
        dispose_database(backend, url)
    _twins.clear()


def write(path: Path, rows: list[list], header=HEADER) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(header)
        out.writerows(rows)
    return path


def row(i, unit="VPUB", received="2024-03-01 08:00", due="2024-03-05 17:00", resolved="2024-03-04 10:00",
        end_state="", ended="", rating="satisfied", channel="online", procedure="TT1", name=None, field="Xây dựng"):
    return [f"HS{i:05d}", unit, procedure, name or f"Thủ tục {procedure}", field, channel, received, due, resolved,
            end_state, ended, rating]


def messy_rows() -> list[list]:
    """Valid rows in every accepted spelling, and rows wrong in every way the row path knows."""
    rows = [
        row(1), row(2, received="2024-03-01 08:00:30", due="05/03/2024", resolved="2024-03-04"),
        row(3, due="05/03/2024 17:00", resolved="", rating=""),
        row(4, received="2024-03-01T08:00", channel="trực tuyến", rating="hài lòng"),       # the row judge's spellings
        row(5, unit=" STC ", received=" 2024-03-02 09:00 ", procedure="TT2", field=""),
        row(6, resolved="", end_state="withdrawn", ended="2024-03-03", rating=""),
        row(7, received="2024-3-1 8:00"),
        # wrong:
        row(8, received="30/02/2024"), row(9, received="2024-02-30 10:00"), row(10, received="2099-01-01 10:00"),
        row(11, received="1999-12-31 10:00"), row(12, due="2024-02-01 10:00"), row(13, resolved="2024-02-01 10:00"),
        row(14, unit="KHONGCO"), row(15, unit=""), row(16, channel="bồ câu"), row(17, rating="tuyệt"),
        row(18, end_state="withdrawn", ended=""), row(19, ended="2024-03-03"), row(20, end_state="withdrawn"),
        row(21, received="2024-03-01 24:00"), row(22, received="2024-03-01 08:0x"), row(23, due=""),
        ["HS" + "9" * 80, "VPUB", "TT1", "Thủ tục", "", "online", "2024-03-01 08:00", "2024-03-02", "", "", "", ""],
        row(24, name="Tên\x00lạ"), row(25, received="01/03/2024 08:00", due="28/02/2024"),
        row(1, rating=""), row(26), row(26, unit="KHONGCO"), row(26),                        # repeated ids
        row(27) + ["thừa"], row(28)[:9], row(29, procedure="", name=""),
        row(30, received="2024-03-01 08:00", due="2024-03-01", resolved="2024-03-01"),     # same day, no time: fine
        row(31, received="２０２４-03-01 08:00"),
    ]
    rows += [row(100 + i, unit=random.Random(i).choice(["VPUB", "STC", "SXD"])) for i in range(40)]
    return rows


def snapshot(engine) -> dict:
    """The rows, and the rollup rows that count something (a key netted to zero may stay or go)."""
    counts = {"dossier_daily": 5, "dossier_backlog": 2, "dossier_turnaround": 1}
    with engine.connect() as conn:
        return {t.name: sorted(tuple(r) for r in conn.execute(select(t))
                               if t.name not in counts or any(r[-counts[t.name]:]))
                for t in (dossiers, procedures, dossier_daily, dossier_backlog, dossier_turnaround)}


def prepare(*engines):
    for eng in engines:
        with eng.begin() as conn:
            builders.base_org(conn)


@pytest.mark.parametrize("batch", [7, bulk.BATCH_ROWS])
def test_the_bulk_path_reports_and_writes_what_the_row_path_does(engine, twin, tmp_path, monkeypatch, batch):
    monkeypatch.setattr(bulk, "BATCH_ROWS", batch)  # several batches: errors and repeats across their edges
    prepare(engine, twin)
    path = write(tmp_path / "messy.csv", messy_rows())
    fast, slow = validate_file(engine, "dossiers", path, bulk=True), validate_file(twin, "dossiers", path, bulk=False)
    assert slow.errors and fast.errors == slow.errors
    assert (fast.rows_total, fast.invalid_lines) == (slow.rows_total, slow.invalid_lines)
    assert count(engine, dossiers) == 0  # checking writes nothing

    refused = import_file(engine, "dossiers", path, user="t", bulk=True)
    assert refused.status == "rejected" and snapshot(engine)["dossiers"] == []

    got = import_file(engine, "dossiers", path, user="t", skip_invalid=True, bulk=True)
    want = import_file(twin, "dossiers", path, user="t", skip_invalid=True, bulk=False)
    assert got.status == want.status == "partial"
    assert (got.inserted, got.updated, got.unchanged) == (want.inserted, want.updated, want.unchanged)
    assert got.inserted > 40 and got.rejected == want.rejected > 25
    assert got.message == want.message
    assert got.rejected_file.read_text(encoding="utf-8-sig") == want.rejected_file.read_text(encoding="utf-8-sig")
    assert snapshot(engine) == snapshot(twin)
    with engine.begin() as conn:
        assert_rollups_equal_rebuild(conn)


def test_the_same_spreadsheet_gives_the_same_report_on_both_paths(engine, twin, tmp_path):
    from openpyxl import Workbook
    prepare(engine, twin)
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for r in messy_rows()[:30]:
        sheet.append([c for c in r if "\x00" not in c] if any("\x00" in c for c in r) else r)
    sheet.append(["HS77777", "VPUB", "TT1", "Thủ tục", None, "online", datetime(2024, 3, 1, 8, 0),
                  datetime(2024, 3, 5), None, None, None, None])
    sheet.append([12345, "VPUB", "TT1", "Thủ tục", None, "online", "2024-03-01 08:00", "2024-03-05", None, None,
                  None, None])
    path = tmp_path / "hs.xlsx"
    book.save(path)
    fast, slow = validate_file(engine, "dossiers", path, bulk=True), validate_file(twin, "dossiers", path, bulk=False)
    assert slow.errors and fast.errors == slow.errors and fast.rows_total == slow.rows_total
    import_file(engine, "dossiers", path, user="t", skip_invalid=True, bulk=True)
    import_file(twin, "dossiers", path, user="t", skip_invalid=True, bulk=False)
    assert snapshot(engine) == snapshot(twin)


def count(engine, table) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar()


def test_rollups_stay_exact_through_new_changed_unchanged_rows_and_files_of_some_columns(engine, twin, tmp_path):
    prepare(engine, twin)
    rng = random.Random(13)
    first = [_dossier(rng, n) for n in range(300)]
    _write_csv(tmp_path / "a.csv", first)
    changed = [dict(r, **{k: v for k, v in _dossier(rng, int(r["dossier_id"][1:])).items()})
               for r in rng.sample(first, 120)]
    second = changed + rng.sample(first, 60) + [_dossier(rng, n) for n in range(300, 380)]
    _write_csv(tmp_path / "b.csv", second)
    # Only some columns: no end state, ended date or rating; the stored values of those stay.
    partial = [[r["dossier_id"], r["unit"], r["procedure_code"], "Thủ tục đổi tên", r["channel"],
                r["received_at"].strftime("%Y-%m-%d %H:%M:%S"), r["due_at"].strftime("%d/%m/%Y"),
                (r["received_at"].replace(hour=23, minute=0)).strftime("%Y-%m-%d %H:%M")]
               for r in rng.sample(first, 100) if not r["end_state"]]
    write(tmp_path / "c.csv", partial, ["dossier_id", "unit", "procedure_code", "procedure_name", "channel",
                                        "received_at", "due_at", "resolved_at"])
    for name in ("a.csv", "b.csv", "a.csv", "c.csv"):
        got = import_file(engine, "dossiers", tmp_path / name, user="t", skip_invalid=True, bulk=True)
        want = import_file(twin, "dossiers", tmp_path / name, user="t", skip_invalid=True, bulk=False)
        assert got.status in ("ok", "partial"), got.message
        assert (got.inserted, got.updated, got.unchanged, got.rejected) == \
            (want.inserted, want.updated, want.unchanged, want.rejected), name
        assert snapshot(engine) == snapshot(twin), name
        with engine.begin() as conn:
            assert_same_figures(conn)
            assert_rollups_equal_rebuild(conn)
    assert got.updated > 0


def test_a_bad_row_at_the_end_of_a_many_batch_file_writes_nothing(engine, tmp_path, monkeypatch):
    monkeypatch.setattr(bulk, "BATCH_ROWS", 100)
    prepare(engine)
    rows = [row(i) for i in range(1, 1001)] + [row(2000, received="31/02/2024")]
    before = snapshot(engine)
    result = import_file(engine, "dossiers", write(tmp_path / "hs.csv", rows), user="t", bulk=True)
    assert result.status == "rejected"
    assert [(e.line, e.column) for e in result.report.errors] == [(1002, "received_at")]
    assert snapshot(engine) == before and count(engine, dossiers) == 0
    assert count(engine, rollup_guard) == 0


def _trigger_still_counts(engine) -> None:
    """A plain INSERT, outside any import, reaches the rollups through the triggers."""
    with engine.begin() as conn:
        if conn.execute(select(procedures.c.code).where(procedures.c.code == "TTX")).first() is None:
            conn.execute(insert(procedures).values(code="TTX", name="Thủ tục X"))
        conn.execute(insert(dossiers).values(
            dossier_id="TAY1", unit="STC", procedure_code="TTX", channel="direct",
            received_at=datetime(2024, 5, 2, 9), due_at=datetime(2024, 5, 9, 17), due_has_time=True,
            resolved_at=datetime(2024, 5, 3, 9), resolved_has_time=True))
    with engine.begin() as conn:
        received = conn.execute(select(func.sum(dossier_daily.c.received)).where(
            dossier_daily.c.unit == "STC", dossier_daily.c.procedure_code == "TTX")).scalar()
        assert received == 1
        assert_rollups_equal_rebuild(conn)
        assert conn.execute(select(func.count()).select_from(rollup_guard)).scalar() == 0


def test_a_failing_import_leaves_the_triggers_working(engine, tmp_path):
    prepare(engine)
    path = write(tmp_path / "hs.csv", [row(i) for i in range(1, 200)])

    def fail_inside_the_write(phase, rows):
        if phase == "rollups":  # the guard row is held now
            raise OSError("đĩa đầy")

    with pytest.raises(ImportDatabaseError):
        import_file(engine, "dossiers", path, user="t", progress=fail_inside_the_write, bulk=True)
    assert count(engine, dossiers) == 0
    with engine.connect() as conn:
        assert conn.execute(select(import_log.c.status)).scalars().all() == ["failed"]
    _trigger_still_counts(engine)


KILLED = """
import os, signal, sys
from data_access.db import make_engine
from data_access.importer import import_file
def progress(phase, rows):
    if phase == "rollups" and rows:
        os.kill(os.getpid(), signal.SIGKILL)
import_file(make_engine(sys.argv[1]), "dossiers", sys.argv[2], user="t", progress=progress, bulk=True)
"""


def test_a_killed_import_leaves_the_triggers_working(engine, tmp_path):
    prepare(engine)
    path = write(tmp_path / "hs.csv", [row(i) for i in range(1, 500)])
    url = engine.url.render_as_string(hide_password=False)
    done = subprocess.run([sys.executable, "-c", KILLED, url, str(path)], cwd=Path(__file__).parent.parent,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == -signal.SIGKILL, done.stderr
    assert count(engine, dossiers) == 0 and count(engine, dossier_daily) == 0
    _trigger_still_counts(engine)


def test_another_writer_during_a_bulk_import_is_counted(engine, tmp_path):
    prepare(engine)
    with engine.begin() as conn:
        conn.execute(insert(procedures).values(code="TTX", name="Thủ tục X"))
    path = write(tmp_path / "hs.csv", [row(i) for i in range(1, 300)])
    other = make_engine(engine.url.render_as_string(hide_password=False))
    writer = []

    def another_writer():
        with other.begin() as conn:
            conn.execute(insert(dossiers).values(
                dossier_id="KHAC1", unit="STC", procedure_code="TTX", channel="direct",
                received_at=datetime(2024, 3, 1, 9), due_at=datetime(2024, 3, 9, 17), due_has_time=True,
                resolved_at=None, resolved_has_time=True))

    def progress(phase, rows):
        if phase == "rollups" and not writer:  # inside the bulk transaction, guard held
            writer.append(threading.Thread(target=another_writer))
            writer[0].start()
            if engine.dialect.name == "postgresql":
                writer[0].join(0.5)  # it commits on its own (or waits on a rollup row this import holds)

    result = import_file(engine, "dossiers", path, user="t", progress=progress, bulk=True)
    writer[0].join(60)
    other.dispose()
    assert result.status == "ok" and result.inserted == 299
    with engine.begin() as conn:
        assert conn.execute(select(func.count()).select_from(dossiers)).scalar() == 300
        assert conn.execute(select(func.sum(dossier_daily.c.received))).scalar() == 300
        assert_same_figures(conn)
        assert_rollups_equal_rebuild(conn)


def test_the_guard_row_can_never_be_committed(engine):
    with pytest.raises(DBAPIError):
        with engine.begin() as conn:
            conn.execute(insert(rollup_guard).values(txid=1))
    assert count(engine, rollup_guard) == 0
    with pytest.raises(DBAPIError):
        with engine.begin() as conn:
            conn.execute(text(f"INSERT INTO {GUARD_TABLE} (txid) VALUES (42)"))
            conn.execute(dossiers.delete())
    assert count(engine, rollup_guard) == 0


def test_progress_is_reported_by_phase(engine, tmp_path, monkeypatch):
    monkeypatch.setattr(bulk, "BATCH_ROWS", 100)
    prepare(engine)
    path = write(tmp_path / "hs.csv", [row(i) for i in range(1, 351)])
    seen = []
    result = import_file(engine, "dossiers", path, user="t", progress=lambda phase, rows: seen.append((phase, rows)),
                         bulk=True)
    assert result.inserted == 350
    phases = [phase for phase, _ in seen]
    assert phases.index("validate") < phases.index("write") < phases.index("rollups")
    assert [rows for phase, rows in seen if phase == "validate"] == [0, 100, 200, 300, 350]
    assert ("write", 350) in seen and seen[-1] == ("rollups", 350)


def test_the_terminal_shows_each_phase(engine, tmp_path, monkeypatch, capsys):
    from data_access.importing.cli import ProgressPrinter
    monkeypatch.setattr(bulk, "BATCH_ROWS", 100)
    prepare(engine)
    path = write(tmp_path / "hs.csv", [row(i) for i in range(1, 251)])
    import_file(engine, "dossiers", path, user="t", progress=ProgressPrinter(every=100), bulk=True)
    err = capsys.readouterr().err
    assert "Kiểm tra: 200 dòng" in err and "Ghi: 250 dòng" in err and "Cập nhật số liệu tổng hợp: 250 dòng" in err


def test_a_dossier_file_above_the_bulk_limits_is_refused_in_plain_words_by_both_paths(engine, tmp_path, monkeypatch):
    from data_access.importing import ImportLimits
    monkeypatch.setattr(bulk, "BATCH_ROWS", 4)
    prepare(engine)
    path = write(tmp_path / "hs.csv", [row(i) for i in range(1, 13)])
    for limits, words in ((ImportLimits(bulk_max_rows=10), "tệp có hơn 10 dòng dữ liệu (dòng 12 vượt giới hạn"),
                          (ImportLimits(bulk_max_file_text_chars=1000), "tệp chứa quá nhiều văn bản (hơn 1.000 ký tự")):
        fast = validate_file(engine, "dossiers", path, limits=limits, bulk=True)
        slow = validate_file(engine, "dossiers", path, limits=limits, bulk=False)
        assert words in fast.file_error and fast.file_error == slow.file_error
        assert not fast.errors and count(engine, dossiers) == 0
    # The default bounds of the bulk kinds are above those of the others.
    assert ImportLimits().rows_limit("dossiers") == 20_000_000 > ImportLimits().rows_limit("tasks")
