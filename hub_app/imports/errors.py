"""Why an import was refused: the whole file, or a list of bad rows."""

from __future__ import annotations

from dataclasses import dataclass

from hub_app.core.errors import ServiceError


class ImportRefused(ServiceError):
    """The file as a whole cannot be imported (kind, size, format, columns)."""

    status = 422


@dataclass(frozen=True)
class RowError:
    """One reason a row was refused; `line` counts the header as line 1."""

    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"{self.line}行目"
        if self.column:
            where += f"「{self.column}」"
        return f"{where}: {self.message}"
