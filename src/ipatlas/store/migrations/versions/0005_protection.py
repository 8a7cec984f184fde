"""protection: cases (intake, triage, denormalised figures), referrals, mediation directory and mediations

Revision ID: 0005_protection
Revises: 0004_workflow
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_protection"
down_revision = "0004_workflow"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("number", sa.String(64), nullable=False, unique=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("ip_type", sa.String(24), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("instance_id", sa.Integer(), sa.ForeignKey("wf_instances.id"), nullable=True, unique=True),
        sa.Column("adcode", sa.String(12), nullable=True),
        sa.Column("city_code", sa.String(12), nullable=True),
        sa.Column("province_code", sa.String(12), nullable=True),
        sa.Column("region_name", sa.Text(), nullable=True),
        sa.Column("complainant", sa.JSON(), nullable=False),
        sa.Column("respondent", sa.JSON(), nullable=False),
        sa.Column("right_info", sa.JSON(), nullable=False),
        sa.Column("facts", sa.Text(), nullable=False),
        sa.Column("confidential", sa.Boolean(), nullable=False),
        sa.Column("triage", sa.JSON(), nullable=False),
        sa.Column("dup_key", sa.String(64), nullable=True),
        sa.Column("duplicate_of", sa.Integer(), sa.ForeignKey("cases.id"), nullable=True),
        sa.Column("client_token", sa.String(64), nullable=True, unique=True),
        sa.Column("handling_unit", sa.String(128), nullable=True),
        sa.Column("accepted_at", sa.DateTime(), nullable=True),
        sa.Column("filed_at", sa.DateTime(), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("on_time", sa.Boolean(), nullable=True),
        sa.Column("workdays_to_close", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.String(32), nullable=True),
        sa.Column("penalty_amount", sa.Numeric(14, 2), nullable=True),
        sa.Column("mediated", sa.Boolean(), nullable=True),
        sa.Column("referred_to", sa.Text(), nullable=True),
        sa.Column("decision", sa.JSON(), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_cases_received", "cases", ["received_on"])
    op.create_index("ix_cases_region", "cases", ["adcode"])
    op.create_index("ix_cases_dup_key", "cases", ["dup_key", "received_on"])
    op.create_table(
        "case_referrals",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("receiver", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("letter_number", sa.String(64), nullable=True),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.Column("receipt_due", sa.Date(), nullable=False),
        sa.Column("acknowledged_at", sa.DateTime(), nullable=True),
        sa.Column("acknowledged_by", sa.String(64), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
    )
    op.create_index("ix_case_referrals_case_id", "case_referrals", ["case_id"])
    op.create_index("ix_case_referrals_receiver", "case_referrals", ["receiver"])
    op.create_table(
        "mediation_orgs",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("name", sa.Text(), nullable=False, unique=True),
        sa.Column("org_type", sa.String(16), nullable=False),
        sa.Column("specialties", sa.JSON(), nullable=False),
        sa.Column("mediators", sa.JSON(), nullable=False),
        sa.Column("adcode", sa.String(12), nullable=True),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
    )
    op.create_table(
        "case_mediations",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("org_id", sa.Integer(), sa.ForeignKey("mediation_orgs.id"), nullable=True),
        sa.Column("mediator", sa.String(64), nullable=True),
        sa.Column("assigned_at", sa.DateTime(), nullable=False),
        sa.Column("result", sa.String(16), nullable=True),
        sa.Column("agreement_number", sa.String(64), nullable=True),
        sa.Column("judicial_confirmation", sa.String(16), nullable=True),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
    )
    op.create_index("ix_case_mediations_case_id", "case_mediations", ["case_id"])
    # 我的待办: a handler's open instances (assignee = me, or unassigned) without scanning closed ones.
    op.create_index("ix_wf_instances_todo", "wf_instances", ["assignee", "closed_at"])


def downgrade() -> None:
    op.drop_index("ix_wf_instances_todo", table_name="wf_instances")
    for table in ("case_mediations", "mediation_orgs", "case_referrals", "cases"):
        op.drop_table(table)
