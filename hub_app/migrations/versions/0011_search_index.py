"""The header search's index: search_entries, with a trigram index of its folded text

SQLite: an FTS5 table with the trigram tokenizer over search_entries (external content,
kept in step by triggers). PostgreSQL: the pg_trgm extension and a GIN index; creating
the extension needs a superuser, or on PostgreSQL 13 and later (where pg_trgm is a
trusted extension) the database's owner. The rows are written by `init-db` after the
migration (hub_app.search.index.rebuild), from the records as the application reads them.

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

SQLITE_FTS = [
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "body, content='search_entries', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER search_entries_ai AFTER INSERT ON search_entries BEGIN "
    "INSERT INTO search_fts(rowid, body) VALUES (new.id, new.body); END",
    "CREATE TRIGGER search_entries_ad AFTER DELETE ON search_entries BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, body) VALUES ('delete', old.id, old.body); END",
    "CREATE TRIGGER search_entries_au AFTER UPDATE ON search_entries BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, body) VALUES ('delete', old.id, old.body); "
    "INSERT INTO search_fts(rowid, body) VALUES (new.id, new.body); END",
]


def _key(length):
    return sa.String(length).with_variant(postgresql.VARCHAR(length, collation="C"), "postgresql")


def upgrade():
    op.create_table(
        "search_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=48), nullable=False),
        sa.Column("title_key", _key(200), nullable=False),
        sa.Column("kana_key", _key(200), nullable=True),
        sa.Column("number", sa.String(length=13), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("day", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_entries")),
        sa.UniqueConstraint("type", "record_id", name="uq_search_entries_type_record"),
    )
    op.create_index("ix_search_entries_title_key", "search_entries", ["title_key", "scope"])
    op.create_index("ix_search_entries_kana_key", "search_entries", ["kana_key", "scope"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute(
            "CREATE INDEX ix_search_entries_body_trgm ON search_entries "
            "USING gin (body gin_trgm_ops)"
        )
    else:
        for statement in SQLITE_FTS:
            op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_search_entries_body_trgm")
    else:
        for name in ("search_entries_ai", "search_entries_ad", "search_entries_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS search_fts")
    op.drop_index("ix_search_entries_kana_key", table_name="search_entries")
    op.drop_index("ix_search_entries_title_key", table_name="search_entries")
    op.drop_table("search_entries")
