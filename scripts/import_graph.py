"""The import graph of ``src/ipatlas``: cycles and imports that break the floors.

    python scripts/import_graph.py            # lists cycles and forbidden imports; exit 1 if any
    python scripts/import_graph.py --json

Every ``import`` / ``from … import`` of an ``ipatlas`` module counts, at module level or inside a
function (a lazy import is still a dependency). ``from ipatlas.pkg import name`` depends on the
submodule ``ipatlas.pkg.name`` when there is one, else on the package's ``__init__``. A package's
``__init__`` importing its own submodules is how packages are built, not a cycle: edges from a
package ``__init__`` to modules inside it are left out. Core modules (everything but ``web``,
``cli`` and the ``__main__`` entry point) must not import ``ipatlas.web`` or ``ipatlas.cli``.

Floors (README, architecture): nothing imports a package on a higher floor. An Alembic migration may
import the models of the package whose tables it creates (that is where the models live).
"""

from __future__ import annotations

import ast
import json
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
UI = ("ipatlas.web", "ipatlas.cli")
FLOORS = {
    **dict.fromkeys(("config", "errors", "access", "fmt", "progress", "caching", "security"), 1),
    "sourcetext": 1,  # reading documents: needs only errors
    **dict.fromkeys(("regions", "store", "calendar", "maintenance"), 2),
    **dict.fromkeys(("indicators", "ingest", "workflow", "exports"), 3),
    **dict.fromkeys(("evaluate", "plans", "protection", "market", "operations", "litigation", "library"), 4),
    **dict.fromkeys(("reports", "demo"), 5),
    **dict.fromkeys(("cli", "web"), 6),
}
MIGRATIONS = "ipatlas.store.migrations.versions."
# Known upward imports owned by another open issue; remove each entry when it is fixed.
PENDING: set[tuple[str, str]] = set()


def modules(src: Path = SRC) -> dict[str, Path]:
    out = {}
    for path in sorted((src / "ipatlas").rglob("*.py")):
        parts = list(path.relative_to(src).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _is_package(name: str, mods: dict[str, Path]) -> bool:
    return mods[name].name == "__init__.py"


def graph(src: Path = SRC) -> dict[str, set[str]]:
    """module → the ipatlas modules it imports."""
    mods = modules(src)
    out: dict[str, set[str]] = {m: set() for m in mods}
    for name, path in mods.items():
        pkg = name if _is_package(name, mods) else name.rsplit(".", 1)[0]
        for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = pkg.split(".")
                    anchor = anchor[: len(anchor) - (node.level - 1)]
                    base = ".".join([*anchor, base] if base else anchor)
                for a in node.names:
                    sub = f"{base}.{a.name}"
                    targets.append(sub if sub in mods else base)
            for t in targets:
                while t and t not in mods:  # ``import ipatlas.x.y`` of a name: the nearest module
                    t = t.rpartition(".")[0]
                if not t.startswith("ipatlas") or t == name:
                    continue
                if _is_package(name, mods) and t.startswith(name + "."):
                    continue  # a package assembling itself
                out[name].add(t)
    return out


def cycles(g: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = [0]
    sys.setrecursionlimit(max(10000, sys.getrecursionlimit()))

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in g.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(g):
        if v not in index:
            visit(v)
    return sorted(out)


def ui_imports(g: dict[str, set[str]]) -> list[tuple[str, str]]:
    """(core module, web/cli module it imports)."""
    core = [m for m in g if not m.startswith(UI) and m != "ipatlas.__main__"]
    return sorted((m, t) for m in core for t in g[m] if t.startswith(UI))


def floor(module: str) -> int | None:
    parts = module.split(".")
    return FLOORS.get(parts[1]) if len(parts) > 1 else None


def upward_imports(g: dict[str, set[str]]) -> list[tuple[str, str]]:
    """(module, module on a higher floor it imports), migrations and ``PENDING`` left out."""
    out = []
    for m, targets in g.items():
        fm = floor(m)
        if m.startswith(MIGRATIONS) or fm is None:
            continue
        for t in targets:
            ft = floor(t)
            if ft is not None and ft > fm and (m, t) not in PENDING:
                out.append((m, t))
    return sorted(out)


def main(argv: list[str]) -> int:
    g = graph()
    found = {"cycles": cycles(g), "core_imports_ui": ui_imports(g), "upward": upward_imports(g)}
    if "--json" in argv:
        print(json.dumps(found, ensure_ascii=False, indent=1))
    else:
        for c in found["cycles"]:
            print("cycle:", " ↔ ".join(c))
        for m, t in found["core_imports_ui"]:
            print(f"core module {m} imports {t}")
        for m, t in found["upward"]:
            print(f"{m} imports {t} on a higher floor")
        if not any(found.values()):
            print(f"{len(g)} modules: no cycles, no core module imports web or cli, nothing imports upward")
    return 1 if any(found.values()) else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
