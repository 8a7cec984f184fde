"""plan supervision ledger: plans, targets, tasks, units, reports, attachments

Revision ID: 0002_plans
Revises: 0001_users_audit
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_plans"
down_revision = "0001_users_audit"
branch_labels = None
depends_on = None

TASK_STATUSES = "'未启动', '推进中', '已完成', '滞后', '调整'"
TARGET_KINDS = "'level', 'count', 'amount', 'share', 'growth_rate', 'growth', 'multiple', 'cumulative'"


def upgrade() -> None:
    op.create_table(
        "plans",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("doc_number", sa.String(100), nullable=True),
        sa.Column("kind", sa.String(32), nullable=True),
        sa.Column("level", sa.String(8), nullable=True),
        sa.Column("region_code", sa.String(12), nullable=True),
        sa.Column("region_name", sa.String(64), nullable=True),
        sa.Column("jurisdiction", sa.String(4), nullable=True),
        sa.Column("period_start", sa.Integer(), nullable=True),
        sa.Column("period_end", sa.Integer(), nullable=True),
        sa.Column("issuers", sa.JSON(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("parent_id", sa.Integer(), sa.ForeignKey("plans.id", ondelete="SET NULL"), nullable=True),
        sa.Column("tracking_start", sa.Date(), nullable=False),
        sa.Column("quarterly_due_days", sa.Integer(), nullable=False, server_default="10"),
        sa.Column("reminder_days", sa.Integer(), nullable=False, server_default="7"),
        sa.Column("immediate_due_days", sa.Integer(), nullable=False, server_default="5"),
        sa.Column("source_name", sa.Text(), nullable=True),
        sa.Column("parsed", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_plans_region_code", "plans", ["region_code"])
    op.create_index("ix_plans_parent_id", "plans", ["parent_id"])

    op.create_table(
        "plan_targets",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("plan_id", sa.Integer(), sa.ForeignKey("plans.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("indicator", sa.Text(), nullable=False),
        sa.Column("indicator_id", sa.String(64), nullable=True),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("unit", sa.String(16), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("nature", sa.String(8), nullable=True),
        sa.Column("comparator", sa.String(2), nullable=False, server_default="="),
        sa.Column("baseline_year", sa.Integer(), nullable=True),
        sa.Column("baseline_value", sa.Float(), nullable=True),
        sa.Column("baseline_unit", sa.String(16), nullable=True),
        sa.Column("baseline_text", sa.Text(), nullable=True),
        sa.Column("value_text", sa.Text(), nullable=False, server_default=""),
        sa.Column("section", sa.String(100), nullable=True),
        sa.Column("text", sa.Text(), nullable=False, server_default=""),
        sa.CheckConstraint(f"kind IN ({TARGET_KINDS})", name="ck_plan_targets_kind"),
    )
    op.create_index("ix_plan_targets_plan_id", "plan_targets", ["plan_id"])
    op.create_index("ix_plan_targets_indicator_id", "plan_targets", ["indicator_id"])

    op.create_table(
        "plan_tasks",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("plan_id", sa.Integer(), sa.ForeignKey("plans.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(64), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False, server_default=""),
        sa.Column("section_title", sa.Text(), nullable=True),
        sa.Column("units_text", sa.Text(), nullable=True),
        sa.Column("deadline", sa.String(10), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("cycle", sa.String(16), nullable=True),
        sa.Column("key_work", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("status", sa.String(8), nullable=False, server_default="未启动"),
        sa.Column("status_note", sa.Text(), nullable=True),
        sa.Column("status_changed_at", sa.DateTime(), nullable=True),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("plan_id", "number", name="uq_plan_tasks_number"),
        sa.CheckConstraint(f"status IN ({TASK_STATUSES})", name="ck_plan_tasks_status"),
    )
    op.create_index("ix_plan_tasks_plan_id", "plan_tasks", ["plan_id"])

    op.create_table(
        "task_units",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "task_id", sa.Integer(), sa.ForeignKey("plan_tasks.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("unit", sa.String(255), nullable=False),
        sa.Column("unit_key", sa.String(255), nullable=False),
        sa.Column("written", sa.String(255), nullable=True),
        sa.Column("role", sa.String(4), nullable=False),
        sa.Column("is_group", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("department_id", sa.String(64), nullable=True),
        sa.UniqueConstraint("task_id", "unit_key", name="uq_task_units_key"),
        sa.CheckConstraint("role IN ('lead', 'co')", name="ck_task_units_role"),
    )
    op.create_index("ix_task_units_task_id", "task_units", ["task_id"])
    op.create_index("ix_task_units_unit_key", "task_units", ["unit_key"])

    op.create_table(
        "task_reports",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("task_id", sa.Integer(), sa.ForeignKey("plan_tasks.id"), nullable=False),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("period", sa.String(8), nullable=True),
        sa.Column("unit", sa.String(255), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.Column("progress_status", sa.String(8), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("late", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("submitted_at", sa.DateTime(), nullable=False),
        sa.Column("submitted_by_id", sa.Integer(), nullable=True),
        sa.Column("submitted_by", sa.String(64), nullable=True),
        sa.CheckConstraint("kind IN ('quarterly', 'fast', 'immediate')", name="ck_task_reports_kind"),
    )
    op.create_index("ix_task_reports_task_kind_period", "task_reports", ["task_id", "kind", "period"])

    op.create_table(
        "report_attachments",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "report_id", sa.Integer(), sa.ForeignKey("task_reports.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("stored_path", sa.Text(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("content_type", sa.String(100), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_report_attachments_report_id", "report_attachments", ["report_id"])


def downgrade() -> None:
    op.drop_index("ix_report_attachments_report_id", table_name="report_attachments")
    op.drop_table("report_attachments")
    op.drop_index("ix_task_reports_task_kind_period", table_name="task_reports")
    op.drop_table("task_reports")
    op.drop_index("ix_task_units_unit_key", table_name="task_units")
    op.drop_index("ix_task_units_task_id", table_name="task_units")
    op.drop_table("task_units")
    op.drop_index("ix_plan_tasks_plan_id", table_name="plan_tasks")
    op.drop_table("plan_tasks")
    op.drop_index("ix_plan_targets_indicator_id", table_name="plan_targets")
    op.drop_index("ix_plan_targets_plan_id", table_name="plan_targets")
    op.drop_table("plan_targets")
    op.drop_index("ix_plans_parent_id", table_name="plans")
    op.drop_index("ix_plans_region_code", table_name="plans")
    op.drop_table("plans")
