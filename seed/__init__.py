"""Demo data for Bảng điều hành: the real 2021 organisation of Quảng Ngãi, with figures
that reproduce the 2021 report of the Office of the UBND (SPEC.md §3), and realistic
texture up to a chosen date. `python -m seed --help`."""
