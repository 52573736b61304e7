"""Uploading, downloading and deleting attachments."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, url_for
from flask import request as http_request
from flask_login import current_user

from hub_app.core.errors import ValidationFailed
from hub_app.extensions import db
from hub_app.welltech.attachments import services, storage
from hub_app.welltech.models import Attachment

bp = Blueprint("attachments", __name__, url_prefix="/attachments")

OWNER_PAGES = {
    "consultation": ("welltech.consultations.show", "consultation_id"),
    "evaluation": ("welltech.evaluations.show", "evaluation_id"),
}


def owner_url(owner_type: str, owner_id: int) -> str:
    endpoint, arg = OWNER_PAGES[owner_type]
    return url_for(endpoint, **{arg: owner_id}) + "#attachments"


@bp.post("/<any(consultation, evaluation):owner_type>/<int:owner_id>")
def upload(owner_type: str, owner_id: int):
    upload_file = http_request.files.get("file")
    try:
        attachment = services.add_attachment(
            current_user,
            owner_type,
            owner_id,
            upload_file.filename if upload_file else None,
            upload_file.stream if upload_file else None,
        )
    except ValidationFailed as error:
        db.session.rollback()
        return _owner_page(owner_type, owner_id, error.errors.get("file", [error.message]))
    db.session.commit()
    flash(f"「{attachment.filename}」を添付しました。", "success")
    return redirect(owner_url(owner_type, owner_id))


def _owner_page(owner_type: str, owner_id: int, errors: list[str]):
    """The record's page again, with the refusal next to the file field (422)."""
    if owner_type == "consultation":
        from hub_app.consultations.views import PAGES as BY_HUB

        pages = BY_HUB["welltech"]
    else:
        from hub_app.welltech.evaluations.views import PAGES as pages
    return pages.render_show(pages.record(owner_id), status=422, attachment_errors=errors)


def _load(attachment_id: int) -> Attachment:
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None or attachment.deleted_at is not None:
        abort(404)
    if not services.can_read_attachment(current_user, attachment):
        abort(404)
    return attachment


@bp.get("/<int:attachment_id>")
def download(attachment_id: int):
    return storage.download(_load(attachment_id))


@bp.post("/<int:attachment_id>/delete")
def delete(attachment_id: int):
    attachment = _load(attachment_id)
    services.delete_attachment(current_user, attachment)
    db.session.commit()
    flash(f"「{attachment.filename}」を削除しました。", "success")
    return redirect(owner_url(attachment.owner_type, attachment.owner_id))
