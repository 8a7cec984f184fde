"""``ipatlas bench …``: benchmarks as ratios against a baseline run in the same process.

Each capability registers its own sub-command on :data:`bench_app` from its CLI module.
"""

from __future__ import annotations

import typer

bench_app = typer.Typer(help="Benchmarks (results as ratios against a baseline measured in the same run).")


def register(app: typer.Typer) -> None:
    app.add_typer(bench_app, name="bench")
