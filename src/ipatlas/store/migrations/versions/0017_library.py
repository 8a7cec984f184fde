"""Library: 发文机关 (issuer) and 文号 (document number) of a document, read from its text.

Both nullable: documents imported before this revision keep NULL until they are imported again.

Revision ID: 0017_library
Revises: 0011_onetruth
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017_library"
down_revision = "0011_onetruth"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("library_documents") as batch:
        batch.add_column(sa.Column("issuer", sa.String(128), nullable=True))
        batch.add_column(sa.Column("doc_no", sa.String(128), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("library_documents") as batch:
        batch.drop_column("doc_no")
        batch.drop_column("issuer")
