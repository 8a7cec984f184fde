"""market supervision (市场主体监管): entities, links, credit events, serious list, repairs,
inspection draws and results, leads, service agencies

Revision ID: 0006_market
Revises: 0005_protection
Create Date: 2026-12-03

The tables are created from ``ipatlas.market.models`` (imported here, not globally), so the
models and the migration cannot drift apart.
"""

from __future__ import annotations

from alembic import op

revision = "0006_market"
down_revision = "0005_protection"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from ipatlas.market import models

    bind = op.get_bind()
    for name in models.TABLES:
        models.Base.metadata.tables[name].create(bind)


def downgrade() -> None:
    from ipatlas.market import models

    bind = op.get_bind()
    for name in reversed(models.TABLES):
        models.Base.metadata.tables[name].drop(bind)
