"""Who may read and change what in the ledger. Checked here, in the service layer, so the
web app, the CLI and scripts get the same rules.

* ``None`` (the command line run by the operator) and ``admin``/``analyst``: everything.
* ``viewer``, ``leader``: read everything, change nothing (``ipatlas.access.ANALYSIS_ROLES``).
* ``unit`` (责任单位账号): reads and reports only the tasks where its unit (``User.unit``) is
  the lead or a co-unit, matched on the region-qualified unit key (``黔江区市场监管局``).
"""

from __future__ import annotations

import re

from ipatlas.access import ANALYSIS_ROLES, EDIT_ROLES, role_label
from ipatlas.errors import PermissionDenied
from ipatlas.store.models import UserPublic

Actor = UserPublic | None

# the roles and role groups are ipatlas.access's: the office's analysis staff read the whole
# ledger, its editors change it
READ_ALL_ROLES = ANALYSIS_ROLES


def clean_unit(name: str | None) -> str:
    """Unit names compared as written, minus spaces and with Chinese brackets."""
    text = re.sub(r"\s+", "", name or "")
    return text.replace("(", "（").replace(")", "）")


def reads_all(actor: Actor) -> bool:
    return actor is None or actor.role in READ_ALL_ROLES


def can_edit(actor: Actor) -> bool:
    return actor is None or actor.role in EDIT_ROLES


def require_edit(actor: Actor, what: str = "修改台账") -> None:
    if not can_edit(actor):
        assert actor is not None
        raise PermissionDenied(f"当前账号（{role_label(actor.role)}）无权{what}")


def require_read_all(actor: Actor, what: str = "查看全部台账") -> None:
    if not reads_all(actor):
        assert actor is not None
        raise PermissionDenied(f"责任单位账号只能查看本单位的任务，无权{what}")


def actor_unit(actor: Actor) -> str | None:
    """The unit key a ``unit`` account is limited to; ``None`` for accounts that see everything."""
    if actor is None or actor.role != "unit":
        if actor is not None and actor.role not in READ_ALL_ROLES | {"unit"}:
            raise PermissionDenied(f"当前账号（{role_label(actor.role)}）无权查看规划督查台账")
        return None
    unit = clean_unit(actor.unit)
    if not unit:
        raise PermissionDenied("该责任单位账号未设置所属单位，请联系管理员")
    return unit


def actor_name(actor: Actor) -> str:
    return actor.username if actor is not None else "系统"
