"""Library: an article's caption (第一条　【立法目的】… → 立法目的), read from its text.

Nullable: articles imported before this revision keep NULL (their caption, if any, stays in the text) until
they are imported again.

Revision ID: 0018_library
Revises: 0017_library
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018_library"
down_revision = "0017_library"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("library_articles") as batch:
        batch.add_column(sa.Column("caption", sa.Text, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("library_articles") as batch:
        batch.drop_column("caption")
