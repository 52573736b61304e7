"""Who may do what with K-NIC records (DESIGN §6), on top of core.permissions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hub_app.core.permissions import (
    can_read_hub,
    can_see_talents,
    can_write_hub,
    require,
)

if TYPE_CHECKING:
    from hub_app.auth.models import User

NO_TALENTS = "人材の個人情報は、管理者とK-NICの職員・管理職だけが閲覧できます。"
NO_KNIC_WRITE = "K-NICの記録を登録・変更できるのは、管理者とK-NICの職員だけです。"


def can_write_knic(user: User | None) -> bool:
    return can_write_hub(user, "knic")


def can_write_talents(user: User | None) -> bool:
    """Writers of talents must also be allowed to see them (K-NIC staff and admins)."""
    return can_write_hub(user, "knic") and can_see_talents(user)


def require_talent_writer(user: User | None) -> None:
    require(can_see_talents(user), NO_TALENTS)
    require(can_write_hub(user, "knic"), NO_KNIC_WRITE)


def require_knic_writer(user: User | None) -> None:
    require(can_write_hub(user, "knic"), NO_KNIC_WRITE)


def require_knic_reader(user: User | None) -> None:
    require(can_read_hub(user, "knic"), "K-NICの記録を閲覧する権限がありません。")
