"""The environment is read only through ``ipatlas.config.Settings``.

Every ``os.environ`` / ``os.getenv`` use in src/ outside config.py fails this test unless it is in the
allow-list below, with the reason: handing the whole environment to a child process, or writing a
variable a library or a child process reads.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "ipatlas"

# (file, kind) -> why the use is not a read of a setting
ALLOWED = {
    ("web/bench.py", "copy"): "environment of the benchmark's server process",
    ("web/portal/bench.py", "copy"): "environment of the benchmark's server process",
    ("protection/bench.py", "copy"): "environment of the benchmark's server process",
    ("maintenance/backup.py", "copy"): "environment of pg_dump / pg_restore (PGPASSWORD added)",
    ("indicators/backends.py", "write"): "PYSPARK_PYTHON for Spark's Python workers",
    ("web/app.py", "write"): "hand this process's settings to the server's worker processes",
}


def _kind(parent: ast.AST | None) -> str:
    """What the code around an ``os.environ`` does with it."""
    writes = (isinstance(parent, ast.Subscript) and isinstance(parent.ctx, ast.Store)) or (
        isinstance(parent, ast.Attribute) and parent.attr in {"setdefault", "update", "pop"}
    )
    if writes:
        return "write"
    copies = isinstance(parent, ast.Dict | ast.keyword) or (  # {**os.environ, ...}, dict(os.environ)
        isinstance(parent, ast.Call) and ast.unparse(parent.func) in {"dict", "os.environ.copy"}
    )
    return "copy" if copies else "read"


def _uses(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, kind) of each environment access: kind is read, copy or write."""
    parents: dict[ast.AST, ast.AST] = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[child] = node
    out = []
    for node in ast.walk(tree):
        is_environ = (isinstance(node, ast.Attribute) and node.attr in {"environ", "environb"}) or (
            isinstance(node, ast.Name) and node.id == "environ"
        )
        is_getenv = (isinstance(node, ast.Attribute) and node.attr == "getenv") or (
            isinstance(node, ast.Name) and node.id == "getenv"
        )
        if not (is_environ or is_getenv):
            continue
        kind = _kind(parents.get(node)) if is_environ else "read"
        out.append((node.lineno, kind))
    return sorted(out)


def violations(root: Path = SRC) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        if rel == "config.py":
            continue
        for line, kind in _uses(ast.parse(path.read_text("utf-8"))):
            if (rel, kind) not in ALLOWED:
                found.append(f"{rel}:{line} {kind}")
    return found


def test_only_settings_reads_the_environment() -> None:
    assert violations() == [], "read the variable through ipatlas.config.Settings"


def test_the_check_can_fail(tmp_path: Path) -> None:
    (tmp_path / "web").mkdir()
    (tmp_path / "a.py").write_text('import os\nx = os.environ.get("IPATLAS_X")\ny = os.getenv("Y")\n')
    (tmp_path / "b.py").write_text('from os import environ\nz = environ["Z"]\n"Q" in environ\n')
    (tmp_path / "web" / "bench.py").write_text('import os\nenv = {**os.environ}\nos.environ["A"] = "1"\n')
    (tmp_path / "config.py").write_text('import os\nos.environ.get("OK")\n')
    assert violations(tmp_path) == [
        "a.py:2 read",
        "a.py:3 read",
        "b.py:2 read",
        "b.py:3 read",
        "web/bench.py:3 write",
    ]
