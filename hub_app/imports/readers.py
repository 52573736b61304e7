"""Reading an import file row by row: CSV in UTF-8 (BOM or not) or Shift_JIS/CP932, and XLSX.

Files are never read whole into memory: the encoding is checked by streaming the bytes
through an incremental decoder, then the rows are yielded one at a time.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from hub_app.imports.errors import ImportRefused

CHUNK = 1024 * 1024
#: tried in this order; CP932 is Shift_JIS as Excel and Windows write it
ENCODINGS = ("utf-8-sig", "cp932")
XLSX_MAGIC = b"PK\x03\x04"


def detect_encoding(path: Path) -> str:
    """The first encoding that decodes the whole file, checked chunk by chunk."""
    for encoding in ENCODINGS:
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with path.open("rb") as handle:
                while chunk := handle.read(CHUNK):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise ImportRefused("文字コードを判別できません。CSVはUTF-8またはShift_JISで保存してください。")


def file_format(path: Path, filename: str = "") -> str:
    """'xlsx' or 'csv', by content first (a renamed file still reads), then by name."""
    with path.open("rb") as handle:
        head = handle.read(4)
    if head == XLSX_MAGIC:
        return "xlsx"
    name = (filename or path.name).lower()
    if name.endswith((".xlsx", ".xlsm")):
        raise ImportRefused(
            "Excelファイルとして読み込めません。ファイルが壊れていないか確認してください。"
        )
    if name.endswith(".xls"):
        raise ImportRefused(
            "古いExcel形式(.xls)には対応していません。.xlsx か CSV で保存してください。"
        )
    return "csv"


def xlsx_text(value: Any) -> str:
    """A cell as the text a CSV would hold: ISO dates, whole numbers without '.0'."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _csv_rows(path: Path) -> Iterator[list[str]]:
    encoding = detect_encoding(path)
    with path.open("r", encoding=encoding, newline="") as handle:
        try:
            yield from csv.reader(handle)
        except csv.Error as error:
            raise ImportRefused(f"CSVの形式が正しくありません: {error}") from error


def _xlsx_rows(path: Path) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise ImportRefused("Excelファイルとして読み込めません。") from error
    try:
        sheet = workbook.worksheets[0]
        for values in sheet.iter_rows(values_only=True):
            yield [xlsx_text(v) for v in values]
    finally:
        workbook.close()


@contextmanager
def open_rows(path: Path, filename: str = "") -> Iterator[Iterator[list[str]]]:
    """The file's rows as lists of strings (header first), whatever its format."""
    rows = _xlsx_rows(path) if file_format(path, filename) == "xlsx" else _csv_rows(path)
    try:
        yield rows
    finally:
        rows.close()


def estimate_rows(path: Path, filename: str = "") -> int:
    """About how many data rows the file holds, for a progress bar (cheap, streaming)."""
    if file_format(path, filename) == "xlsx":
        from openpyxl import load_workbook

        workbook = load_workbook(path, read_only=True)
        try:
            return max((workbook.worksheets[0].max_row or 1) - 1, 0)
        finally:
            workbook.close()
    lines = 0
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            lines += chunk.count(b"\n")
    return max(lines - 1, 0)


def csv_text(rows: list[list[Any]]) -> bytes:
    """A small CSV in UTF-8 with BOM (templates, tests)."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("utf-8-sig")
