"""Storing the NTA data and looking corporations up by name, kana or number (DESIGN §11)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite

from hub_app.core import audit
from hub_app.core.folding import fold
from hub_app.extensions import db
from hub_app.organizations.names import normalize_corporate_number
from hub_app.registry import nta
from hub_app.registry.models import Corporation

#: rows written per statement: large enough that the statement's cost disappears,
#: small enough that a batch's parameters stay a few megabytes
BATCH = 2000
#: what a lookup needs typed before it searches (DESIGN §11: from the third character)
MIN_TYPED = 3
#: above any character a name can hold, so `>= q AND < q + TOP` is "starts with q"
TOP = "\U0010ffff"


@dataclass
class Loaded:
    """What an import did, for its summary line and its audit row."""

    written: int = 0
    deleted: int = 0

    def summary(self, label: str) -> str:
        return f"{label}: {self.written:,}件を登録・更新、{self.deleted:,}件を削除しました。"


def _upsert(rows: list[dict]) -> None:
    """Insert or replace by corporate number; a row older than the stored one is skipped,
    so applying a 差分 file twice, or an old one after a newer, changes nothing."""
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(Corporation.__table__)
    columns = [c.name for c in Corporation.__table__.columns if c.name != "corporate_number"]
    stored = Corporation.__table__.c.update_date
    statement = statement.on_conflict_do_update(
        index_elements=["corporate_number"],
        set_={name: statement.excluded[name] for name in columns},
        where=(stored.is_(None))
        | (statement.excluded.update_date.is_(None))
        | (stored <= statement.excluded.update_date),
    )
    db.session.execute(statement, rows)


def _write(pending: dict[str, dict | None], loaded: Loaded) -> None:
    gone = [number for number, values in pending.items() if values is None]
    kept = [values for values in pending.values() if values is not None]
    if gone:
        db.session.execute(delete(Corporation).where(Corporation.corporate_number.in_(gone)))
        loaded.deleted += len(gone)
    if kept:
        _upsert(kept)
        loaded.written += len(kept)
    pending.clear()


def import_corporations(path: Path, progress: Callable[[int], None] | None = None) -> Loaded:
    """Apply an NTA download (全件 or 差分) inside the caller's transaction.

    Rows stream from the file in batches; the last row of a number within a batch wins, as
    a 差分 file lists a corporation's changes in order. Any bad line raises ImportRefused
    and the caller rolls the whole file back.
    """
    report = progress or (lambda _bytes: None)
    loaded = Loaded()
    files = nta.sources(path)
    for source in files:
        pending: dict[str, dict | None] = {}
        for row in nta.rows(source, report):
            pending[row.number] = row.values
            if len(pending) >= BATCH:
                _write(pending, loaded)
        _write(pending, loaded)
    audit.write(
        "import",
        None,
        "corporation",
        None,
        {"written": [None, loaded.written], "deleted": [None, loaded.deleted]},
        note=f"法人番号公表サイトのデータ {path.name}",
    )
    db.session.flush()
    return loaded


def total_size(path: Path) -> int:
    """Bytes the progress bar counts: the CSVs' uncompressed size."""
    return sum(source.size for source in nta.sources(path))


def lookup(typed: str, limit: int = 10) -> list[Corporation]:
    """Corporations whose number, name or furigana starts with what was typed.

    Numbers by prefix; names and kana folded (width, case, kana, legal-form words) and
    compared from the third character typed. The folded columns' order puts an exact match
    before the longer names it begins, so each index range is read in order and cut at
    `limit`: a few index pages, whatever the table's size.
    """
    typed = (typed or "").strip()
    if len(typed) < MIN_TYPED:
        return []
    digits = normalize_corporate_number(typed)
    if digits.isascii() and digits.isdigit():
        return list(
            db.session.scalars(
                select(Corporation)
                .where(
                    Corporation.corporate_number >= digits,
                    Corporation.corporate_number < digits + TOP,
                )
                .order_by(Corporation.corporate_number)
                .limit(limit)
            )
        )
    key = fold(typed)
    if not key:
        return []
    found: dict[str, tuple[tuple[int, str], Corporation]] = {}
    for column in (Corporation.name_fold, Corporation.furigana_fold):
        matches = db.session.scalars(
            select(Corporation)
            .where(column >= key, column < key + TOP)
            .order_by(column)
            .limit(limit)
        )
        for corporation in matches:
            folded = getattr(corporation, column.key) or ""
            rank = (0 if folded == key else 1, folded)
            best = found.get(corporation.corporate_number)
            if best is None or rank < best[0]:
                found[corporation.corporate_number] = (rank, corporation)
    ordered = sorted(found.values(), key=lambda item: item[0])
    return [corporation for _rank, corporation in ordered[:limit]]


def by_numbers(numbers: list[str]) -> dict[str, Corporation]:
    """The corporations of these numbers, by number (numbers not in the data are absent)."""
    if not numbers:
        return {}
    rows = db.session.scalars(select(Corporation).where(Corporation.corporate_number.in_(numbers)))
    return {c.corporate_number: c for c in rows}


def as_json(corporation: Corporation) -> dict[str, Any]:
    return {
        "corporate_number": corporation.corporate_number,
        "name": corporation.name,
        "furigana": corporation.furigana,
        "kind": corporation.kind,
        "prefecture_name": corporation.prefecture_name,
        "city_name": corporation.city_name,
        "street_number": corporation.street_number,
        "address": corporation.address,
        "post_code": corporation.post_code,
        "close_date": corporation.close_date and corporation.close_date.isoformat(),
        "close_cause": corporation.close_cause,
        "successor_corporate_number": corporation.successor_corporate_number,
        "change_date": corporation.change_date and corporation.change_date.isoformat(),
        "update_date": corporation.update_date and corporation.update_date.isoformat(),
    }


def prefill(number: str | None) -> dict[str, Any]:
    """A new organisation's form filled from the NTA record chosen on the lookup page."""
    corporation = db.session.get(Corporation, number) if number and number.isdigit() else None
    if corporation is None:
        return {}
    return {
        "name": corporation.name,
        "name_kana": corporation.furigana,
        "corporate_number": corporation.corporate_number,
        "address": corporation.address,
    }
