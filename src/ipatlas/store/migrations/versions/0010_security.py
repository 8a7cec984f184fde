"""security: server-side sessions, login attempts, forced password change, and a
tamper-evident append-only audit log (hash chain + triggers refusing UPDATE/DELETE)

Revision ID: 0010_security
Revises: 0008_library
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_security"
down_revision = "0008_library"
branch_labels = None
depends_on = None

MESSAGE = "audit_log is append-only"
SQLITE_TRIGGERS = [
    f"CREATE TRIGGER audit_log_no_{op_} BEFORE {op_.upper()} ON audit_log"
    f" BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
    for op_ in ("update", "delete")
]
POSTGRESQL_TRIGGERS = [
    "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$"
    f" BEGIN RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation'; END $$",
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log"
    " FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log"
    " FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
    "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log"
    " FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()",
]


def upgrade() -> None:
    from ipatlas.store.workflow import audit_hash

    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("must_change_password", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("password_changed_at", sa.DateTime(), nullable=True))

    with op.batch_alter_table("audit_log") as batch:
        batch.add_column(sa.Column("client", sa.String(64), nullable=True))
        batch.add_column(sa.Column("seq", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("prev_hash", sa.String(64), nullable=True))
        batch.add_column(sa.Column("hash", sa.String(64), nullable=True))
        batch.create_unique_constraint("uq_audit_log_seq", ["seq"])

    op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    op.create_table(
        "sessions",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.Column("revoked_reason", sa.String(32), nullable=True),
        sa.Column("client", sa.String(64), nullable=True),
        sa.Column("user_agent", sa.String(256), nullable=True),
    )
    op.create_index("ix_sessions_user_id", "sessions", ["user_id"])
    op.create_table(
        "login_attempts",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("client", sa.String(64), nullable=False),
        sa.Column("success", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_login_attempts_at", "login_attempts", ["at"])
    op.create_index("ix_login_attempts_username", "login_attempts", ["username"])
    op.create_index("ix_login_attempts_client", "login_attempts", ["client"])

    # Seal the entries written before this revision into the chain, in id order.
    conn = op.get_bind()
    audit = sa.table(
        "audit_log",
        *(
            sa.column(c)
            for c in ("id", "at", "user_id", "username", "object_type", "object_id", "action", "note")
        ),
        sa.column("before", sa.JSON()),
        sa.column("after", sa.JSON()),
        sa.column("client"),
        sa.column("seq"),
        sa.column("prev_hash"),
        sa.column("hash"),
    )
    prev, seq = "", 0
    for row in conn.execute(sa.select(audit).order_by(audit.c.id)).mappings().all():
        seq += 1
        fields = {**dict(row), "seq": seq, "prev_hash": prev}
        digest = audit_hash(fields)
        conn.execute(
            audit.update().where(audit.c.id == row["id"]).values(seq=seq, prev_hash=prev, hash=digest)
        )
        prev = digest
    conn.execute(sa.text("INSERT INTO audit_head (id, seq, hash) VALUES (1, :s, :h)"), {"s": seq, "h": prev})

    triggers = POSTGRESQL_TRIGGERS if conn.dialect.name == "postgresql" else SQLITE_TRIGGERS
    for statement in triggers:
        op.execute(statement)


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "postgresql":
        for t in ("audit_log_no_update", "audit_log_no_delete", "audit_log_no_truncate"):
            op.execute(f"DROP TRIGGER IF EXISTS {t} ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS audit_log_append_only()")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    op.drop_table("login_attempts")
    op.drop_table("sessions")
    op.drop_table("audit_head")
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_constraint("uq_audit_log_seq", type_="unique")
        for c in ("hash", "prev_hash", "seq", "client"):
            batch.drop_column(c)
    with op.batch_alter_table("users") as batch:
        batch.drop_column("password_changed_at")
        batch.drop_column("must_change_password")
