"""Write benchmarks/RESULTS.md: the machine, the command, the tables, the targets met or missed.

The hand-written analysis (why a target is missed, what would close the gap) lives in
benchmarks/ANALYSIS.md and is copied in, so a re-run keeps it.
"""
from __future__ import annotations

import shlex
from datetime import datetime
from pathlib import Path

TARGET_WARM, TARGET_COLD = 0.300, 1.5


def _ms(seconds) -> str:
    return "–" if seconds is None else f"{seconds * 1000:,.0f}".replace(",", " ")


def _key(r):
    return (r["page"], r["view"], r["scope"])


def write(path: Path, *, argv, counts, rows, detail, checks, extra, imported, memory, machine) -> None:
    lines = [f"# Scale benchmark — {datetime.now():%Y-%m-%d %H:%M}", ""]
    lines += ["Command:", "", "```", "  ".join([".venv/bin/python -m benchmarks.run", *map(shlex.quote, argv[1:])]),
              "```", ""]
    lines += [f"Machine: {machine['cpu']}, {machine['cores']} cores, {machine['ram_gib']} GiB RAM, "
              f"Python {machine['python']}, {machine['os']} (shared with other engineers' test runs).", ""]
    lines += ["Data: " + ", ".join(f"{t} {n:,}".replace(",", ".") for t, n in counts.items()) + ".", ""]
    lines += ["Definitions: *warm* = the page's calls again on an open connection after one untimed run, median of "
              "3; *cold* = a new Python process, new engine and connection, the page's calls once (OS file cache "
              "and PostgreSQL shared buffers left as they are — not dropped on a shared machine). "
              "Year = previous calendar year, month = the current month to the as-of date; 'all units' or the "
              "busiest receiving unit with the units below it.", ""]
    ours = [r for r in rows if r["backend"] in ("sqlite", "postgresql")]
    lines += ["## Every page's data (our code, all its data_access calls)", "",
              "| page | view | scope | SQLite warm ms | SQLite cold ms | PostgreSQL warm ms | PostgreSQL cold ms |",
              "|---|---|---|---:|---:|---:|---:|"]
    by = {(r["backend"], *_key(r)): r for r in rows}
    keys = list(dict.fromkeys(_key(r) for r in ours))
    misses = []
    for k in keys:
        cells = []
        for b in ("sqlite", "postgresql"):
            r = by.get((b, *k))
            for kind, target in (("warm", TARGET_WARM), ("cold", TARGET_COLD)):
                v = r and r[kind]
                mark = " ⚠" if v is not None and v > target else ""
                if mark:
                    misses.append(f"{b} {k[0]} {k[1]} {k[2]} {kind}: {_ms(v)} ms (target {_ms(target)} ms, "
                                  f"×{v / target:.1f})")
                cells.append(_ms(v) + mark)
        lines.append(f"| {k[0]} | {k[1]} | {k[2]} | " + " | ".join(cells) + " |")
    lines += ["", "⚠ = over the target (warm ≤ 300 ms, cold ≤ 1 500 ms).", ""]
    lines += ["## The dossier questions of each page: ours against DuckDB (Parquet) and load-all pandas", "",
              f"pandas loaded {extra.get('pandas_rows', 0):,} dossier rows from Parquet in "
              f"{extra.get('pandas_load_s', 0):.1f} s (a `read_sql` of the table is slower still); its *cold* column "
              "adds that load.".replace(",", "."), "",
              "| page | view | scope | SQLite ms | PostgreSQL ms | DuckDB warm / cold ms | pandas warm ms "
              "| SQLite ÷ DuckDB | PG ÷ DuckDB | pandas ÷ SQLite | pandas ÷ PG |",
              "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for k in keys:
        s, pg, dk, pd_ = (by.get((b, *k)) for b in ("sqlite", "postgresql", "duckdb", "pandas"))
        if not dk:
            continue
        sq, pq = s and s["dossier_part"], pg and pg["dossier_part"]

        def ratio(a, b):
            return "–" if not a or not b else f"{a / b:.2f}"
        lines.append(f"| {k[0]} | {k[1]} | {k[2]} | {_ms(sq)} | {_ms(pq)} | {_ms(dk['warm'])} / {_ms(dk['cold'])} "
                     f"| {_ms(pd_ and pd_['warm'])} | {ratio(sq, dk['warm'])} | {ratio(pq, dk['warm'])} "
                     f"| {ratio(pd_ and pd_['warm'], sq)} | {ratio(pd_ and pd_['warm'], pq)} |")
    lines += ["", "Targets: ours ÷ DuckDB ≤ 2; pandas ÷ ours ≥ 20.", ""]
    lines += ["## Exactness at scale", "", "Our dossier figures (rollups + median from the rows) against the reference "
              "SQL over the rows (`dossier_reference.py`) and against DuckDB, for the first view:", ""]
    for name, c in checks.items():
        lines.append(f"- {name}: equal to reference SQL: **{c['equal_reference']}** (the reference took "
                     f"{c['reference_seconds']:.1f} s), equal to DuckDB: **{c['equal_duckdb']}** — received "
                     f"{c['received']:,}, pending {c['pending']:,}, median {c['median']:.4f} days".replace(",", "."))
    lines.append("")
    lines += ["## Slowest single calls (warm)", "", "| backend | view | scope | call | ms |", "|---|---|---|---|---:|"]
    for b, v, s, label, sec in sorted(detail, key=lambda d: -d[4])[:15]:
        lines.append(f"| {b} | {v} | {s} | {label} | {_ms(sec)} |")
    lines.append("")
    if imported:
        i = imported
        lines += ["## Import (PostgreSQL)", "",
                  f"{i['rows']:,} dossier rows from one CSV file (benchmarks/import_dossiers.py's generator):".replace(",", "."),
                  "", "| path | seconds | rows/s |", "|---|---:|---:|",
                  f"| raw `COPY` into an unindexed table of the same columns | {i['copy_s']:.1f} | {i['rows'] / i['copy_s']:,.0f} |",
                  f"| our importer (validate, key lookups, COPY into indexed `dossiers`, rollup triggers) | "
                  f"{i['ours_s']:.1f} | {i['rows'] / i['ours_s']:,.0f} |",
                  f"| our importer again, every row unchanged | {i['again_s']:.1f} | {i['rows'] / i['again_s']:,.0f} |",
                  "", f"Importer at **{i['copy_s'] / i['ours_s']:.0%}** of raw COPY speed (target ≥ 25%). "
                  f"Measured {i.get('measured', 'in this run')}.", ""]
    if memory:
        m = memory
        lines += ["## Streamlit server memory", "", "`streamlit run app.py` against the big database; Chromium "
                  "sessions open the overview and the dossier page.", "",
                  "| sessions | RSS after, MiB | peak RSS, MiB | all pages rendered in, s |", "|---:|---:|---:|---:|",
                  f"| 0 (idle) | {m['idle_mib']:.0f} | | |"]
        for s in (1, 10):
            if f"s{s}_mib" in m:
                lines.append(f"| {s} | {m[f's{s}_mib']:.0f} | {m[f's{s}_peak_mib']:.0f} | {m[f's{s}_seconds']:.1f} |")
        lines += ["", f"Target: ≤ 500 MB with 10 sessions. Measured {m.get('measured', 'in this run')}.", ""]
    lines += ["## Targets missed", ""] + ([f"- {m}" for m in misses] or ["- none of the page-time targets"]) + [""]
    analysis = path.parent / "ANALYSIS.md"
    if analysis.exists():
        lines += [analysis.read_text()]
    path.write_text("\n".join(lines) + "\n")
