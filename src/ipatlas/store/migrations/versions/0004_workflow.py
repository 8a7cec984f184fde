"""workflow engine and calendar: instances, append-only events, deadlines, outbox, document numbers, holidays

Revision ID: 0004_workflow
Revises: 0003a_roles
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_workflow"
down_revision = "0003a_roles"
branch_labels = None
depends_on = None

MESSAGE = "workflow events are append-only"

# The timeline is immutable for every client: corrections are new events.
SQLITE_TRIGGERS = [
    f"CREATE TRIGGER wf_events_no_update BEFORE UPDATE ON wf_events"
    f" BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
    f"CREATE TRIGGER wf_events_no_delete BEFORE DELETE ON wf_events"
    f" BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
]
POSTGRESQL_TRIGGERS = [
    "CREATE FUNCTION wf_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$"
    f" BEGIN RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation'; END $$",
    "CREATE TRIGGER wf_events_no_change BEFORE UPDATE OR DELETE ON wf_events"
    " FOR EACH ROW EXECUTE FUNCTION wf_events_append_only()",
    "CREATE TRIGGER wf_events_no_truncate BEFORE TRUNCATE ON wf_events"
    " FOR EACH STATEMENT EXECUTE FUNCTION wf_events_append_only()",
]


def upgrade() -> None:
    op.create_table(
        "calendar_days",
        sa.Column("date", sa.Date(), primary_key=True),
        sa.Column("workday", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("imported_by", sa.String(64), nullable=True),
    )
    op.create_table(
        "wf_instances",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("definition", sa.String(64), nullable=False),
        sa.Column("definition_version", sa.Integer(), nullable=False),
        sa.Column("subject_type", sa.String(32), nullable=False),
        sa.Column("subject_id", sa.String(64), nullable=False),
        sa.Column("state", sa.String(64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("assignee", sa.String(64), nullable=True),
        sa.Column("unit", sa.String(128), nullable=True),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.UniqueConstraint("definition", "subject_type", "subject_id", name="uq_wf_instances_subject"),
    )
    op.create_index("ix_wf_instances_state", "wf_instances", ["definition", "state"])
    op.create_index("ix_wf_instances_assignee", "wf_instances", ["assignee"])
    op.create_index("ix_wf_instances_unit", "wf_instances", ["unit"])
    op.create_table(
        "wf_events",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("instance_id", sa.Integer(), sa.ForeignKey("wf_instances.id"), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("unit", sa.String(128), nullable=True),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("from_state", sa.String(64), nullable=True),
        sa.Column("to_state", sa.String(64), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("corrects", sa.Integer(), nullable=True),
        sa.UniqueConstraint("instance_id", "seq", name="uq_wf_events_seq"),
    )
    op.create_index("ix_wf_events_instance_id", "wf_events", ["instance_id"])
    op.create_table(
        "wf_deadlines",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("instance_id", sa.Integer(), sa.ForeignKey("wf_instances.id"), nullable=False),
        sa.Column("rule_id", sa.String(64), nullable=False),
        sa.Column("rule_version", sa.Integer(), nullable=False),
        sa.Column("basis_law", sa.Text(), nullable=False),
        sa.Column("basis_article", sa.Text(), nullable=False),
        sa.Column("unit", sa.String(16), nullable=False),
        sa.Column("length", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("due_at", sa.DateTime(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("promised_length", sa.Integer(), nullable=True),
        sa.Column("promised_due_date", sa.Date(), nullable=True),
        sa.Column("paused_at", sa.DateTime(), nullable=True),
        sa.Column("paused_total", sa.Integer(), nullable=False),
        sa.Column("pauses", sa.Integer(), nullable=False),
        sa.Column("extended", sa.Integer(), nullable=False),
        sa.Column("extension_cap", sa.Integer(), nullable=False),
        sa.Column("stopped_at", sa.DateTime(), nullable=True),
        sa.Column("stopped_by_action", sa.String(64), nullable=True),
        sa.Column("met", sa.Boolean(), nullable=True),
        sa.Column("assumed", sa.Boolean(), nullable=False),
        sa.UniqueConstraint("instance_id", "rule_id", name="uq_wf_deadlines_rule"),
    )
    op.create_index("ix_wf_deadlines_instance_id", "wf_deadlines", ["instance_id"])
    op.create_index("ix_wf_deadlines_open_due", "wf_deadlines", ["status", "due_at"])
    op.create_table(
        "wf_notifications",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("key", sa.String(128), nullable=False, unique=True),
        sa.Column("instance_id", sa.Integer(), sa.ForeignKey("wf_instances.id"), nullable=True),
        sa.Column("deadline_id", sa.Integer(), sa.ForeignKey("wf_deadlines.id"), nullable=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("recipient", sa.String(128), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
    )
    op.create_index("ix_wf_notifications_instance_id", "wf_notifications", ["instance_id"])
    op.create_index("ix_wf_notifications_status", "wf_notifications", ["status", "id"])
    op.create_table(
        "document_sequences",
        sa.Column("prefix", sa.String(32), primary_key=True),
        sa.Column("year", sa.Integer(), primary_key=True),
        sa.Column("last", sa.Integer(), nullable=False),
    )
    op.create_table(
        "wf_documents",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("number", sa.String(64), nullable=False, unique=True),
        sa.Column("prefix", sa.String(32), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("instance_id", sa.Integer(), sa.ForeignKey("wf_instances.id"), nullable=True),
        sa.Column("kind", sa.String(64), nullable=True),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("issued_by", sa.String(64), nullable=True),
        sa.UniqueConstraint("prefix", "year", "seq", name="uq_wf_documents_seq"),
    )
    op.create_index("ix_wf_documents_instance_id", "wf_documents", ["instance_id"])

    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for sql in SQLITE_TRIGGERS:
            op.execute(sql)
    elif dialect == "postgresql":
        for sql in POSTGRESQL_TRIGGERS:
            op.execute(sql)
    else:
        raise RuntimeError(f"0004_workflow: no append-only triggers for dialect {dialect}")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS wf_events_no_update")
        op.execute("DROP TRIGGER IF EXISTS wf_events_no_delete")
    elif dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS wf_events_no_truncate ON wf_events")
        op.execute("DROP TRIGGER IF EXISTS wf_events_no_change ON wf_events")
        op.execute("DROP FUNCTION IF EXISTS wf_events_append_only()")
    for table in (
        "wf_documents",
        "document_sequences",
        "wf_notifications",
        "wf_deadlines",
        "wf_events",
        "wf_instances",
        "calendar_days",
    ):
        op.drop_table(table)
