"""policy and law library (政策法规库): documents, articles, citations, imports, portal notices

Full-text search: on SQLite two FTS5 indexes over the articles (jieba-segmented words with the
unicode61 tokenizer, and a trigram index for exact substrings), kept in sync by triggers; on
PostgreSQL ``pg_trgm`` GIN indexes over the same columns.

Revision ID: 0008_library
Revises: 0006_market
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_library"
down_revision = "0006_market"
branch_labels = None
depends_on = None

SQLITE_FTS = [
    "CREATE VIRTUAL TABLE library_fts_trigram USING fts5(text, content='library_articles',"
    " content_rowid='id', tokenize='trigram case_sensitive 0')",
    "CREATE VIRTUAL TABLE library_fts_words USING fts5(words, content='library_articles',"
    " content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER library_articles_ai AFTER INSERT ON library_articles BEGIN"
    " INSERT INTO library_fts_trigram(rowid, text) VALUES (new.id, new.text);"
    " INSERT INTO library_fts_words(rowid, words) VALUES (new.id, new.words); END",
    "CREATE TRIGGER library_articles_ad AFTER DELETE ON library_articles BEGIN"
    " INSERT INTO library_fts_trigram(library_fts_trigram, rowid, text) VALUES ('delete', old.id, old.text);"
    " INSERT INTO library_fts_words(library_fts_words, rowid, words)"
    " VALUES ('delete', old.id, old.words); END",
    "CREATE TRIGGER library_articles_au AFTER UPDATE ON library_articles BEGIN"
    " INSERT INTO library_fts_trigram(library_fts_trigram, rowid, text) VALUES ('delete', old.id, old.text);"
    " INSERT INTO library_fts_words(library_fts_words, rowid, words) VALUES ('delete', old.id, old.words);"
    " INSERT INTO library_fts_trigram(rowid, text) VALUES (new.id, new.text);"
    " INSERT INTO library_fts_words(rowid, words) VALUES (new.id, new.words); END",
]
POSTGRESQL_TRGM = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX ix_library_articles_text_trgm ON library_articles USING gin (lower(text) gin_trgm_ops)",
    "CREATE INDEX ix_library_articles_words_trgm ON library_articles USING gin (words gin_trgm_ops)",
    "CREATE INDEX ix_library_documents_title_trgm ON library_documents USING gin (lower(title) gin_trgm_ops)",
]


def upgrade() -> None:
    op.create_table(
        "library_documents",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("work_key", sa.String(255), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("level", sa.String(32), nullable=True),
        sa.Column("category", sa.String(64), nullable=True),
        sa.Column("field", sa.String(64), nullable=True),
        sa.Column("promulgated_on", sa.Date(), nullable=True),
        sa.Column("effective_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(16), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("source_file", sa.Text(), nullable=True),
        sa.Column("history", sa.Text(), nullable=True),
        sa.Column("body_hash", sa.String(64), nullable=False),
        sa.Column("notes", sa.JSON(), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_library_documents_work_key", "library_documents", ["work_key"])
    op.create_index("ix_library_documents_body_hash", "library_documents", ["body_hash"])
    op.create_table(
        "library_articles",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "document_id",
            sa.Integer(),
            sa.ForeignKey("library_documents.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("number", sa.Integer(), nullable=True),
        sa.Column("label", sa.String(64), nullable=False),
        sa.Column("anchor", sa.String(64), nullable=False),
        sa.Column("heading", sa.Text(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("paragraphs", sa.JSON(), nullable=False),
        sa.Column("words", sa.Text(), nullable=False),
        sa.UniqueConstraint("document_id", "anchor", name="uq_library_articles_anchor"),
    )
    op.create_index("ix_library_articles_document_id", "library_articles", ["document_id"])
    op.create_table(
        "library_citations",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "source_article_id",
            sa.Integer(),
            sa.ForeignKey("library_articles.id", ondelete="CASCADE"),
            nullable=True,
        ),
        sa.Column("source_type", sa.String(32), nullable=False, server_default="article"),
        sa.Column("source_ref", sa.String(128), nullable=True),
        sa.Column("source_title", sa.Text(), nullable=True),
        sa.Column("target_work_key", sa.String(255), nullable=False),
        sa.Column("target_title", sa.Text(), nullable=False),
        sa.Column("article_number", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
    )
    op.create_index("ix_library_citations_source_article_id", "library_citations", ["source_article_id"])
    op.create_index("ix_library_citations_target", "library_citations", ["target_work_key", "article_number"])
    op.create_table(
        "library_imports",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("quarantine", sa.JSON(), nullable=False),
        sa.Column("notes", sa.JSON(), nullable=False),
    )
    op.create_table(
        "library_notices",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("body_md", sa.Text(), nullable=False),
        sa.Column("published", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(64), nullable=True),
    )
    statements = SQLITE_FTS if op.get_bind().dialect.name == "sqlite" else POSTGRESQL_TRGM
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("library_articles_ai", "library_articles_ad", "library_articles_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS library_fts_trigram")
        op.execute("DROP TABLE IF EXISTS library_fts_words")
    for table in ("library_notices", "library_imports", "library_citations", "library_articles"):
        op.drop_table(table)
    op.drop_table("library_documents")
