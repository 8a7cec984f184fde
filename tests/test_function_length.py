"""No function in src/ipatlas is longer than 100 lines (Alembic migrations aside): a long function
is a list of steps that wants names. The failure message lists every offender with its length."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "ipatlas"
LIMIT = 100
MIGRATIONS = "store/migrations/versions/"


def long_functions(root: Path = SRC, limit: int = LIMIT) -> list[str]:
    """``path:line name (N lines)`` of every function or method longer than ``limit`` lines."""
    out = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        if rel.startswith(MIGRATIONS):
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"), rel)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
                length = (node.end_lineno or node.lineno) - first + 1
                if length > limit:
                    out.append(f"{rel}:{node.lineno} {node.name} ({length} lines)")
    return out


def test_no_function_is_longer_than_100_lines() -> None:
    found = long_functions()
    assert not found, f"{len(found)} functions over {LIMIT} lines:\n" + "\n".join(found)


def test_the_check_can_fail(tmp_path: Path) -> None:
    body = "\n".join(f"    x{i} = {i}" for i in range(LIMIT))
    (tmp_path / "a.py").write_text(f"def short():\n    pass\n\n\ndef long():\n{body}\n")
    (tmp_path / "store" / "migrations" / "versions").mkdir(parents=True)
    (tmp_path / "store" / "migrations" / "versions" / "m.py").write_text(f"def upgrade():\n{body}\n")
    assert long_functions(tmp_path) == [f"a.py:5 long ({LIMIT + 1} lines)"]
