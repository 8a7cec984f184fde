"""Library: a prefix index (1 and 2 characters) on the jieba words FTS5 table (SQLite).

Queries with 1- or 2-character terms match the start of a word (``"专利"*``); without a prefix
index FTS5 merges the doclists of every word that starts so (hundreds for 专利), with one it
reads a single doclist and seeks it. PostgreSQL: nothing to do (pg_trgm serves those queries).

Revision ID: 0016_library
"""

from __future__ import annotations

from alembic import op

revision = "0016_library"
down_revision = "0014_protection"
branch_labels = None
depends_on = None


def _words_table(prefix: str) -> None:
    op.execute("DROP TABLE IF EXISTS library_fts_words")
    op.execute(
        "CREATE VIRTUAL TABLE library_fts_words USING fts5(words, content='library_articles',"
        f" content_rowid='id', tokenize='unicode61 remove_diacritics 0'{prefix})"
    )
    op.execute("INSERT INTO library_fts_words(library_fts_words) VALUES ('rebuild')")


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _words_table(", prefix='1 2'")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _words_table("")
