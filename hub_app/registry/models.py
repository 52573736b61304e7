"""The National Tax Agency's published corporate-number data: a read-only reference copy."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, String
from sqlalchemy.orm import Mapped, mapped_column

from hub_app.extensions import db

#: a folded name compared by prefix: PostgreSQL compares it byte by byte ("C"), so a range
#: `>= q AND < q || U+FFFF` is a prefix match on its index, as on SQLite
FOLDED = String(300).with_variant(String(300, collation="C"), "postgresql")


class Corporation(db.Model):
    """One corporate number as the NTA last published it (DESIGN §3). Loaded by
    `import-corporations`, never edited in the app, so it has no audit trail of its own."""

    __tablename__ = "corporations"

    corporate_number: Mapped[str] = mapped_column(String(13), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    furigana: Mapped[str | None] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(3))
    prefecture_name: Mapped[str | None] = mapped_column(String(10))
    city_name: Mapped[str | None] = mapped_column(String(30))
    street_number: Mapped[str | None] = mapped_column(String(300))
    post_code: Mapped[str | None] = mapped_column(String(7))
    close_date: Mapped[date | None] = mapped_column(Date)
    close_cause: Mapped[str | None] = mapped_column(String(2))
    successor_corporate_number: Mapped[str | None] = mapped_column(String(13), index=True)
    change_date: Mapped[date | None] = mapped_column(Date)
    update_date: Mapped[date | None] = mapped_column(Date)
    #: the NTA's process code of the last change (01 新規, 11 商号変更, 21 閉鎖…)
    process: Mapped[str] = mapped_column(String(2))
    name_fold: Mapped[str] = mapped_column(FOLDED, index=True)
    furigana_fold: Mapped[str | None] = mapped_column(FOLDED, index=True)

    @property
    def address(self) -> str:
        return "".join(p for p in (self.prefecture_name, self.city_name, self.street_number) if p)

    @property
    def closed(self) -> bool:
        return self.close_date is not None or bool(self.close_cause)

    def __repr__(self) -> str:
        return f"<Corporation {self.corporate_number} {self.name}>"
