"""``ipatlas bench …``: benchmarks as ratios against a baseline run in the same process.

Each capability registers its own sub-command on :data:`bench_app` from its CLI module.
"""

from __future__ import annotations

import typer

bench_app = typer.Typer(help="性能基准（结果为与同一次运行中测得的基线之比）。")


def register(app: typer.Typer) -> None:
    app.add_typer(bench_app, name="bench")
