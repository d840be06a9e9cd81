"""`python -m seed [--db URL] [--random-seed N] [--scale K] [--until YYYY-MM-DD] [--if-empty] [--replace]`"""
from __future__ import annotations

import argparse
import sys
import time

from data_access.clock import date_argument, today_local
from data_access.config import redact, resolve_database_url
from data_access.db import make_engine

from .build import NotEmpty, SeedOptions, has_data, seed_database


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m seed", description="Tạo dữ liệu mẫu cho Bảng điều hành")
    p.add_argument("--db", help="URL cơ sở dữ liệu (mặc định: DATABASE_URL, rồi tệp SQLite trong data/)")
    p.add_argument("--random-seed", type=int, default=2021, help="hạt giống ngẫu nhiên (mặc định 2021)")
    p.add_argument("--scale", type=float, default=1.0, help="hệ số khối lượng hồ sơ, nhiệm vụ, đơn thư (mặc định 1)")
    p.add_argument("--until", type=date_argument, default=today_local(), help="dữ liệu đến ngày (mặc định hôm nay)")
    p.add_argument("--if-empty", action="store_true", help="chỉ tạo khi cơ sở dữ liệu chưa có đơn vị nào")
    p.add_argument("--replace", action="store_true", help="xóa dữ liệu hiện có rồi tạo lại")
    p.add_argument("--quiet", action="store_true", help="không in tiến độ")
    return p


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    if args.scale <= 0:
        print("Lỗi: --scale phải lớn hơn 0", file=sys.stderr)
        return 2
    url = resolve_database_url(args.db)
    engine = make_engine(url)
    try:
        if args.if_empty:
            from data_access.migrate import is_initialised
            if is_initialised(engine) and has_data(engine):
                print("Cơ sở dữ liệu đã có dữ liệu, bỏ qua tạo dữ liệu mẫu.")
                return 0
        opts = SeedOptions(args.random_seed, args.scale, args.until, args.replace, args.quiet)
        if not args.quiet:
            print(f"Tạo dữ liệu mẫu vào {redact(url)} ({opts.describe()})", file=sys.stderr)
        started = time.perf_counter()
        counts = seed_database(engine, opts)
    except NotEmpty as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    finally:
        engine.dispose()
    total = sum(counts.values())
    print(f"Đã tạo {total:,} dòng dữ liệu mẫu trong {time.perf_counter() - started:.1f} giây.".replace(",", "."))
    return 0


if __name__ == "__main__":
    sys.exit(main())
