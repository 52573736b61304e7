"""Reading the attachments of a record."""

from __future__ import annotations

from sqlalchemy import select

from hub_app.extensions import db
from hub_app.welltech.models import Attachment


def for_owner(owner_type: str, owner_id: int) -> list[Attachment]:
    return list(
        db.session.scalars(
            select(Attachment)
            .where(
                Attachment.owner_type == owner_type,
                Attachment.owner_id == owner_id,
                Attachment.deleted_at.is_(None),
            )
            .order_by(Attachment.created_at, Attachment.id)
        )
    )
