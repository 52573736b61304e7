"""What an import found: counts, the bad rows, the first rows, whether it stored."""

from __future__ import annotations

from dataclasses import dataclass, field

from hub_app.imports.errors import RowError

#: the report keeps this many bad rows; the count covers them all
MAX_REPORTED_ERRORS = 500


@dataclass
class ImportReport:
    kind: str
    filename: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    error_count: int = 0
    errors: list[RowError] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    #: the first rows as (line number, cells)
    preview: list[tuple[int, list[str]]] = field(default_factory=list)
    stored: bool = False
    #: rows checked through the forms and services; fewer than `rows` in a preview
    checked: int = 0

    @property
    def partial(self) -> bool:
        """Only the first rows were checked (a large file's preview)."""
        return self.checked < self.rows

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def add_error(self, error: RowError) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_REPORTED_ERRORS:
            self.errors.append(error)

    def summary(self) -> str:
        if not self.ok:
            return (
                f"{self.filename}: {self.error_count}件の誤りがあるため、何も取り込みませんでした"
                f"(全{self.rows}行)。"
            )
        verb = "取り込みました" if self.stored else "取り込めます"
        if self.partial:
            return (
                f"{self.filename}: 全{self.rows}行のうち最初の{self.checked}行を確認しました"
                f"(新規 {self.created}件、更新 {self.updated}件、変更なし {self.unchanged}件)。"
                "残りの行は取り込むときにすべて確認します。"
            )
        return (
            f"{self.filename}: {self.rows}行を{verb}(新規 {self.created}件、更新 {self.updated}件、"
            f"変更なし {self.unchanged}件)。"
        )
