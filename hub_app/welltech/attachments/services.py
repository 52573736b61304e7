"""Attaching files to consultations and evaluations, and removing them."""

from __future__ import annotations

from typing import IO, TYPE_CHECKING, Any

from hub_app.core import records
from hub_app.core.errors import NotFound
from hub_app.extensions import db
from hub_app.welltech.attachments import storage
from hub_app.welltech.common import HUB, can_read, require_write
from hub_app.welltech.models import Attachment, Consultation, Evaluation

if TYPE_CHECKING:
    from hub_app.auth.models import User

OWNERS: dict[str, type] = {"consultation": Consultation, "evaluation": Evaluation}


def owner_hub(owner: Any) -> str | None:
    if isinstance(owner, Evaluation):
        return owner.project.hub if owner.project else None
    return getattr(owner, "hub", None)


def find_owner(owner_type: str, owner_id: int, include_deleted: bool = False) -> Any:
    """The consultation or evaluation a file belongs to, if it is a Welltech record."""
    model = OWNERS.get(owner_type)
    owner = db.session.get(model, owner_id) if model else None
    if owner is None or owner_hub(owner) != HUB:
        raise NotFound("添付先の記録が見つかりません。")
    if owner.deleted_at is not None and not include_deleted:
        raise NotFound("添付先の記録が見つかりません。")
    return owner


def can_read_attachment(user: User | None, attachment: Attachment) -> bool:
    """Whoever may read the record may read its files, and no one else."""
    try:
        owner = find_owner(attachment.owner_type, attachment.owner_id)
    except NotFound:
        return False
    return can_read(user) and owner is not None


def add_attachment(
    actor: User, owner_type: str, owner_id: int, filename: str | None, stream: IO[bytes] | None
) -> Attachment:
    require_write(actor)
    find_owner(owner_type, owner_id)
    return store(actor, owner_type, owner_id, filename, stream)


def store(
    actor: User, owner_type: str, owner_id: int, filename: str | None, stream: IO[bytes] | None
) -> Attachment:
    """Check and keep an uploaded file for a record the caller has allowed `actor` to change.

    Also the evidence of an entered KPI figure (kpi.values): one set of upload rules.
    """
    checked = storage.check_upload(filename, stream)
    stored_name = storage.new_stored_name()
    path = storage.write(stored_name, checked.content)
    try:
        return records.create(
            actor,
            Attachment(
                owner_type=owner_type,
                owner_id=owner_id,
                filename=checked.filename,
                stored_name=stored_name,
                content_type=checked.content_type,
                size=len(checked.content),
                sha256=checked.sha256,
            ),
        )
    except Exception:
        path.unlink(missing_ok=True)
        raise


def delete_attachment(actor: User, attachment: Attachment) -> None:
    """Soft delete: the file stays on disk so an admin can restore the record."""
    require_write(actor)
    records.soft_delete(actor, attachment)
