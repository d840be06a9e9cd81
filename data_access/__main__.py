"""Command line: `python -m data_access init-db | import | kpi | user | rebuild-rollups` (SPEC.md §4)."""
from __future__ import annotations

import argparse
import sys

from .clock import date_argument
from .config import redact, resolve_database_url
from .db import make_engine


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m data_access", description="Bảng điều hành — tầng dữ liệu")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("init-db", help="tạo hoặc nâng cấp lược đồ cơ sở dữ liệu")
    p.add_argument("--db")

    p = sub.add_parser("import", help="nhập một tệp CSV/XLSX")
    p.add_argument("kind")
    p.add_argument("file")
    p.add_argument("--db")
    p.add_argument("--skip-invalid", action="store_true", help="ghi các dòng hợp lệ, lưu dòng lỗi vào FILE.rejected.csv")
    p.add_argument("--user", default=None, help="người nhập (ghi vào nhật ký)")

    p = sub.add_parser("user", help="quản lý tài khoản: add | passwd | disable | rebind | list")
    p.add_argument("action", choices=["add", "passwd", "disable", "rebind", "list"])
    p.add_argument("username", nargs="?")
    p.add_argument("--role", choices=["chairman", "vice_chairman", "admin", "unit"])
    p.add_argument("--unit")
    p.add_argument("--leader")
    p.add_argument("--name")
    p.add_argument("--password-stdin", action="store_true", help="đọc mật khẩu từ dòng đầu của stdin")
    p.add_argument("--db")

    p = sub.add_parser("kpi", help="in mọi chỉ số của một kỳ")
    p.add_argument("--db")
    p.add_argument("--from", dest="start", type=date_argument, required=True)
    p.add_argument("--to", dest="end", type=date_argument, required=True)
    p.add_argument("--unit", action="append", default=[])
    p.add_argument("--org", choices=["current", "recorded"], default="current",
                   help="current: theo tổ chức của ngày --org-date (mặc định --to); recorded: theo số liệu ghi nhận")
    p.add_argument("--org-date", type=date_argument, default=None, help="ngày R của tổ chức (mặc định: --to)")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("rebuild-rollups", help="tính lại các bảng tổng hợp hồ sơ từ đầu")
    p.add_argument("--db")
    return parser


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    url = resolve_database_url(args.db)
    engine = make_engine(url)
    try:
        if args.command == "init-db":
            from .migrate import upgrade
            upgrade(engine)
            print(f"Cơ sở dữ liệu đã sẵn sàng: {redact(url)}")
            return 0
        if args.command == "import":
            from .importer import run_import_cli
            return run_import_cli(engine, args)
        if args.command == "kpi":
            return _kpi(engine, args)
        if args.command == "user":
            return _user(engine, args)
        if args.command == "rebuild-rollups":
            from . import rollups
            with engine.begin() as conn:
                rollups.rebuild(conn)
            print("Đã tính lại các bảng tổng hợp hồ sơ")
            return 0
    except KeyboardInterrupt:
        return 130
    finally:
        engine.dispose()
    return 1


def _kpi(engine, args) -> int:
    from sqlalchemy.exc import OperationalError, ProgrammingError

    from .dossiers import RollupsOutOfDate
    from .kpi import spec_figures, to_json
    from .org import RECORDED, UnitNotOnDate, current
    from .period import Period
    from .scope import UnknownUnit, resolve_scope

    if args.end < args.start:
        print("Lỗi: --to phải không sớm hơn --from", file=sys.stderr)
        return 2
    if args.org == "recorded" and args.org_date is not None:
        print("Lỗi: --org-date chỉ dùng với --org current", file=sys.stderr)
        return 2
    # The comparison of a period is made on the organisation of its `to` unless --org-date says otherwise.
    org = current(args.org_date or args.end) if args.org == "current" else RECORDED
    try:
        with engine.connect() as conn:
            scope = resolve_scope(conn, args.unit, org=org)
            figures = spec_figures(conn, period=Period(args.start, args.end), scope=scope)
    except (UnknownUnit, UnitNotOnDate) as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 2
    except RollupsOutOfDate as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1
    except (OperationalError, ProgrammingError) as exc:
        print(f"Lỗi cơ sở dữ liệu: {exc.orig}", file=sys.stderr)
        return 1
    if args.json:
        print(to_json(figures))
    else:
        for key, value in figures.items():
            if key != "par":
                print(f"{key:32} {value}")
        for row in figures["par"]:
            print(f"  PAR {row['unit']:10} {row['percent']:.4f}  hạng {row['rank']}")
    return 0


def _user(engine, args) -> int:
    from sqlalchemy.exc import OperationalError, ProgrammingError

    from .users import ROLES, UserError, add_user, disable_user, list_users, rebind_unit, set_password

    if args.action != "list" and not args.username:
        print("Lỗi: thiếu tên đăng nhập", file=sys.stderr)
        return 2
    if args.action in ("add", "passwd") and not args.password_stdin:
        print("Lỗi: cần --password-stdin (mật khẩu không được đưa trên dòng lệnh)", file=sys.stderr)
        return 2
    if args.action == "rebind" and not args.unit:
        print("Lỗi: cần --unit (đơn vị mới của tài khoản)", file=sys.stderr)
        return 2
    if args.action == "add" and not args.role:
        print("Lỗi: cần --role (" + ", ".join(ROLES) + ")", file=sys.stderr)
        return 2
    password = sys.stdin.readline().rstrip("\r\n") if args.password_stdin else None
    try:
        with engine.begin() as conn:
            if args.action == "add":
                add_user(conn, args.username, password=password, role=args.role, display_name=args.name,
                         unit_code=args.unit, leader_code=args.leader, by="cli")
                print(f"Đã thêm tài khoản {args.username} ({ROLES[args.role]})")
            elif args.action == "passwd":
                set_password(conn, args.username, password, by="cli")
                print(f"Đã đổi mật khẩu của {args.username}")
            elif args.action == "rebind":
                user = rebind_unit(conn, args.username, args.unit, by="cli")
                print(f"Đã gắn tài khoản {user.username} với đơn vị {user.unit_code}")
            elif args.action == "disable":
                disable_user(conn, args.username, by="cli")
                print(f"Đã khóa tài khoản {args.username}")
            else:
                for u in list_users(conn):
                    state = "hoạt động" if u.active else "đã khóa"
                    print(f"{u.username:20} {u.role:14} {u.unit_code or '-':10} {u.leader_code or '-':6} "
                          f"{state:10} {u.display_name}")
    except UserError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 2
    except (OperationalError, ProgrammingError) as exc:
        print(f"Lỗi cơ sở dữ liệu: {exc.orig}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
