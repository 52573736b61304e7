"""CSV (UTF-8 with BOM, for Excel) and XLSX exports of any list, streamed row by row.

The header row holds each column's Japanese label; the importer accepts those labels
as well as the field codes, so an export can be imported again.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from flask import Response, request
from openpyxl import Workbook
from werkzeug.wsgi import wrap_file

from hub_app.core.clock import JST

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    code: str
    label: str
    value: Callable[[Any], Any]


def cell(value: Any) -> Any:
    """A value as it goes into a sheet: ISO dates, plain numbers, lists joined by ';'.

    A time (stored as naive UTC) is written in Japan time, where its readers are, with
    its offset, so no reader takes a UTC time for a local one: 2022-06-01T10:00:00+09:00.
    """
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(JST).replace(microsecond=0).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, list | tuple):
        return ";".join(str(v) for v in value)
    return "" if value is None else value


def _disposition(filename: str) -> str:
    return f"attachment; filename*=UTF-8''{quote(filename)}"


def csv_response(filename: str, columns: list[Column], rows: Iterable[Any]) -> Response:
    """Written while the database session is open, spooled to disk past 8 MB."""
    spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 (closed by the response)
    text = io.TextIOWrapper(spool, encoding="utf-8-sig", newline="")
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow([c.label for c in columns])
    for row in rows:
        writer.writerow([cell(c.value(row)) for c in columns])
    text.flush()
    text.detach()
    spool.seek(0)
    return Response(
        wrap_file(request.environ, spool),
        mimetype="text/csv; charset=utf-8",
        headers={"Content-Disposition": _disposition(filename + ".csv")},
        direct_passthrough=True,
    )


def xlsx_bytes(sheet_title: str, columns: list[Column], rows: Iterable[Any]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title[:31])
    sheet.append([c.label for c in columns])
    for row in rows:
        sheet.append([_xlsx_cell(c.value(row)) for c in columns])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _xlsx_cell(value: Any) -> Any:
    if isinstance(value, bool | list | tuple | datetime | date):
        return cell(value)
    if isinstance(value, Decimal):
        return float(value)
    return value


def xlsx_response(filename: str, content: bytes) -> Response:
    return Response(
        content,
        mimetype=XLSX_MIMETYPE,
        headers={"Content-Disposition": _disposition(filename + ".xlsx")},
    )


DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def docx_response(filename: str, content: bytes, sha256: str | None = None) -> Response:
    """A Word file; an approved one says its SHA-256, so a client can check what it stored."""
    response = Response(
        content,
        mimetype=DOCX_MIMETYPE,
        headers={
            "Content-Disposition": _disposition(filename + ".docx"),
            "Cache-Control": "private, no-store",
        },
    )
    if sha256:
        response.headers["X-Content-SHA256"] = sha256
    return response


def export_response(
    fmt: str, filename: str, columns: list[Column], rows: Iterable[Any]
) -> Response:
    """The list as `fmt` ('csv' or 'xlsx')."""
    if fmt == "xlsx":
        return xlsx_response(filename, xlsx_bytes(filename, columns, rows))
    return csv_response(filename, columns, rows)
