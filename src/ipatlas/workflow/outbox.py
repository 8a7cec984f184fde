"""The notification outbox: the deadline sweep writes reminders, :func:`send_outbox` mails them.

Writing and sending are separate so that a sweep never waits on a mail server and a failed send
is retried by the next run. SMTP is configured through ``Settings`` (``IPATLAS_SMTP_HOST``,
``_PORT``, ``_FROM``, ``_USER``, ``_PASSWORD``, ``_STARTTLS``, ``_DOMAIN``); without a host
nothing is sent and the reminders stay in the outbox for the pages.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import smtplib
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from ipatlas.calendar import calendar_for
from ipatlas.config import Settings, get_settings
from ipatlas.store.models import utcnow
from ipatlas.workflow.definition import get_definition
from ipatlas.workflow.engine import SWEEP_COLUMNS, _as_of, due_conditions
from ipatlas.workflow.models import WfDeadline, WfInstance, WfNotification

MAX_ATTEMPTS = 5
KIND_LABELS = {"due_soon": "即将到期", "overdue": "已超期"}


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int = 25
    sender: str = "ipatlas@localhost"
    username: str | None = None
    password: str | None = None
    starttls: bool = False
    domain: str | None = None  # recipients without "@" get "@domain"
    timeout: float = 10.0

    @classmethod
    def from_settings(cls, settings: Settings) -> SmtpConfig | None:
        """The SMTP settings (``IPATLAS_SMTP_*``, read by ``Settings``); None without a host."""
        if not settings.smtp_host:
            return None
        return cls(
            host=settings.smtp_host,
            port=settings.smtp_port,
            sender=settings.smtp_from,
            username=settings.smtp_user or None,
            password=settings.smtp_password or None,
            starttls=settings.smtp_starttls,
            domain=settings.smtp_domain or None,
        )


def enqueue(
    session: Session,
    *,
    key: str,
    kind: str,
    recipient: str,
    subject: str,
    body: str,
    instance_id: int | None = None,
    deadline_id: int | None = None,
) -> bool:
    """Add one message unless a message with ``key`` exists already; True when added."""
    if session.scalar(select(WfNotification.id).where(WfNotification.key == key)) is not None:
        return False
    session.add(
        WfNotification(
            key=key[:128],
            kind=kind,
            recipient=recipient,
            subject=subject,
            body=body,
            instance_id=instance_id,
            deadline_id=deadline_id,
            status="pending",
            attempts=0,
        )
    )
    return True


def sweep(
    session: Session,
    *,
    as_of: dt.datetime | dt.date | None = None,
    soon_workdays: int = 3,
    definitions: list[str] | None = None,
    subject_label: Callable[[Any], str] | None = None,
) -> dict[str, Any]:
    """Write a reminder for every running clock that is due soon or overdue (idempotent per day)."""
    when = _as_of(as_of)
    q = (
        select(*SWEEP_COLUMNS)
        .join(WfInstance, WfInstance.id == WfDeadline.instance_id)
        .where(*due_conditions(session, as_of=when, soon_workdays=soon_workdays, which="due"))
    )
    if definitions:
        q = q.where(WfInstance.definition.in_(definitions))
    rows = session.execute(q).all()
    keys = []
    for r in rows:
        kind = "overdue" if r.due_at < when else "due_soon"
        keys.append(f"{kind}:{r.deadline_id}:{r.due_date.isoformat()}")
    existing: set[str] = set()
    for i in range(0, len(keys), 5000):
        existing.update(
            session.scalars(select(WfNotification.key).where(WfNotification.key.in_(keys[i : i + 5000])))
        )
    counts = {"due_soon": 0, "overdue": 0}
    created = 0
    new_rows = []
    labels: dict[tuple[str, str], str] = {}
    for r, key in zip(rows, keys, strict=True):
        kind = key.split(":", 1)[0]
        counts[kind] += 1
        if key in existing:
            continue
        existing.add(key)
        if (r.definition, r.rule_id) not in labels:
            try:
                labels[(r.definition, r.rule_id)] = get_definition(r.definition).rules.get(r.rule_id).label
            except Exception:
                labels[(r.definition, r.rule_id)] = r.rule_id
        rule_label = labels[(r.definition, r.rule_id)]
        what = subject_label(r) if subject_label else f"{r.subject_type} {r.subject_id}"
        subject = f"【{KIND_LABELS[kind]}】{what} {rule_label} 期限 {r.due_date.isoformat()}"
        body = (
            f"{what}\n期限：{rule_label}（{r.basis_law}{r.basis_article}）\n"
            f"到期日：{r.due_date.isoformat()}\n状态：{KIND_LABELS[kind]}\n"
        )
        new_rows.append(
            {
                "key": key,
                "kind": kind,
                "recipient": r.assignee or r.created_by,
                "subject": subject,
                "body": body,
                "instance_id": r.instance_id,
                "deadline_id": r.deadline_id,
                "status": "pending",
                "attempts": 0,
                "created_at": utcnow(),
            }
        )
        created += 1
    if new_rows:
        session.execute(insert(WfNotification), new_rows)
    session.flush()
    return {
        "as_of": when.isoformat(),
        "due_soon": counts["due_soon"],
        "overdue": counts["overdue"],
        "notifications": created,
    }


def outbox(session: Session, *, status: str | None = None, limit: int = 200) -> list[dict[str, Any]]:
    q = select(WfNotification).order_by(WfNotification.id.desc()).limit(limit)
    if status:
        q = q.where(WfNotification.status == status)
    return [
        {
            "id": n.id,
            "kind": n.kind,
            "recipient": n.recipient,
            "subject": n.subject,
            "status": n.status,
            "attempts": n.attempts,
            "created_at": n.created_at.isoformat(),
            "sent_at": n.sent_at.isoformat() if n.sent_at else None,
            "error": n.error,
            "instance_id": n.instance_id,
        }
        for n in session.scalars(q)
    ]


def send_outbox(
    session: Session,
    config: SmtpConfig | None = None,
    *,
    limit: int = 500,
    address_for: Callable[[str], str | None] | None = None,
) -> dict[str, Any]:
    """Send pending messages over SMTP; failures are counted and retried up to ``MAX_ATTEMPTS``."""
    config = config or SmtpConfig.from_settings(get_settings())
    if config is None:
        return {"configured": False, "sent": 0, "failed": 0, "skipped": 0}
    pending = list(
        session.scalars(
            select(WfNotification)
            .where(WfNotification.status.in_(["pending", "failed"]), WfNotification.attempts < MAX_ATTEMPTS)
            .order_by(WfNotification.id)
            .limit(limit)
        )
    )
    sent = failed = skipped = 0
    if not pending:
        return {"configured": True, "sent": 0, "failed": 0, "skipped": 0}

    def resolve(recipient: str) -> str | None:
        if address_for is not None:
            return address_for(recipient)
        if "@" in recipient:
            return recipient
        return f"{recipient}@{config.domain}" if config.domain else None

    try:
        smtp = smtplib.SMTP(config.host, config.port, timeout=config.timeout)
    except OSError as exc:
        for n in pending:
            n.attempts += 1
            n.status, n.error = "failed", f"无法连接 SMTP {config.host}:{config.port}: {exc}"
        session.flush()
        return {"configured": True, "sent": 0, "failed": len(pending), "skipped": 0}
    try:
        if config.starttls:
            smtp.starttls()
        if config.username:
            smtp.login(config.username, config.password or "")
        for n in pending:
            address = resolve(n.recipient)
            if not address:
                n.status, n.error = "skipped", f"收件人 {n.recipient} 无邮箱地址（设置 IPATLAS_SMTP_DOMAIN）"
                skipped += 1
                continue
            msg = EmailMessage()
            msg["From"] = config.sender
            msg["To"] = address
            msg["Subject"] = n.subject
            msg.set_content(n.body)
            n.attempts += 1
            try:
                smtp.send_message(msg)
            except smtplib.SMTPException as exc:
                n.status, n.error = "failed", str(exc)[:500]
                failed += 1
                continue
            n.status, n.sent_at, n.error = "sent", utcnow(), None
            sent += 1
    finally:
        with contextlib.suppress(smtplib.SMTPException):
            smtp.quit()
    session.flush()
    return {"configured": True, "sent": sent, "failed": failed, "skipped": skipped}


__all__ = ["SmtpConfig", "calendar_for", "enqueue", "outbox", "send_outbox", "sweep"]
