"""protection: the 我的待办 index covers the whole to-do query (assignee, open, newest first,
definition and state), so the page reads 50 rows and counts from the index at 1,000,000 cases

Revision ID: 0014_protection
Revises: 0010_security
Create Date: 2026-12-03
"""

from __future__ import annotations

from alembic import op

revision = "0014_protection"
down_revision = "0010_security"
branch_labels = None
depends_on = None

TODO_COLUMNS = ["assignee", "closed_at", "opened_at", "definition", "state"]


def upgrade() -> None:
    op.drop_index("ix_wf_instances_todo", table_name="wf_instances")
    op.create_index("ix_wf_instances_todo", "wf_instances", TODO_COLUMNS)


def downgrade() -> None:
    op.drop_index("ix_wf_instances_todo", table_name="wf_instances")
    op.create_index("ix_wf_instances_todo", "wf_instances", ["assignee", "closed_at"])
