"""The workflow database: SQLAlchemy engine, Alembic migrations and the user / audit services.

SQLite file in the data directory by default (``settings.workflow_url``); a
``postgresql+psycopg://…`` URL is accepted as well. The schema is owned by the Alembic
migrations shipped inside the package, run programmatically by :func:`migrate` (no
``alembic.ini`` needed, so it works from an installed wheel).

Services take a :class:`~sqlalchemy.orm.Session` and return pydantic models; routes and CLI
commands never write queries themselves. Every change goes to the audit log.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import secrets
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from pydantic import ValidationError
from sqlalchemy import Engine, create_engine, delete, event, func, inspect, select, update
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from ipatlas.config import Settings
from ipatlas.errors import ConfigError, InputError, NotFoundError, ServiceBusy, StoreError
from ipatlas.store.models import (
    AuditEntry,
    AuditHead,
    AuditLog,
    LoginAttempt,
    User,
    UserCreate,
    UserPublic,
    UserUpdate,
    WebSession,
    utcnow,
)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

_hasher = PasswordHasher()
# Each argon2 verification takes ~64 MiB for ~0.1 s: bound how many run at once, so a burst of
# logins (or an attack) cannot grow the process by gigabytes. Waiters queue; past the timeout the
# login is refused as busy. Sized by IPATLAS_ARGON2_CONCURRENCY via :func:`set_hash_concurrency`.
_verify_slots = threading.BoundedSemaphore(4)
VERIFY_WAIT_SECONDS = 20.0


def set_hash_concurrency(n: int) -> None:
    global _verify_slots
    _verify_slots = threading.BoundedSemaphore(max(1, n))


def _verify(hash_: str, password: str) -> bool:
    if not _verify_slots.acquire(timeout=VERIFY_WAIT_SECONDS):
        raise ServiceBusy("服务器繁忙，请稍后再试登录")
    try:
        return bool(_hasher.verify(hash_, password))
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
    finally:
        _verify_slots.release()


# Verifying against a fixed hash when the user does not exist keeps login timing uniform.
_DUMMY_HASH = _hasher.hash("ipatlas-no-such-user")


# ---- engine and migrations ------------------------------------------------------------------
def normalise_url(url: str) -> str:
    """Accept ``postgresql://`` and ``postgres://`` and use the psycopg 3 driver for them."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(settings: Settings, url: str | None = None) -> Engine:
    """An engine on the workflow database (``settings.workflow_url`` unless ``url`` is given)."""
    raw = normalise_url(url or settings.workflow_url)
    try:
        parsed = make_url(raw)
    except Exception as exc:
        raise ConfigError(f"工作流数据库地址无效: {raw!r} ({exc})") from exc
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            db = Path(parsed.database)
            db.parent.mkdir(parents=True, exist_ok=True)
            # Accounts, sessions and the audit log: readable by the platform's user only.
            # (SQLite gives the -wal and -shm files the database file's mode.)
            os.close(os.open(db, os.O_CREAT | os.O_WRONLY, 0o600))
        engine = create_engine(parsed, connect_args={"timeout": 30, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            # WAL lets the web server read while a CLI command writes.
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        return engine
    if backend == "postgresql":
        return create_engine(parsed, pool_pre_ping=True)
    raise ConfigError(f"不支持的工作流数据库: {backend}（支持 sqlite 与 postgresql+psycopg）")


def alembic_config(engine: Engine) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    cfg = alembic_config(create_engine("sqlite://"))
    head = ScriptDirectory.from_config(cfg).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def migrate(settings: Settings, *, engine: Engine | None = None, revision: str = "head") -> dict[str, Any]:
    """Bring the workflow schema up to ``revision`` (Alembic ``upgrade head``). Idempotent."""
    from alembic import command

    own = engine is None
    if engine is None:
        settings.ensure_dirs()
        engine = make_engine(settings)
    try:
        before = current_revision(engine)
        cfg = alembic_config(engine)
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
        after = current_revision(engine)
        tables = sorted(inspect(engine).get_table_names())
    except ConfigError:
        raise
    except Exception as exc:
        raise StoreError(f"工作流数据库升级失败 ({_masked(engine)}): {exc}") from exc
    finally:
        if own:
            engine.dispose()
    return {
        "database": _masked(engine),
        "backend": engine.url.get_backend_name(),
        "from_revision": before,
        "to_revision": after,
        "upgraded": before != after,
        "tables": tables,
    }


def _masked(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextlib.contextmanager
def workflow_session(settings: Settings, *, upgrade: bool = True) -> Iterator[Session]:
    """A session on a migrated workflow database, committed on success (for CLI commands)."""
    settings.ensure_dirs()
    engine = make_engine(settings)
    try:
        if upgrade:
            migrate(settings, engine=engine)
        with session_factory(engine)() as session, session.begin():
            yield session
    finally:
        engine.dispose()


# ---- audit log --------------------------------------------------------------------------------
AUDIT_FIELDS = (
    "seq", "at", "user_id", "username", "object_type", "object_id", "action",
    "before", "after", "note", "client", "prev_hash",
)  # fmt: skip


def audit_hash(fields: dict[str, Any]) -> str:
    """SHA-256 over the canonical JSON of an entry's fields (incl. the previous entry's hash)."""
    data = {k: fields.get(k) for k in AUDIT_FIELDS}
    at = data["at"]
    if isinstance(at, str):
        at = dt.datetime.fromisoformat(at)
    data["at"] = at.isoformat(timespec="microseconds") if at is not None else None
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def record_audit(
    session: Session,
    *,
    actor: UserPublic | None,
    object_type: str,
    object_id: str | int,
    action: str,
    before: Any = None,
    after: Any = None,
    note: str | None = None,
    client: str | None = None,
    username: str | None = None,
) -> None:
    """Append one entry to the chain. The head row is updated first: that takes the write lock
    (SQLite) or the row lock (PostgreSQL), so two writers can never fork the chain."""
    head = session.execute(
        update(AuditHead).where(AuditHead.id == 1).values(seq=AuditHead.seq + 1).returning(AuditHead.seq)
    ).scalar_one_or_none()
    if head is None:  # a database created before the head row existed: start it
        session.add(AuditHead(id=1, seq=1, hash=""))
        session.flush()
        head = 1
    prev = session.scalar(select(AuditHead.hash).where(AuditHead.id == 1)) or ""
    entry = AuditLog(
        at=utcnow(),
        user_id=actor.id if actor else None,
        username=actor.username if actor else username,
        object_type=object_type,
        object_id=str(object_id)[:128],
        action=action[:32],
        before=_jsonable(before),
        after=_jsonable(after),
        note=note,
        client=(client or None) and client[:64],
        seq=head,
        prev_hash=prev,
    )
    entry.hash = audit_hash({k: getattr(entry, k) for k in AUDIT_FIELDS})
    session.add(entry)
    session.execute(update(AuditHead).where(AuditHead.id == 1).values(hash=entry.hash))
    session.flush()


def _jsonable(value: Any) -> Any:
    # What the JSON column gives back after a round trip (so the hash verifies later).
    return None if value is None else json.loads(json.dumps(value, ensure_ascii=False, default=str))


def list_audit(
    session: Session,
    *,
    object_type: str | None = None,
    object_id: str | None = None,
    action: str | None = None,
    username: str | None = None,
    limit: int = 200,
    offset: int = 0,
) -> list[AuditEntry]:
    q = select(AuditLog).order_by(AuditLog.id.desc()).limit(limit).offset(offset)
    if object_type:
        q = q.where(AuditLog.object_type == object_type)
    if object_id is not None:
        q = q.where(AuditLog.object_id == str(object_id))
    if action:
        q = q.where(AuditLog.action == action)
    if username:
        q = q.where(AuditLog.username == username)
    return [AuditEntry.model_validate(r) for r in session.scalars(q)]


def verify_audit(session: Session) -> dict[str, Any]:
    """Recompute the chain: every entry's hash, its link to the previous one, no gap in ``seq``,
    and the head row pointing at the last entry. ``ok`` is False with the first problem found."""
    problems: list[dict[str, Any]] = []
    prev, expected_seq, count, unsealed = "", 1, 0, 0
    for row in session.scalars(select(AuditLog).order_by(AuditLog.seq.is_(None), AuditLog.seq, AuditLog.id)):
        count += 1
        if row.seq is None:
            unsealed += 1
            problems.append({"id": row.id, "problem": "未入链（缺少序号与哈希）"})
            continue
        if row.seq != expected_seq:
            problems.append({"seq": row.seq, "problem": f"序号不连续：应为 {expected_seq}"})
        if row.prev_hash != prev:
            problems.append({"seq": row.seq, "problem": "与上一条的哈希不衔接"})
        if audit_hash({k: getattr(row, k) for k in AUDIT_FIELDS}) != row.hash:
            problems.append({"seq": row.seq, "problem": "内容与哈希不符（记录被改动）"})
        prev, expected_seq = row.hash or "", row.seq + 1
    head = session.get(AuditHead, 1)
    if head is not None and (head.seq != expected_seq - 1 or head.hash != prev):
        problems.append({"seq": head.seq, "problem": "链尾与记录不符（末尾记录被删除）"})
    return {
        "ok": not problems,
        "entries": count,
        "sealed": count - unsealed,
        "last_seq": expected_seq - 1,
        "last_hash": prev,
        "problems": problems[:100],
    }


# ---- users ------------------------------------------------------------------------------------
def _snapshot(user: User) -> dict[str, Any]:
    # What the audit log keeps of a user: never the password hash.
    return UserPublic.model_validate(user).model_dump(mode="json")


def validated(model: type[Any], **data: Any) -> Any:
    """Build a pydantic model, turning validation failures into one clear :class:`InputError`."""
    try:
        return model(**data)
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err.get("loc", ())) or None
        raise InputError(err.get("msg", str(exc)), field=field) from None


def create_user(session: Session, data: UserCreate, *, actor: UserPublic | None = None) -> UserPublic:
    if session.scalar(select(User.id).where(User.username == data.username)) is not None:
        raise InputError(f"用户名已存在: {data.username}", field="username")
    user = User(
        username=data.username,
        display_name=data.display_name or data.username,
        password_hash=_hasher.hash(data.password),
        role=data.role,
        unit=data.unit,
        active=data.active,
    )
    session.add(user)
    session.flush()
    record_audit(
        session, actor=actor, object_type="user", object_id=user.id, action="create", after=_snapshot(user)
    )
    return UserPublic.model_validate(user)


def authenticate(session: Session, username: str, password: str) -> UserPublic | None:
    """The user when the password matches and the account is active, else ``None``.

    Holds ``session`` during the password check: the web login uses :func:`password_record` and
    :func:`verify_password` instead, so no database connection waits on argon2."""
    record = password_record(session, username)
    if not verify_password(record[1] if record else None, password) or record is None:
        return None
    return login_succeeded(session, record[0], password)


def password_record(session: Session, username: str) -> tuple[int, str] | None:
    """``(user id, password hash)`` of an active account, else ``None``."""
    row = session.execute(
        select(User.id, User.password_hash, User.active).where(User.username == username)
    ).first()
    if row is None or not row.active:
        return None
    return int(row.id), str(row.password_hash)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Check ``password`` (bounded concurrency; a fixed hash when there is no account, so the
    answer takes as long either way)."""
    if len(password) > 1024:  # argon2 hashes any length: do not let a megabyte password in
        return False
    if password_hash is None:
        _verify(_DUMMY_HASH, password)
        return False
    return _verify(password_hash, password)


def login_succeeded(session: Session, user_id: int, password: str) -> UserPublic | None:
    """After a matching password: the user (still active), its hash upgraded if parameters changed."""
    user = session.get(User, user_id)
    if user is None or not user.active:
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    return UserPublic.model_validate(user)


def get_user(session: Session, user_id: int | None = None, *, username: str | None = None) -> UserPublic:
    if user_id is not None:
        user = session.get(User, user_id)
    elif username is not None:
        user = session.scalar(select(User).where(User.username == username))
    else:
        raise InputError("get_user needs user_id or username")
    if user is None:
        raise NotFoundError(f"用户不存在: {username if username is not None else user_id}")
    return UserPublic.model_validate(user)


def list_users(session: Session, *, role: str | None = None) -> list[UserPublic]:
    q = select(User).order_by(User.id)
    if role:
        q = q.where(User.role == role)
    return [UserPublic.model_validate(u) for u in session.scalars(q)]


def count_users(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(User)) or 0)


def update_user(
    session: Session, user_id: int, data: UserUpdate, *, actor: UserPublic | None = None
) -> UserPublic:
    user = session.get(User, user_id)
    if user is None:
        raise NotFoundError(f"用户不存在: {user_id}")
    before = _snapshot(user)
    changes = data.model_dump(exclude_unset=True)
    password = changes.pop("password", None)
    for key, value in changes.items():
        setattr(user, key, value)
    if password:
        user.password_hash = _hasher.hash(password)
        user.password_changed_at = utcnow()
    session.flush()
    after = _snapshot(user)
    note = "password changed" if password else None
    record_audit(
        session,
        actor=actor,
        object_type="user",
        object_id=user.id,
        action="update",
        before=before,
        after=after,
        note=note,
    )
    return UserPublic.model_validate(user)


def _user_row(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFoundError(f"用户不存在: {user_id}")
    return user


def change_password(
    session: Session, user_id: int, old: str, new: str, *, client: str | None = None
) -> UserPublic:
    """The user's own change: the current password, then the policy; other sessions end."""
    from ipatlas.security.passwords import check_password

    user = _user_row(session, user_id)
    if not _verify(user.password_hash, old):
        raise InputError("当前密码不正确", field="old_password")
    if new == old:
        raise InputError("新密码不能与当前密码相同", field="new_password")
    check_password(new, username=user.username)
    user.password_hash = _hasher.hash(new)
    user.must_change_password = False
    user.password_changed_at = utcnow()
    session.flush()
    actor = UserPublic.model_validate(user)
    record_audit(
        session, actor=actor, object_type="user", object_id=user.id, action="password", client=client,
        note="本人修改密码",
    )  # fmt: skip
    return actor


def reset_password(
    session: Session, user_id: int, *, actor: UserPublic | None, client: str | None = None
) -> str:
    """An administrator's reset: a generated password the user must change at the next login;
    the user's sessions end."""
    user = _user_row(session, user_id)
    password = generate_password()
    user.password_hash = _hasher.hash(password)
    user.must_change_password = True
    user.password_changed_at = utcnow()
    revoke_user_sessions(session, user.id, reason="password_reset")
    session.flush()
    record_audit(
        session, actor=actor, object_type="user", object_id=user.id, action="password_reset",
        client=client, note=f"管理员重置 {user.username} 的密码（首次登录须修改）",
    )  # fmt: skip
    return password


def generate_password() -> str:
    return secrets.token_urlsafe(12)


def require_password_change(session: Session, user_id: int) -> None:
    _user_row(session, user_id).must_change_password = True
    session.flush()


# ---- server-side sessions -----------------------------------------------------------------------
def _token_id(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def open_session(
    session: Session, user_id: int, *, client: str | None = None, user_agent: str | None = None
) -> str:
    """A new login session; returns the token for the cookie (only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    session.add(
        WebSession(
            id=_token_id(token),
            user_id=user_id,
            created_at=now,
            last_seen_at=now,
            client=(client or "")[:64] or None,
            user_agent=(user_agent or "")[:256] or None,
        )
    )
    session.flush()
    return token


def session_user(
    session: Session,
    token: str,
    *,
    idle: dt.timedelta,
    absolute: dt.timedelta,
    touch_after: dt.timedelta = dt.timedelta(seconds=30),
) -> tuple[UserPublic | None, str | None]:
    """Read-only: ``(the user of a live session or None, change)`` where change is ``touch``,
    ``idle_timeout``, ``absolute_timeout`` or ``None`` (applied by :func:`mark_session`). One
    query, the session joined with its user: every page request makes it (two ORM lookups were a
    fifth of a web worker's time under load)."""
    q = (
        select(
            WebSession.created_at.label("session_created_at"),
            WebSession.last_seen_at,
            WebSession.revoked_at,
            *User.__table__.c,
        )
        .join(User, User.id == WebSession.user_id)
        .where(WebSession.id == _token_id(token))
    )
    row = session.execute(q).mappings().first()
    if row is None:
        return None, None
    live, change = _liveness(
        row["session_created_at"], row["last_seen_at"], row["revoked_at"], idle, absolute, touch_after
    )
    return (UserPublic.model_validate(dict(row)) if live else None), change


def _liveness(
    created: dt.datetime,
    last_seen: dt.datetime,
    revoked: dt.datetime | None,
    idle: dt.timedelta,
    absolute: dt.timedelta,
    touch_after: dt.timedelta,
) -> tuple[bool, str | None]:
    """Whether a session is live, and the change to record (see :func:`session_user`)."""
    if revoked is not None:
        return False, None
    now = utcnow()
    if now - created > absolute:
        return False, "absolute_timeout"
    if now - last_seen > idle:
        return False, "idle_timeout"
    return True, "touch" if now - last_seen > touch_after else None


def mark_session(session: Session, token: str, change: str) -> None:
    """Apply :func:`session_user`'s change with one UPDATE."""
    q = update(WebSession).where(WebSession.id == _token_id(token), WebSession.revoked_at.is_(None))
    now = utcnow()
    values = {"last_seen_at": now} if change == "touch" else {"revoked_at": now, "revoked_reason": change}
    session.execute(q.values(**values))


def revoke_session(session: Session, token: str, *, reason: str = "logout") -> int | None:
    row = session.get(WebSession, _token_id(token))
    if row is None or row.revoked_at is not None:
        return None
    row.revoked_at, row.revoked_reason = utcnow(), reason
    session.flush()
    return row.user_id


def revoke_user_sessions(session: Session, user_id: int, *, reason: str, keep: str | None = None) -> int:
    q = update(WebSession).where(WebSession.user_id == user_id, WebSession.revoked_at.is_(None))
    if keep:
        q = q.where(WebSession.id != _token_id(keep))
    result = session.execute(q.values(revoked_at=utcnow(), revoked_reason=reason))
    return int(getattr(result, "rowcount", 0) or 0)


def purge_sessions(session: Session, *, older_than: dt.timedelta) -> int:
    """Delete ended sessions and login attempts older than ``older_than`` (housekeeping)."""
    cutoff = utcnow() - older_than
    n = session.execute(delete(WebSession).where(WebSession.last_seen_at < cutoff))
    session.execute(delete(LoginAttempt).where(LoginAttempt.at < cutoff))
    return int(getattr(n, "rowcount", 0) or 0)


# ---- login throttle -----------------------------------------------------------------------------
def login_blocked(
    session: Session,
    username: str,
    client: str,
    *,
    window: dt.timedelta,
    max_user_failures: int,
    max_client_failures: int,
) -> tuple[str, int] | None:
    """``(scope, seconds to wait)`` when the account or the client has too many recent failed
    logins (counted in the shared database, so every worker applies the same limit)."""
    now = utcnow()
    since = now - window
    for scope, column, value, limit in (
        ("account", LoginAttempt.username, username, max_user_failures),
        ("client", LoginAttempt.client, client, max_client_failures),
    ):
        last_ok = session.scalar(
            select(func.max(LoginAttempt.at)).where(column == value, LoginAttempt.success.is_(True))
        )
        start = max(since, last_ok) if last_ok else since
        rows = session.scalars(
            select(LoginAttempt.at)
            .where(column == value, LoginAttempt.success.is_(False), LoginAttempt.at > start)
            .order_by(LoginAttempt.at.desc())
            .limit(limit)
        ).all()
        if len(rows) >= limit:
            wait = (rows[-1] + window - now).total_seconds()
            return scope, max(1, int(wait) + 1)
    return None


def record_login_attempt(session: Session, username: str, client: str, *, success: bool) -> None:
    session.add(LoginAttempt(at=utcnow(), username=username[:64], client=client[:64], success=success))
    session.flush()
