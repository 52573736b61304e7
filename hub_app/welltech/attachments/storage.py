"""Checking and keeping uploaded files: allow-list by extension AND content, random names.

A file is stored under a random name of our choosing, never the one the user sent, so
no path is guessable or user-chosen; it is only ever served as a download.
"""

from __future__ import annotations

import hashlib
import io
import re
import secrets
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from flask import Response, abort, current_app, send_file

from hub_app.core.errors import ValidationFailed

STORED_NAME = re.compile(r"[0-9a-f]{32}")


def _zip_holds(*names: str) -> Callable[[bytes], bool]:
    def check(content: bytes) -> bool:
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                present = set(archive.namelist())
        except (zipfile.BadZipFile, ValueError, OSError):
            return False
        return all(name in present for name in names)

    return check


@dataclass(frozen=True)
class FileType:
    content_type: str
    matches: Callable[[bytes], bool]


PDF = FileType("application/pdf", lambda c: c.startswith(b"%PDF-"))
PNG = FileType("image/png", lambda c: c.startswith(b"\x89PNG\r\n\x1a\n"))
JPEG = FileType("image/jpeg", lambda c: c.startswith(b"\xff\xd8\xff"))
MP4 = FileType("video/mp4", lambda c: len(c) >= 12 and c[4:8] == b"ftyp")
DOCX = FileType(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    lambda c: (
        c.startswith(b"PK\x03\x04") and _zip_holds("[Content_Types].xml", "word/document.xml")(c)
    ),
)
XLSX = FileType(
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    lambda c: (
        c.startswith(b"PK\x03\x04") and _zip_holds("[Content_Types].xml", "xl/workbook.xml")(c)
    ),
)

ALLOWED: dict[str, FileType] = {
    ".pdf": PDF,
    ".png": PNG,
    ".jpg": JPEG,
    ".jpeg": JPEG,
    ".mp4": MP4,
    ".docx": DOCX,
    ".xlsx": XLSX,
}
ALLOWED_TEXT = "PDF・PNG・JPEG・MP4・Word(docx)・Excel(xlsx)"


def refuse(message: str) -> ValidationFailed:
    return ValidationFailed(message, {"file": [message]})


def clean_filename(raw: str) -> str:
    """The name shown and offered on download: no folders, no control characters."""
    name = re.split(r"[\\/]", raw or "")[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip().lstrip(".")
    return name[-255:] or "file"


@dataclass(frozen=True)
class CheckedFile:
    filename: str
    content_type: str
    content: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def check_upload(filename: str | None, stream: IO[bytes] | None) -> CheckedFile:
    """Size limit, extension allow-list and content signature, or a 422 on `file`."""
    if not filename or stream is None:
        raise refuse("ファイルを選んでください。")
    name = clean_filename(filename)
    file_type = ALLOWED.get(Path(name).suffix.lower())
    if file_type is None:
        raise refuse(f"登録できるファイルは{ALLOWED_TEXT}だけです。")
    limit = int(current_app.config["ATTACHMENT_MAX_BYTES"])
    content = stream.read(limit + 1)
    if len(content) > limit:
        raise refuse(f"ファイルが大きすぎます(上限 {limit / 1024 / 1024:.1f}MB)。")
    if not content:
        raise refuse("空のファイルは登録できません。")
    if not file_type.matches(content):
        raise refuse("ファイルの中身が拡張子と一致しません。正しい形式のファイルを選んでください。")
    return CheckedFile(name, file_type.content_type, content)


def folder() -> Path:
    configured = current_app.config.get("ATTACHMENT_FOLDER")
    path = Path(configured) if configured else Path(current_app.instance_path) / "attachments"
    path.mkdir(parents=True, exist_ok=True)
    return path


def new_stored_name() -> str:
    return secrets.token_hex(16)


def path_of(stored_name: str) -> Path:
    if not STORED_NAME.fullmatch(stored_name or ""):
        raise FileNotFoundError(stored_name)
    return folder() / stored_name


def write(stored_name: str, content: bytes) -> Path:
    path = path_of(stored_name)
    with open(path, "xb") as handle:
        handle.write(content)
    return path


def download(attachment: Any) -> Response:
    """The stored file as a download that no browser renders or sniffs; 404 if it is gone.

    The caller has checked that the user may read the record the file belongs to.
    """
    try:
        path = path_of(attachment.stored_name)
    except FileNotFoundError:
        abort(404)
    if not path.is_file():
        abort(404)
    response = send_file(
        path,
        mimetype=attachment.content_type,
        as_attachment=True,
        download_name=attachment.filename,
        conditional=False,
        etag=False,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response
