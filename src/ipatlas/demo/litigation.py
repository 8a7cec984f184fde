"""司法数据 for ``make demo``: the 100 real shared judgments (not demo data — real public texts,
parsed by the platform), so the litigation pages have a corpus. Re-running changes nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ipatlas.config import Settings


def import_shared_judgments(settings: Settings) -> dict[str, Any] | None:
    """Import ``../shared/data/judgments/texts`` when present (None when absent)."""
    folder = Path(settings.shared_dir) / "data" / "judgments" / "texts"
    if not folder.is_dir():
        return None
    from ipatlas.litigation.corpus import import_dir

    return import_dir(settings, folder)


def link_judgments_to_library(settings: Settings) -> dict[str, int]:
    """Register the imported judgments' citations in the policy library (cited articles list them)."""
    from ipatlas.litigation.lawlinks import register_judgments
    from ipatlas.store import workflow

    with workflow.workflow_session(settings) as session:
        return register_judgments(session, settings)
