"""guidance catalog (导向目录): catalogs, cells, changes, immutable published versions

Revision ID: 0003_catalog
Revises: 0002_plans
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_catalog"
down_revision = "0002_plans"
branch_labels = None
depends_on = None

MESSAGE = "published catalog versions are immutable"

# Published versions can never change, whoever connects: one trigger set per dialect.
SQLITE_TRIGGERS = [
    f"CREATE TRIGGER catalog_versions_no_update BEFORE UPDATE ON catalog_versions"
    f" BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
    f"CREATE TRIGGER catalog_versions_no_delete BEFORE DELETE ON catalog_versions"
    f" BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
]
POSTGRESQL_TRIGGERS = [
    # SQLSTATE 23000 (integrity_constraint_violation) so drivers report it as an IntegrityError.
    "CREATE FUNCTION catalog_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$"
    f" BEGIN RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation'; END $$",
    "CREATE TRIGGER catalog_versions_no_change BEFORE UPDATE OR DELETE ON catalog_versions"
    " FOR EACH ROW EXECUTE FUNCTION catalog_versions_immutable()",
    "CREATE TRIGGER catalog_versions_no_truncate BEFORE TRUNCATE ON catalog_versions"
    " FOR EACH STATEMENT EXECUTE FUNCTION catalog_versions_immutable()",
]


def upgrade() -> None:
    op.create_table(
        "catalogs",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("region", sa.String(32), nullable=False),
        sa.Column("region_name", sa.Text(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("rules_name", sa.Text(), nullable=False),
        sa.Column("rules_yaml", sa.Text(), nullable=False),
        sa.Column("rules_hash", sa.String(64), nullable=False),
        sa.Column("number", sa.String(16), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("inputs", sa.JSON(), nullable=False),
        sa.UniqueConstraint("number"),
    )

    op.create_table(
        "catalog_cells",
        sa.Column(
            "catalog_id",
            sa.Integer(),
            sa.ForeignKey("catalogs.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("region", sa.String(32), primary_key=True),
        sa.Column("industry", sa.String(64), primary_key=True),
        sa.Column("region_name", sa.Text(), nullable=False),
        sa.Column("industry_name", sa.Text(), nullable=False),
        sa.Column("metrics", sa.JSON(), nullable=False),
        sa.Column("auto_class", sa.String(32), nullable=False),
        sa.Column("auto_reason", sa.Text(), nullable=False),
        sa.Column("class", sa.String(32), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("adjusted", sa.Boolean(), nullable=False),
    )

    op.create_table(
        "catalog_changes",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "catalog_id", sa.Integer(), sa.ForeignKey("catalogs.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("region", sa.String(32), nullable=False),
        sa.Column("industry", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("by", sa.String(64), nullable=False),
        sa.Column("before_class", sa.String(32), nullable=False),
        sa.Column("before_reason", sa.Text(), nullable=False),
        sa.Column("after_class", sa.String(32), nullable=False),
        sa.Column("after_reason", sa.Text(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
    )
    op.create_index("ix_catalog_changes_catalog_id", "catalog_changes", ["catalog_id"])

    op.create_table(
        "catalog_versions",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("catalog_id", sa.Integer(), sa.ForeignKey("catalogs.id"), nullable=False),
        sa.Column("number", sa.String(16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(32), nullable=False),
        sa.Column("published_at", sa.DateTime(), nullable=False),
        sa.Column("published_by", sa.String(64), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("cells", sa.Text(), nullable=False),
        sa.Column("changes", sa.Text(), nullable=False),
        sa.Column("rules_yaml", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.UniqueConstraint("label"),
        sa.UniqueConstraint("number", "version", name="uq_catalog_versions_number_version"),
    )
    op.create_index("ix_catalog_versions_catalog_id", "catalog_versions", ["catalog_id"])

    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for sql in SQLITE_TRIGGERS:
            op.execute(sql)
    elif dialect == "postgresql":
        for sql in POSTGRESQL_TRIGGERS:
            op.execute(sql)
    else:  # the platform supports exactly these two (ipatlas.store.workflow.make_engine)
        raise RuntimeError(f"0003_catalog: no immutability triggers for dialect {dialect}")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS catalog_versions_no_update")
        op.execute("DROP TRIGGER IF EXISTS catalog_versions_no_delete")
    elif dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS catalog_versions_no_truncate ON catalog_versions")
        op.execute("DROP TRIGGER IF EXISTS catalog_versions_no_change ON catalog_versions")
        op.execute("DROP FUNCTION IF EXISTS catalog_versions_immutable()")
    op.drop_index("ix_catalog_versions_catalog_id", table_name="catalog_versions")
    op.drop_table("catalog_versions")
    op.drop_index("ix_catalog_changes_catalog_id", table_name="catalog_changes")
    op.drop_table("catalog_changes")
    op.drop_table("catalog_cells")
    op.drop_table("catalogs")
