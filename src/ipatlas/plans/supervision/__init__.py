"""Plan supervision (规划督查): the task ledger (台账), unit reports, target tracking, briefings.

Library API (the CLI ``ipatlas plans import/list/show/tasks/submit/report/…`` and the web pages
under ``/plans`` are thin wrappers). Services take an open SQLAlchemy session of the workflow
database (``ipatlas.store.workflow``) and the acting user (``None`` = the operator at the command
line); role checks happen here and raise :class:`ipatlas.errors.PermissionDenied`::

    from ipatlas.plans.supervision import import_plan, submit_report, reminders, CubeFigures
    with workflow_session(settings) as s:
        plan = import_plan(s, PlanCreate(parsed=parse_plan(path)), actor=analyst)
        submit_report(s, task_id, ReportCreate(kind="quarterly", text="…"), actor=unit_user,
                      data_dir=settings.data_dir)
        reminders(s, as_of=date.today(), actor=unit_user)
        plan_targets_progress(s, plan.id, source=CubeFigures(settings))
        ledger_xlsx(s, plan.id, Path("台账.xlsx"), as_of=..., source=...)
        briefing_docx(s, plan.id, Path("通报.docx"), quarter=Quarter.parse("2026Q3"), as_of=..., source=...)
"""

from ipatlas.plans.supervision.access import Actor, actor_unit, can_edit, reads_all
from ipatlas.plans.supervision.briefing import briefing_docx
from ipatlas.plans.supervision.filings import (
    FilingReview,
    filing_review,
    pending_filings,
    resubmit_filing,
    returned_filings,
    review_filing,
)
from ipatlas.plans.supervision.ledger import (
    create_unit_accounts,
    descendants,
    get_plan,
    get_target,
    get_task,
    import_plan,
    ledger_units,
    list_plans,
    list_targets,
    list_tasks,
    load_plan_input,
    sweep_statuses,
    update_plan,
    update_target,
    update_task,
)
from ipatlas.plans.supervision.periods import Quarter, deadline_date
from ipatlas.plans.supervision.reports import (
    STATE_LABELS,
    DueItem,
    Upload,
    get_attachment,
    list_reports,
    obligations,
    queue_reminders,
    reminders,
    reports_between,
    submit_report,
)
from ipatlas.plans.supervision.review import PlanReview, TargetEdit, TaskEdit, apply_review, review_from_form
from ipatlas.plans.supervision.targets import (
    TARGET_STATUSES,
    ChainedFigures,
    CubeFigures,
    Figure,
    FigureSeries,
    FigureSource,
    StaticFigures,
    TargetProgress,
    evaluate_target,
)
from ipatlas.plans.supervision.units import unit_context
from ipatlas.plans.supervision.views import (
    plan_overview,
    plan_targets_progress,
    rollup,
    target_detail,
    task_detail,
    unit_summary,
    unit_view,
)
from ipatlas.plans.supervision.xlsx import ledger_xlsx

__all__ = [
    "STATE_LABELS",
    "TARGET_STATUSES",
    "Actor",
    "ChainedFigures",
    "CubeFigures",
    "DueItem",
    "Figure",
    "FigureSeries",
    "FigureSource",
    "FilingReview",
    "PlanReview",
    "Quarter",
    "StaticFigures",
    "TargetEdit",
    "TargetProgress",
    "TaskEdit",
    "Upload",
    "actor_unit",
    "apply_review",
    "briefing_docx",
    "can_edit",
    "create_unit_accounts",
    "deadline_date",
    "descendants",
    "evaluate_target",
    "filing_review",
    "get_attachment",
    "get_plan",
    "get_target",
    "get_task",
    "import_plan",
    "ledger_units",
    "ledger_xlsx",
    "list_plans",
    "list_reports",
    "list_targets",
    "list_tasks",
    "load_plan_input",
    "obligations",
    "pending_filings",
    "plan_overview",
    "plan_targets_progress",
    "queue_reminders",
    "reads_all",
    "reminders",
    "reports_between",
    "resubmit_filing",
    "returned_filings",
    "review_filing",
    "review_from_form",
    "rollup",
    "submit_report",
    "sweep_statuses",
    "target_detail",
    "task_detail",
    "unit_context",
    "unit_summary",
    "unit_view",
    "update_plan",
    "update_target",
    "update_task",
]
