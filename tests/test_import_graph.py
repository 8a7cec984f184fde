"""The import graph (scripts/import_graph.py): no cycles, no core module importing web or cli."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("import_graph", ROOT / "scripts" / "import_graph.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["import_graph"] = mod
    spec.loader.exec_module(mod)
    return mod


def test_no_import_cycles_and_no_core_module_imports_web_or_cli() -> None:
    tool = _tool()
    g = tool.graph()
    assert len(g) > 150 and g["ipatlas.web.app"]  # the whole package is read
    assert tool.cycles(g) == []
    assert tool.ui_imports(g) == []
    assert tool.upward_imports(g) == []
    assert not any(m.startswith("ipatlas.store.") for m, _ in tool.PENDING)


def test_the_checks_can_fail(tmp_path: Path) -> None:
    """A cycle (also through a function-level import) and a core → web import are found."""
    tool = _tool()
    pkg = tmp_path / "ipatlas"
    (pkg / "web").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "web" / "__init__.py").write_text("")
    (pkg / "web" / "pages.py").write_text("")
    (pkg / "a.py").write_text("from ipatlas import b\n")
    (pkg / "b.py").write_text("def f():\n    from ipatlas.a import x\n")
    (pkg / "c.py").write_text("import ipatlas.web.pages\n")
    for name in ("store", "plans", "store/migrations", "store/migrations/versions"):
        (pkg / name).mkdir(parents=True, exist_ok=True)
        (pkg / name / "__init__.py").write_text("")
    (pkg / "plans" / "models.py").write_text("")
    (pkg / "store" / "plan_models.py").write_text("from ipatlas.plans.models import Plan\n")
    (pkg / "store" / "migrations" / "versions" / "m1.py").write_text("from ipatlas.plans import models\n")
    g = tool.graph(tmp_path)
    assert tool.cycles(g) == [["ipatlas.a", "ipatlas.b"]]
    assert tool.ui_imports(g) == [("ipatlas.c", "ipatlas.web.pages")]
    assert tool.upward_imports(g) == [("ipatlas.store.plan_models", "ipatlas.plans.models")]
