"""roles of the protection desk, leaders, auditors, agencies and enterprises (ipatlas.access)

Revision ID: 0003a_roles
Revises: 0003_catalog
Create Date: 2026-12-03
"""

from __future__ import annotations

from alembic import op

revision = "0003a_roles"
down_revision = "0003_catalog"
branch_labels = None
depends_on = None

# Frozen copies (a migration must not change when ipatlas.access does).
OLD = ("admin", "analyst", "viewer", "unit")
NEW = (*OLD, "clerk", "handler", "approver", "mediator", "leader", "auditor", "agency", "enterprise")


def _quoted(roles: tuple[str, ...]) -> str:
    return ", ".join(f"'{r}'" for r in roles)


def _set(roles: tuple[str, ...]) -> None:
    # Batch mode rebuilds the table on SQLite, which cannot alter a CHECK constraint in place.
    with op.batch_alter_table("users", recreate="auto") as batch:
        batch.drop_constraint("ck_users_role", type_="check")
        batch.create_check_constraint("ck_users_role", f"role IN ({_quoted(roles)})")


def upgrade() -> None:
    _set(NEW)


def downgrade() -> None:
    op.execute(f"UPDATE users SET active = false, role = 'viewer' WHERE role NOT IN ({_quoted(OLD)})")
    _set(OLD)
