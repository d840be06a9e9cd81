"""Demo data for Bảng điều hành: the province of today — the former Quảng Ngãi from 2021 (its real
2021 organisation, with figures that reproduce the 2021 report of the Office of the UBND, SPEC.md §3),
the former Kon Tum from 2024, and the 2025 reorganisation with its lineage (seed/units.py, from the
official lists in seed/reference/) — with realistic texture up to a chosen date. `python -m seed --help`."""
