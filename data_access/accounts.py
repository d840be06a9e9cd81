"""The account as the rest of the data layer sees it: a user row made into a `User` (kept apart from
`users.py`, which manages accounts, so that the sessions module can read users without importing it)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class User:
    username: str
    display_name: str
    role: str
    unit_code: str | None
    leader_code: str | None
    active: bool

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


def row_user(row) -> User:
    """A `users` row (or a row holding its columns) as a `User`."""
    return User(row.username, row.display_name, row.role, row.unit_code, row.leader_code, row.active)
