"""Roles and the role groups that permission checks use: defined here once for every package.

A role is a job in the office, not a package: the protection desk (受理员, 承办人, 负责人, 调解员),
leaders who read dashboards, member units (责任单位/成员单位) that file plan reports and
acknowledge referrals, the auditor who reads the audit log, and two outside account kinds
(service agencies, enterprises) that see only their own products.
"""

from __future__ import annotations

from typing import Literal

Role = Literal[
    "admin",
    "analyst",
    "viewer",
    "unit",
    "clerk",
    "handler",
    "approver",
    "mediator",
    "leader",
    "auditor",
    "agency",
    "enterprise",
]

ROLE_LABELS: dict[str, str] = {
    "admin": "管理员",
    "analyst": "分析员",
    "viewer": "查看者",
    "unit": "责任单位",
    "clerk": "受理员",
    "handler": "承办人",
    "approver": "负责人",
    "mediator": "调解员",
    "leader": "领导",
    "auditor": "审计员",
    "agency": "服务机构",
    "enterprise": "企业用户",
}
ROLES: tuple[str, ...] = tuple(ROLE_LABELS)

# Staff of the office who may read the resource base's analysis pages.
ANALYSIS_ROLES = frozenset({"admin", "analyst", "viewer", "leader"})
# Staff who may change the resource base (imports, reports, catalogs, ledger edits).
EDIT_ROLES = frozenset({"admin", "analyst"})
ADMIN_ROLES = frozenset({"admin"})
# The protection desk: who may see case files (personal data is further limited per case).
CASE_ROLES = frozenset({"admin", "clerk", "handler", "approver", "mediator"})
# Read-only dashboards of the office's work.
DASHBOARD_ROLES = ANALYSIS_ROLES | CASE_ROLES
AUDIT_ROLES = frozenset({"admin", "auditor"})
# 商机线索检索 (litigation leads): office analysts and service agencies (who see only this product).
LEADS_ROLES = ANALYSIS_ROLES | frozenset({"agency"})


def role_label(role: str) -> str:
    return ROLE_LABELS.get(role, role)
