"""The judgment parser stays split by concern: ``ipatlas.litigation.parser`` puts together the modules of
``ipatlas.litigation.parsing``; none grows past 600 lines, and nothing else imports the package (its
shared names keep their leading underscore because it is internal)."""

from __future__ import annotations

import ast
from pathlib import Path

import ipatlas.litigation.parser as parser

ROOT = Path(__file__).resolve().parents[2]
LITIGATION = ROOT / "src" / "ipatlas" / "litigation"
LIMIT = 600
PACKAGE = "ipatlas.litigation.parsing"


def long_modules(paths: list[Path], limit: int = LIMIT) -> list[str]:
    """``name (N lines)`` of every module in ``paths`` longer than ``limit`` lines."""
    out = []
    for path in paths:
        n = len(path.read_text("utf-8").splitlines())
        if n > limit:
            out.append(f"{path.name} ({n} lines)")
    return out


def imports_package(path: Path) -> bool:
    """Whether ``path`` imports the package or a module of it (``from ipatlas.litigation import parsing``
    too)."""
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
        if isinstance(node, ast.ImportFrom):
            names += [node.module or "", *(f"{node.module}.{a.name}" for a in node.names)]
        if any(n == PACKAGE or n.startswith(PACKAGE + ".") for n in names):
            return True
    return False


def outside_importers(roots: list[Path], allowed: set[Path]) -> list[str]:
    """Files under ``roots`` (other than ``allowed`` and the package itself) importing the package."""
    return [
        path.name
        for root in roots
        for path in sorted(root.rglob("*.py"))
        if path not in allowed and LITIGATION / "parsing" not in path.parents and imports_package(path)
    ]


def test_no_parser_module_is_longer_than_600_lines() -> None:
    modules = [LITIGATION / "parser.py", *sorted((LITIGATION / "parsing").glob("*.py"))]
    assert len(modules) > 10
    assert long_modules(modules) == []


def test_only_the_parser_imports_its_parts() -> None:
    roots = [ROOT / "src", ROOT / "tests", ROOT / "scripts", ROOT / "benchmarks"]
    assert outside_importers(roots, {LITIGATION / "parser.py", Path(__file__).resolve()}) == []


def test_the_parser_keeps_its_interface() -> None:
    assert callable(parser.parse_text) and callable(parser.parse_file)
    assert parser.FIELDS[0] == "case_number" and parser.FILE_FIELDS[-1] == "ocr_pages"
    assert set(parser.__all__) <= set(dir(parser))
    assert parser.parse_text("")["reason"].startswith("空文本")


def test_the_checks_can_fail(tmp_path: Path) -> None:
    (tmp_path / "big.py").write_text("x = 1\n" * (LIMIT + 1))
    (tmp_path / "small.py").write_text("x = 1\n")
    assert long_modules(sorted(tmp_path.glob("*.py"))) == [f"big.py ({LIMIT + 1} lines)"]
    (tmp_path / "user.py").write_text(f"from {PACKAGE}.money import _sum_items\n")
    other = "import ipatlas.litigation.laws\nfrom ipatlas.litigation import parsing\n"
    (tmp_path / "other.py").write_text(other)
    assert outside_importers([tmp_path], set()) == ["other.py", "user.py"]
