"""Import pages: upload → preview (nothing stored) → confirm; templates per kind.

Between preview and confirm the uploaded file waits under instance/imports by a random
name; the session remembers which, so only its uploader can confirm it.
"""

from __future__ import annotations

import secrets
import time
from pathlib import Path

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required

from hub_app.core import navigation
from hub_app.core.export import csv_response, xlsx_bytes, xlsx_response
from hub_app.core.permissions import can_write_registry
from hub_app.imports.columns import build_schema
from hub_app.imports.errors import ImportRefused
from hub_app.imports.forms import ImportUploadForm, kind_label
from hub_app.imports.importer import (
    PREVIEW_CHECK_ROWS,
    check_size,
    collection_for,
    import_file,
)
from hub_app.imports.importer import importable_kinds as import_kinds
from hub_app.imports.kinds import EXTRAS

bp = Blueprint("imports", __name__, url_prefix="/imports")
navigation.add("共通", "データ取込", "imports.index", can_write_registry)

PENDING = "pending_import"
ALLOWED_SUFFIXES = (".csv", ".xlsx", ".txt")
PENDING_SECONDS = 24 * 3600


@bp.url_value_preprocessor
def allow_large_uploads(endpoint: str | None, _values: dict | None) -> None:
    """Uploads may exceed MAX_CONTENT_LENGTH, up to IMPORT_MAX_BYTES. Set here because
    this runs before any before_request (CSRF protection reads the form there)."""
    if endpoint == "imports.preview":
        request.max_content_length = current_app.config["IMPORT_MAX_BYTES"] + 64 * 1024


@bp.before_request
@login_required
def require_staff():
    if not can_write_registry(current_user):
        abort(403)


def importable_kinds() -> list[str]:
    return import_kinds()


def _page(form: ImportUploadForm, status: int = 200):
    kinds = [(kind, kind_label(kind)) for kind in importable_kinds()]
    return render_template("imports/index.html", form=form, kinds=kinds), status


def upload_folder() -> Path:
    folder = Path(current_app.config.get("IMPORT_FOLDER") or current_app.instance_path + "/imports")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _sweep(folder: Path) -> None:
    """Forget uploads previewed but never confirmed, a day later."""
    limit = time.time() - PENDING_SECONDS
    for path in folder.iterdir():
        if path.is_file() and path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)


def _pending_path(pending: dict) -> Path | None:
    token = str(pending.get("token", ""))
    if not token.isalnum():
        return None
    path = upload_folder() / f"{token}{pending.get('suffix', '')}"
    return path if path.is_file() else None


def _discard_pending() -> None:
    pending = session.pop(PENDING, None)
    path = _pending_path(pending) if pending else None
    if path is not None:
        path.unlink(missing_ok=True)


@bp.get("")
def index():
    return _page(ImportUploadForm(importable_kinds()))


@bp.post("/preview")
def preview():
    form = ImportUploadForm(importable_kinds())
    if not form.validate_on_submit():
        return _page(form, 422)
    _discard_pending()
    upload = form.file.data
    filename = Path(upload.filename or "upload.csv").name
    suffix = Path(filename).suffix.lower()
    suffix = suffix if suffix in ALLOWED_SUFFIXES else ".csv"
    token = secrets.token_hex(16)
    folder = upload_folder()
    _sweep(folder)
    path = folder / f"{token}{suffix}"
    upload.save(path)
    try:
        check_size(path)
        report = import_file(
            form.kind.data,
            path,
            current_user,
            filename,
            commit=False,
            check_limit=current_app.config.get("IMPORT_PREVIEW_ROWS", PREVIEW_CHECK_ROWS),
        )
    except ImportRefused as refusal:
        path.unlink(missing_ok=True)
        form.file.errors = [refusal.message]
        return _page(form, 422)
    if report.ok:
        session[PENDING] = {"token": token, "suffix": suffix, "kind": report.kind, "name": filename}
    else:
        path.unlink(missing_ok=True)
    return (
        render_template("imports/preview.html", report=report, kind_label=kind_label(report.kind)),
        200 if report.ok else 422,
    )


@bp.post("/confirm")
def confirm():
    pending = session.get(PENDING)
    path = _pending_path(pending) if pending else None
    if path is None or request.form.get("token") != pending.get("token"):
        flash("確認済みのファイルが見つかりません。もう一度アップロードしてください。", "error")
        return redirect(url_for(".index"))
    try:
        report = import_file(pending["kind"], path, current_user, pending["name"], commit=True)
    except ImportRefused as refusal:
        _discard_pending()
        flash(refusal.message, "error")
        return redirect(url_for(".index"))
    _discard_pending()
    if not report.ok:
        return (
            render_template(
                "imports/preview.html", report=report, kind_label=kind_label(report.kind)
            ),
            422,
        )
    flash(report.summary(), "success")
    return redirect(url_for(".index"))


@bp.get("/templates/<kind>.<any(csv, xlsx):fmt>")
def template(kind: str, fmt: str):
    try:
        collection = collection_for(kind)
    except ImportRefused:
        abort(404)
    header = build_schema(collection, EXTRAS.get(kind)).template
    columns = [_HeaderOnly(text) for text in header]
    filename = f"{kind}_template"
    if fmt == "xlsx":
        return xlsx_response(filename, xlsx_bytes(kind, columns, []))
    return csv_response(filename, columns, [])


class _HeaderOnly:
    """A column with only a header, for the empty templates."""

    def __init__(self, label: str):
        self.label = label
        self.code = label

    @staticmethod
    def value(_row):  # pragma: no cover - templates have no rows
        return None
