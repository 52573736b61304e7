"""Who may read and write what (DESIGN §6), checked by services and views on the server.

Each rule is a plain function of the user, so pages, the API and imports share it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hub_app.core.errors import PermissionDenied

if TYPE_CHECKING:
    from hub_app.auth.models import User


def is_admin(user: User | None) -> bool:
    return bool(user and user.is_active and user.role == "admin")


def readable_hubs(user: User | None) -> tuple[str, ...]:
    """Hubs whose records the user may read: all for admins and managers, own hubs for staff."""
    if user is None or not user.is_active:
        return ()
    if user.role in ("admin", "manager"):
        return ("welltech", "knic")
    if user.role == "staff":
        return tuple(user.hub_codes)
    return ()


def can_read_hub(user: User | None, hub: str) -> bool:
    return hub in readable_hubs(user)


def can_write_hub(user: User | None, hub: str) -> bool:
    if is_admin(user):
        return True
    return bool(user and user.is_active and user.role == "staff" and hub in user.hub_codes)


def can_read_registry(user: User | None) -> bool:
    return bool(user and user.is_active and user.role in ("admin", "manager", "staff"))


def can_write_registry(user: User | None) -> bool:
    return bool(user and user.is_active and user.role in ("admin", "staff"))


def can_see_talents(user: User | None) -> bool:
    if is_admin(user):
        return True
    return bool(
        user and user.is_active and user.role in ("manager", "staff") and "knic" in user.hub_codes
    )


def can_see_talent_contacts(user: User | None) -> bool:
    if is_admin(user):
        return True
    return bool(user and user.is_active and user.role == "staff" and "knic" in user.hub_codes)


def can_read_reports(user: User | None) -> bool:
    return bool(user and user.is_active)


def can_manage_plans(user: User | None) -> bool:
    return bool(user and user.is_active and user.role in ("admin", "manager"))


def require(allowed: bool, message: str = "この操作を行う権限がありません。") -> None:
    if not allowed:
        raise PermissionDenied(message)
