from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_field_reference_is_current():
    script = ROOT / "scripts" / "gen_field_docs.py"
    result = subprocess.run([sys.executable, str(script), "--check"], cwd=ROOT)
    assert result.returncode == 0, "docs/fields.md is stale: run .venv/bin/python scripts/gen_field_docs.py"


def test_indicator_handbook_is_current():
    script = ROOT / "scripts" / "gen_indicator_docs.py"
    result = subprocess.run([sys.executable, str(script), "--check"], cwd=ROOT)
    hint = "docs/indicators.md is stale: run .venv/bin/python scripts/gen_indicator_docs.py"
    assert result.returncode == 0, hint


def test_settings_reference_is_current():
    script = ROOT / "scripts" / "gen_settings_docs.py"
    result = subprocess.run([sys.executable, str(script), "--check"], cwd=ROOT)
    assert result.returncode == 0, (
        "docs/settings.md is stale: run .venv/bin/python scripts/gen_settings_docs.py"
    )
