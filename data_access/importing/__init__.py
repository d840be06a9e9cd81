"""Importing CSV/XLSX files from the source systems (IMPORT_FORMATS.md).

    validate_file(engine, kind, path, limits=) -> ValidationReport   # checks only
    import_file(engine, kind, path, skip_invalid=, user=, progress=, limits=) -> ImportResult
    ImportLimits: the bounds of one file (rows, text, XLSX size, date window); from BDH_IMPORT_*
    template_csv(kind) / template_xlsx(kind) -> bytes       # headers and one example row
    KINDS: kind name -> KindSpec (columns, Vietnamese headers, types, list words)

Modules: specs/kinds/words (what a file holds), limits (how much, which dates), reading
(CSV/XLSX rows), values/rows/rules (cells to values), validation (pass 1), writing (pass 2), runner (the two passes and the
log), bulk (the path of large dossier files: column-wise checks, a staged set-wise write, the rollups applied once;
`bulk=False` keeps the row path), templates, cli.
"""
from .cli import run_import_cli
from .kinds import KINDS
from .limits import ImportLimits
from .reading import FileRefused
from .runner import ImportDatabaseError, ImportResult, import_file, validate_file
from .specs import ColumnSpec, KindSpec
from .templates import columns_markdown, template_csv, template_xlsx
from .validation import RowError, ValidationReport

__all__ = [
    "KINDS", "ColumnSpec", "FileRefused", "ImportDatabaseError", "ImportLimits", "ImportResult", "KindSpec",
    "RowError",
    "ValidationReport", "columns_markdown", "import_file", "run_import_cli", "template_csv", "template_xlsx",
    "validate_file",
]
