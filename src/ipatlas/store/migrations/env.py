"""Alembic environment for the workflow database, driven from code (``ipatlas.store.workflow.migrate``).

The caller passes an open connection in ``config.attributes["connection"]``; the URL in the
config is the fallback for the ``alembic`` command line. The migrations spell out their own
tables; a domain package's models (``ipatlas.plans.supervision.models``, ``ipatlas.market.models``, …)
are imported by the migration or test that needs them, never here (``store`` sits below them).
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

import ipatlas.store.catalog_models  # noqa: F401  (guidance-catalog tables join Base.metadata)
from ipatlas.store.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite needs batch mode to alter tables
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata)
    with context.begin_transaction():
        context.run_migrations()
else:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
    else:
        engine = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite://")
        with engine.begin() as conn:
            _run(conn)
        engine.dispose()
