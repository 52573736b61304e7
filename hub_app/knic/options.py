"""Choice lists for id fields in K-NIC forms, called from templates only when rendered."""

from __future__ import annotations

from sqlalchemy import func, select

from hub_app.extensions import db
from hub_app.knic.models import Talent


def talent_options() -> list[tuple[int, str]]:
    """Talents who can still be proposed: not deleted, not anonymised."""
    query = (
        select(Talent.id, Talent.full_name, Talent.full_name_kana)
        .where(Talent.deleted_at.is_(None), Talent.anonymized_at.is_(None))
        .order_by(func.coalesce(Talent.full_name_kana, Talent.full_name), Talent.id)
    )
    return [
        (row.id, f"{row.full_name}" + (f"({row.full_name_kana})" if row.full_name_kana else ""))
        for row in db.session.execute(query)
    ]


def coordinator_options() -> list[tuple[int, str]]:
    """Active K-NIC staff, who coordinate matchings."""
    from hub_app.auth.models import Membership, User

    query = (
        select(User.id, User.name)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.hub == "knic", User.active.is_(True), User.role == "staff")
        .order_by(User.name, User.id)
    )
    return [(row.id, row.name) for row in db.session.execute(query)]
