"""Accounts, passwords, lockout and each user's scope (row-level security).

Passwords are hashed with argon2id (argon2-cffi). A failed login never says whether the
username or the password was wrong. Five failures lock the account for 15 minutes.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, case, or_, select

from . import audit
from .clock import now_local
from .accounts import User, row_user as _user
from .schema import leaders, units, users
from .org import RECORDED, Org, UnitStatus, attribution, load_lineage, unit_status
from .scope import Scope, unit_tree, with_descendants
from .sessions import end_all_for_user

U = users.c
ROLES = {
    "chairman": "Chủ tịch",
    "vice_chairman": "Phó Chủ tịch",
    "admin": "Quản trị (Văn phòng)",
    "unit": "Đơn vị",
}
MAX_FAILED_ATTEMPTS = 5
LOCKOUT = timedelta(minutes=15)
MIN_PASSWORD_LENGTH = 8

_hasher = PasswordHasher()


class UserError(ValueError):
    """A user-management request that cannot be carried out; the message is Vietnamese."""


def get_user(conn: Connection, username: str) -> User | None:
    row = conn.execute(select(users).where(U.username == username)).first()
    return _user(row) if row else None


def list_users(conn: Connection) -> list[User]:
    return [_user(r) for r in conn.execute(select(users).order_by(U.username))]


def _check_links(conn, role, unit_code, leader_code):
    if role not in ROLES:
        raise UserError(f"Vai trò không hợp lệ: {role!r} (chọn một trong: {', '.join(ROLES)})")
    if role == "unit" and not unit_code:
        raise UserError("Tài khoản vai trò 'unit' phải gắn với một đơn vị (--unit)")
    if unit_code and not conn.execute(select(units.c.code).where(units.c.code == unit_code)).first():
        raise UserError(f"Không có đơn vị: {unit_code}")
    if leader_code and not conn.execute(select(leaders.c.code).where(leaders.c.code == leader_code)).first():
        raise UserError(f"Không có lãnh đạo: {leader_code}")


def _hash(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"Mật khẩu phải có ít nhất {MIN_PASSWORD_LENGTH} ký tự")
    return _hasher.hash(password)


def add_user(conn: Connection, username: str, *, password: str, role: str, display_name: str | None = None,
             unit_code: str | None = None, leader_code: str | None = None, by: str | None = None) -> User:
    username = username.strip()
    if not username:
        raise UserError("Tên đăng nhập không được để trống")
    if get_user(conn, username):
        raise UserError(f"Tài khoản đã tồn tại: {username}")
    _check_links(conn, role, unit_code, leader_code)
    now = now_local()
    conn.execute(users.insert().values(
        username=username, display_name=display_name or username, role=role, unit_code=unit_code,
        leader_code=leader_code, password_hash=_hash(password), active=True, failed_attempts=0,
        created_at=now, updated_at=now))
    audit.record(conn, "user_add", username=by, detail={"user": username, "role": role, "unit": unit_code})
    return get_user(conn, username)


def set_password(conn: Connection, username: str, password: str, *, by: str | None = None) -> None:
    _require(conn, username)
    conn.execute(users.update().where(U.username == username).values(
        password_hash=_hash(password), failed_attempts=0, locked_until=None, updated_at=now_local()))
    # A reset password is often a leaked one: whoever is logged in with the old one is out.
    _end_sessions(conn, username, "password_changed")
    audit.record(conn, "user_passwd", username=by, detail={"user": username})


def disable_user(conn: Connection, username: str, *, by: str | None = None) -> None:
    _require(conn, username)
    conn.execute(users.update().where(U.username == username).values(active=False, updated_at=now_local()))
    _end_sessions(conn, username, "inactive")
    audit.record(conn, "user_disable", username=by, detail={"user": username})


def _end_sessions(conn, username: str, reason: str) -> None:
    end_all_for_user(conn, username, now_local(), reason)


def _require(conn, username):
    if not get_user(conn, username):
        raise UserError(f"Không có tài khoản: {username}")


@dataclass(frozen=True)
class LoginResult:
    user: User | None
    message: str | None  # shown to the person; never says which of the two fields was wrong


# One message for every failure (unknown user, wrong password, disabled, locked): nothing to learn from it.
LOGIN_FAILED = ("Đăng nhập không thành công: tên đăng nhập hoặc mật khẩu không đúng. "
                "Sau 5 lần sai liên tiếp, tài khoản bị tạm khóa 15 phút.")


def authenticate(conn: Connection, username: str, password: str, *, now: datetime | None = None) -> LoginResult:
    """Check a login; count failures, lock after five, and audit every attempt.

    Every path does one argon2 verification (a dummy hash for an unknown or disabled user, the
    real one for a locked account, whose result is then ignored), so the time taken does not tell
    which case it was. The counter is changed by one conditional UPDATE that reads and writes the
    row at once: concurrent attempts queue on the row (PostgreSQL row lock, SQLite write lock)
    instead of each reading the same old count, so the fifth failure locks whatever the timing.
    """
    now = now or now_local()
    row = conn.execute(select(U.password_hash, U.active).where(U.username == username)).first()
    if row is None or not row.active:
        _verify_dummy(password)
        audit.record(conn, "login_failed", username=username, at=now)
        return LoginResult(None, LOGIN_FAILED)
    if not _verify(row.password_hash, password):
        attempt = _count_failure(conn, username, now)
        if attempt is None:  # locked, possibly by an attempt running beside this one
            audit.record(conn, "login_locked", username=username, at=now)
        else:
            audit.record(conn, "login_failed", username=username, at=now, detail={"attempt": attempt})
        return LoginResult(None, LOGIN_FAILED)
    cleared = conn.execute(
        users.update().where(U.username == username, U.active.is_(True), _not_locked(now))
        .values(failed_attempts=0, locked_until=None).returning(*users.c)).first()
    if cleared is None:  # the right password, but the account is locked (or was just disabled)
        audit.record(conn, "login_locked", username=username, at=now)
        return LoginResult(None, LOGIN_FAILED)
    audit.record(conn, "login_ok", username=username, at=now)
    return LoginResult(_user(cleared), None)


def _not_locked(now: datetime):
    return or_(U.locked_until.is_(None), U.locked_until <= now)


def _count_failure(conn: Connection, username: str, now: datetime) -> int | None:
    """One more failure, atomically; the attempt's number (5 = it locked the account), None if locked.

    A lock sets the counter back to 0, so the first failure after a lock has run out counts 1.
    """
    attempt = U.failed_attempts + 1
    locks = attempt >= MAX_FAILED_ATTEMPTS
    row = conn.execute(
        users.update().where(U.username == username, _not_locked(now))
        .values(failed_attempts=case((locks, 0), else_=attempt),
                locked_until=case((locks, now + LOCKOUT), else_=None))
        .returning(U.failed_attempts, U.locked_until)).first()
    if row is None:
        return None
    return MAX_FAILED_ATTEMPTS if row.locked_until is not None else row.failed_attempts


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


_DUMMY_HASH = _hasher.hash("không-phải-mật-khẩu")


def _verify_dummy(password: str) -> None:
    _verify(_DUMMY_HASH, password)


def scope_for(conn: Connection, user: User | None, org: Org = RECORDED) -> Scope:
    """The units a user may see, in view `org`. Deny by default: no user, an unknown role or a unit
    user without a unit → nothing.

    A unit user sees their unit and the units below it. In the current view (SPEC §2.5) that is on
    day R, and the items of their predecessors come with it through the attribution; a user bound
    to a unit that does not exist on R sees nothing (`bound_unit_status` says why, the Office
    rebinds the account: `rebind_unit`). In the recorded view the units whose whole history passed
    into theirs by merger or rename are added (a split district's history is not one commune's).
    """
    if user is None or not user.active:
        return Scope(frozenset(), org)
    if user.role in ("chairman", "vice_chairman", "admin"):
        return Scope(None, org)
    if user.role == "unit" and user.unit_code:
        if org.is_current:
            att = attribution(conn, org.on)
            if not att.lineage.exists_on(user.unit_code, org.on):
                return Scope(frozenset(), org)
            return Scope(frozenset(with_descendants(att.children_on(), [user.unit_code])), org)
        tree = unit_tree(conn)
        mine = with_descendants(tree, [user.unit_code])
        lineage = load_lineage(conn)
        before = set().union(*(lineage.predecessors(code) for code in mine)) if mine else set()
        return Scope(frozenset(mine | with_descendants(tree, before)), org)
    return Scope(frozenset(), org)


def bound_unit_status(conn: Connection, user: User, on) -> "UnitStatus | None":
    """For a unit user: whether their unit exists on `on`, and if not since when and into what."""
    if user.role != "unit" or not user.unit_code:
        return None
    return unit_status(conn, user.unit_code, on)


def rebind_unit(conn: Connection, username: str, unit_code: str, *, by: str | None = None) -> User:
    """Bind a unit account to another unit (the Office, after a merger); audited."""
    user = get_user(conn, username)
    if user is None:
        raise UserError(f"Không có tài khoản: {username}")
    if user.role != "unit":
        raise UserError(f"Tài khoản {username} không phải tài khoản đơn vị")
    _check_links(conn, "unit", unit_code, None)
    conn.execute(users.update().where(U.username == username).values(unit_code=unit_code, updated_at=now_local()))
    audit.record(conn, "user_rebind", username=by, detail={"user": username, "from": user.unit_code, "to": unit_code})
    return get_user(conn, username)


def home_units(conn: Connection, user: User) -> list[str]:
    """The units a vice-chairman supervises (their dashboard opens on these)."""
    if user.role != "vice_chairman" or not user.leader_code:
        return []
    stmt = select(units.c.code).where(units.c.supervising_leader == user.leader_code).order_by(units.c.code)
    return [code for (code,) in conn.execute(stmt)]
