"""One demo account per role, so the seeded dashboard can be tried at once. DEMO ONLY: the passwords are
printed in the README; a real deployment disables these accounts and creates its own
(`python -m data_access user add …`). `init-db` never creates an account."""
from __future__ import annotations

from sqlalchemy import Connection, or_

from data_access.schema import users
from data_access.users import add_user, get_user

# username, display name, role, unit, leader, password
DEMO_ACCOUNTS = (
    ("chutich", "Chủ tịch UBND tỉnh (tài khoản mẫu)", "chairman", None, "CT", "demo@chutich"),
    ("pct1", "Phó Chủ tịch Thường trực (tài khoản mẫu)", "vice_chairman", None, "PCT1", "demo@pct1"),
    ("vanphong", "Văn phòng UBND tỉnh — quản trị (tài khoản mẫu)", "admin", "VPUB", None, "demo@vanphong"),
    ("so_taichinh", "Cán bộ Sở Tài chính (tài khoản mẫu)", "unit", "STC", None, "demo@so_taichinh"),
    # Huyện Bình Sơn ended on 30/06/2025: this account shows what a stranded account sees (the Office rebinds it)
    ("huyen_binhson", "Cán bộ huyện Bình Sơn (tài khoản mẫu)", "unit", "H_BINHSON", None, "demo@huyen_binhson"),
    ("xa_binhson", "Cán bộ xã Bình Sơn (tài khoản mẫu)", "unit", "XA_21040", None, "demo@xa_binhson"),
)


def add_demo_accounts(conn: Connection) -> int:
    """Create the demo accounts that do not exist yet; returns how many were made."""
    made = 0
    for username, name, role, unit, leader, password in DEMO_ACCOUNTS:
        if get_user(conn, username) is None:
            add_user(conn, username, password=password, role=role, display_name=name, unit_code=unit,
                     leader_code=leader, by="seed")
            made += 1
    return made


def drop_linked_accounts(conn: Connection) -> None:
    """Before the units and leaders are replaced: accounts tied to them would point at nothing."""
    conn.execute(users.delete().where(or_(users.c.unit_code.is_not(None), users.c.leader_code.is_not(None))))
