"""The search index: one row per readable record, its text folded once at write time."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Mapped, mapped_column

from hub_app.extensions import db

#: what the migration creates beside the model: FTS5's table (and its shadow tables) on
#: SQLite, the GIN index on PostgreSQL; Alembic's comparison leaves them out
OUTSIDE_THE_MODEL = ("search_fts", "ix_search_entries_body_trgm")


def in_the_model(name: str | None, _type: str, _parents: object) -> bool:
    """Alembic's `include_name`: False for the database objects no model describes."""
    return not (name or "").startswith(OUTSIDE_THE_MODEL)


def key_type(length: int) -> String:
    """Keys compare byte by byte ("C" on PostgreSQL, SQLite's default), so a prefix is a
    range of one B-tree index on both databases."""
    return String(length).with_variant(postgresql.VARCHAR(length, collation="C"), "postgresql")


class SearchEntry(db.Model):
    """Derived from the records by `search.index` on every flush; never written by hand.

    `scope` is "<type>:<hub>" ("organization:" for records without a hub): a user's read
    permissions become one `scope IN (…)`. `body` is every searchable field folded
    (core.folding.fold), one line each; the database's trigram index (FTS5 on SQLite,
    pg_trgm on PostgreSQL) finds substrings in it.
    """

    __tablename__ = "search_entries"
    __table_args__ = (
        UniqueConstraint("type", "record_id", name="uq_search_entries_type_record"),
        Index("ix_search_entries_title_key", "title_key", "scope"),
        Index("ix_search_entries_kana_key", "kana_key", "scope"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    type: Mapped[str] = mapped_column(String(32))
    record_id: Mapped[int] = mapped_column(Integer)
    scope: Mapped[str] = mapped_column(String(48))
    title_key: Mapped[str] = mapped_column(key_type(200))
    kana_key: Mapped[str | None] = mapped_column(key_type(200))
    number: Mapped[str | None] = mapped_column(String(13))
    body: Mapped[str] = mapped_column(Text)
    day: Mapped[date | None] = mapped_column(Date)
