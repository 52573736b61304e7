"""Helpers for import tests: write a CSV or XLSX file from rows."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from hub_app.imports.readers import csv_text


@pytest.fixture
def write_csv(tmp_path):
    def write(rows: list[list], name: str = "data.csv", encoding: str | None = None) -> Path:
        path = tmp_path / name
        if encoding:
            text = "\r\n".join(",".join(str(c) for c in row) for row in rows) + "\r\n"
            path.write_bytes(text.encode(encoding))
        else:
            path.write_bytes(csv_text(rows))
        return path

    return write


@pytest.fixture
def write_xlsx(tmp_path):
    def write(rows: list[list], name: str = "data.xlsx") -> Path:
        workbook = Workbook()
        sheet = workbook.active
        for row in rows:
            sheet.append(row)
        path = tmp_path / name
        workbook.save(path)
        return path

    return write


@pytest.fixture(autouse=True)
def import_folder(app, tmp_path):
    """Uploads waiting for confirmation go to the test's folder, not instance/."""
    app.config["IMPORT_FOLDER"] = str(tmp_path / "imports")
