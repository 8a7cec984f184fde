"""One error hierarchy for the whole platform.

Every domain failure raises a subclass of :class:`IpatlasError`. The CLI (and the web
app) render them in one place; nothing else catches them to print.
"""

from __future__ import annotations

from typing import Any


class IpatlasError(Exception):
    """Base class: a failure the user can act on, rendered as one clear line."""

    exit_code = 1

    def __init__(self, message: str, **context: Any) -> None:
        super().__init__(message)
        self.message = message
        self.context = {k: v for k, v in context.items() if v is not None}

    def to_dict(self) -> dict[str, Any]:
        return {"error": type(self).__name__, "message": self.message, **self.context}


class ConfigError(IpatlasError):
    """Bad settings or a missing prerequisite (e.g. ../shared/data not found)."""


class SharedDataMissing(ConfigError):
    """A reference file from ../shared/ is needed but absent."""


class NotFoundError(IpatlasError):
    """A region, import, indicator, plan, … that does not exist."""

    exit_code = 2


class RegionError(IpatlasError):
    """Region registry or resolver failure."""


class InputError(IpatlasError):
    """Bad input data. Names the file, row and field when known."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        row: int | None = None,
        field: str | None = None,
        **context: Any,
    ) -> None:
        where = ", ".join(
            p
            for p in (file and f"file {file}", row is not None and f"row {row}", field and f"field {field}")
            if p
        )
        super().__init__(
            f"{where}: {message}" if where else message, file=file, row=row, field=field, **context
        )
        self.reason = message  # without the location, for a form that marks the field itself


class IngestError(InputError):
    """An import that cannot proceed at all (unreadable file, unknown profile, …)."""


class StoreError(IpatlasError):
    """Storage failure (locked, corrupt manifest, …)."""


class IndicatorError(IpatlasError):
    """Indicator catalogue or computation failure."""


class EvaluationError(IpatlasError):
    """Composite-index / evaluation-method failure (bad framework, bad parameters)."""


class PlanError(IpatlasError):
    """Plan parsing or supervision-workflow failure."""


class PermissionDenied(IpatlasError):
    """The current user may not read or change this object."""

    exit_code = 3


class ConflictError(IpatlasError):
    """Someone else changed the object first (stale version, double submit): reload and retry."""

    exit_code = 4


class TransitionNotAllowed(IpatlasError):
    """A workflow action that the current state (or the actor's role) does not allow."""

    exit_code = 5


class ServiceBusy(IpatlasError):
    """Too much work at once (e.g. every password-check slot taken): retry shortly (HTTP 503)."""

    exit_code = 6
