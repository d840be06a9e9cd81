"""Who is looking, for this browser session: the `Access` that `dashboard.ui.auth` puts in the session on
every run, after checking the login. Nobody logged in means no units at all (deny by default)."""
from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from data_access.scope import Scope
from data_access.users import User

from dashboard.core.access_policy import DENY_ALL

ACCESS_KEY = "_bdh_access"


@dataclass(frozen=True)
class Access:
    """Who is looking and what they may see."""

    user: User
    allowed: Scope
    home_leader: str | None = None  # a vice-chairman's leader code: their first view opens on their units
    bound_unit_notice: str | None = None  # a unit account whose unit has ended: what became of it

    @property
    def restricted(self) -> bool:
        return not self.allowed.is_all


def current() -> Access | None:
    return st.session_state.get(ACCESS_KEY)


def allowed_scope() -> Scope:
    """The user's units; nothing at all when nobody is logged in."""
    access = current()
    return access.allowed if access is not None else DENY_ALL


def restricted() -> bool:
    return not allowed_scope().is_all


def username() -> str | None:
    access = current()
    return access.user.username if access is not None else None
