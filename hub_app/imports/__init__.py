"""Bringing spreadsheets in: CSV/XLSX files imported through each collection's service."""

from hub_app.imports.errors import ImportRefused, RowError
from hub_app.imports.importer import ImportReport, import_file

__all__ = ["ImportRefused", "ImportReport", "RowError", "import_file"]
