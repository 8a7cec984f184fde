"""The guidance-catalog tables: the models match migration 0003_catalog on SQLite and PostgreSQL,
the immutability triggers exist, and the migration downgrades and upgrades cleanly."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect, text

from ipatlas.config import Settings
from ipatlas.store import workflow

TABLES = {"catalogs", "catalog_cells", "catalog_changes", "catalog_versions"}


@pytest.fixture(params=["sqlite", "postgresql"])
def wf_settings(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Settings]:
    s = Settings(data_dir=tmp_path / "data")
    if request.param == "postgresql":
        s = s.model_copy(update={"database_url": request.getfixturevalue("pg_url")})
    workflow.migrate(s)
    yield s


def _table_of(d: Any) -> str:
    kind, *rest = d[0] if isinstance(d, list) else d
    if kind.endswith("_column") or kind.startswith("modify_"):
        return str(rest[1])
    obj = rest[0]
    return str(getattr(obj, "name", "") if not hasattr(obj, "table") else obj.table.name)


def _triggers(engine: Any) -> set[str]:
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            sql = "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'catalog_versions'"
        else:
            sql = (
                "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"
                " AND tgrelid = 'catalog_versions'::regclass"
            )
        return {r[0] for r in conn.execute(text(sql))}


def test_models_match_the_migration(wf_settings: Settings) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    import ipatlas.store.catalog_models  # noqa: F401
    from ipatlas.store.models import Base

    engine = workflow.make_engine(wf_settings)
    try:
        assert set(inspect(engine).get_table_names()) >= TABLES
        assert workflow.current_revision(engine) == workflow.head_revision()
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        assert [d for d in diff if _table_of(d) in TABLES] == []
        expected = {
            "sqlite": {"catalog_versions_no_update", "catalog_versions_no_delete"},
            "postgresql": {"catalog_versions_no_change", "catalog_versions_no_truncate"},
        }[engine.dialect.name]
        assert _triggers(engine) == expected
    finally:
        engine.dispose()


def test_downgrade_and_upgrade_again(wf_settings: Settings) -> None:
    from alembic import command

    engine = workflow.make_engine(wf_settings)
    try:
        cfg = workflow.alembic_config(engine)
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0002_plans")
        assert not TABLES & set(inspect(engine).get_table_names())
        assert workflow.migrate(wf_settings, engine=engine)["to_revision"] == workflow.head_revision()
        assert set(inspect(engine).get_table_names()) >= TABLES and _triggers(engine)
    finally:
        engine.dispose()
