"""Migrations 0008_library, 0016_library, 0017_library and 0018_library on SQLite and PostgreSQL: tables,
columns, search indexes, down, up."""

from __future__ import annotations

from sqlalchemy import inspect, text

from ipatlas.config import Settings
from ipatlas.store import workflow

TABLES = {"library_documents", "library_articles", "library_citations", "library_imports", "library_notices"}


def test_upgrade_downgrade_upgrade(fresh_settings: Settings) -> None:
    workflow.migrate(fresh_settings)
    engine = workflow.make_engine(fresh_settings)
    try:
        assert set(inspect(engine).get_table_names()) >= TABLES
        columns = {c["name"] for c in inspect(engine).get_columns("library_documents")}
        assert {"issuer", "doc_no"} <= columns  # 0017_library
        article_columns = {c["name"] for c in inspect(engine).get_columns("library_articles")}
        assert "caption" in article_columns  # 0018_library
        with engine.connect() as conn:
            if engine.dialect.name == "sqlite":
                names = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master"))}
                assert {"library_fts_trigram", "library_fts_words"} <= names
                sql = conn.scalar(text("SELECT sql FROM sqlite_master WHERE name = 'library_fts_words'"))
                assert "prefix='1 2'" in sql  # 0016_library: 1–2-character terms read one doclist
            else:
                assert conn.scalar(text("SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'")) == 1
                indexes = {i["name"] for i in inspect(engine).get_indexes("library_articles")}
                assert "ix_library_articles_text_trgm" in indexes
        from alembic import command
        from alembic.script import ScriptDirectory

        cfg = workflow.alembic_config(engine)
        below = ScriptDirectory.from_config(cfg).get_revision("0008_library").down_revision
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, str(below))
        assert not TABLES & set(inspect(engine).get_table_names())
        workflow.migrate(fresh_settings)
        assert set(inspect(engine).get_table_names()) >= TABLES
    finally:
        engine.dispose()
