"""onetruth: the plan-task ledger runs on the workflow engine — one ``plan_task`` instance per
existing task, in the state its status names, with a start event that records the old status

Data-only (no schema change). Safe to run twice: tasks that already have an instance are left as
they are. The state names are those of ``ipatlas/plans/supervision/workflows/plan_task.yaml``
(copied here so the migration never changes when the definition does).

Revision ID: 0011_onetruth
Revises: 0013_production
Create Date: 2026-12-03
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = "0011_onetruth"
down_revision = "0013_production"
branch_labels = None
depends_on = None

DEFINITION = "plan_task"
STATES = {
    "未启动": "not_started",
    "推进中": "in_progress",
    "已完成": "completed",
    "滞后": "lagging",
    "调整": "adjusted",
}

tasks = sa.table(
    "plan_tasks",
    sa.column("id", sa.Integer),
    sa.column("status", sa.String),
    sa.column("status_note", sa.Text),
    sa.column("created_at", sa.DateTime),
)
instances = sa.table(
    "wf_instances",
    sa.column("id", sa.Integer),
    sa.column("definition", sa.String),
    sa.column("definition_version", sa.Integer),
    sa.column("subject_type", sa.String),
    sa.column("subject_id", sa.String),
    sa.column("state", sa.String),
    sa.column("version", sa.Integer),
    sa.column("opened_at", sa.DateTime),
    sa.column("created_by", sa.String),
    sa.column("updated_at", sa.DateTime),
    sa.column("data", sa.JSON),
)
events = sa.table(
    "wf_events",
    sa.column("instance_id", sa.Integer),
    sa.column("seq", sa.Integer),
    sa.column("at", sa.DateTime),
    sa.column("recorded_at", sa.DateTime),
    sa.column("actor", sa.String),
    sa.column("role", sa.String),
    sa.column("action", sa.String),
    sa.column("from_state", sa.String),
    sa.column("to_state", sa.String),
    sa.column("note", sa.Text),
    sa.column("data", sa.JSON),
)


def upgrade() -> None:
    bind = op.get_bind()
    have = {
        str(x)
        for x in bind.execute(
            sa.select(instances.c.subject_id).where(
                instances.c.definition == DEFINITION, instances.c.subject_type == DEFINITION
            )
        ).scalars()
    }
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    rows = bind.execute(sa.select(tasks.c.id, tasks.c.status, tasks.c.status_note, tasks.c.created_at)).all()
    for task_id, status, note, created in rows:
        if str(task_id) in have:
            continue
        state = STATES[status]
        opened = created or now
        new_id = bind.execute(
            sa.insert(instances)
            .values(
                definition=DEFINITION,
                definition_version=1,
                subject_type=DEFINITION,
                subject_id=str(task_id),
                state=state,
                version=1,
                opened_at=opened,
                created_by="0011_onetruth",
                updated_at=now,
                data={"migrated_status": status},
            )
            .returning(instances.c.id)
        ).scalar_one()
        bind.execute(
            sa.insert(events).values(
                instance_id=new_id,
                seq=1,
                at=opened,
                recorded_at=now,
                actor="0011_onetruth",
                role="admin",
                action="@start",
                from_state=None,
                to_state=state,
                note=note or f"迁移：台账原状态“{status}”",
                data={"definition_version": 1, "migrated_status": status},
            )
        )


def downgrade() -> None:
    """Nothing to undo: workflow events are append-only (0010_security triggers), and the instances
    are not read by code of earlier revisions."""
