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
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from pydantic import ValidationError
from sqlalchemy import Engine, create_engine, event, func, inspect, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from ipatlas.config import Settings
from ipatlas.errors import ConfigError, InputError, NotFoundError, StoreError
from ipatlas.store.models import AuditEntry, AuditLog, User, UserCreate, UserPublic, UserUpdate

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

_hasher = PasswordHasher()
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
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
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
) -> None:
    session.add(
        AuditLog(
            user_id=actor.id if actor else None,
            username=actor.username if actor else None,
            object_type=object_type,
            object_id=str(object_id),
            action=action,
            before=before,
            after=after,
            note=note,
        )
    )


def list_audit(
    session: Session, *, object_type: str | None = None, object_id: str | None = None, limit: int = 200
) -> list[AuditEntry]:
    q = select(AuditLog).order_by(AuditLog.id.desc()).limit(limit)
    if object_type:
        q = q.where(AuditLog.object_type == object_type)
    if object_id is not None:
        q = q.where(AuditLog.object_id == str(object_id))
    return [AuditEntry.model_validate(r) for r in session.scalars(q)]


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
    """The user when the password matches and the account is active, else ``None``."""
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        with contextlib.suppress(VerificationError):
            _hasher.verify(_DUMMY_HASH, password)
        return None
    try:
        _hasher.verify(user.password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return None
    if not user.active:
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
