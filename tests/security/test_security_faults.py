"""Faults under load, kept: two imports of the same table at the same moment — one commits, the
other is refused cleanly (a clear message, exit code, nothing half-written) and succeeds when run
again; the kill -9 tests of every import stage live in tests/ingest/test_ingest_crash.py."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from sechelpers import ROOT, make_settings

sys.path.insert(0, str(ROOT / "tests" / "ingest"))
from ingest_helpers import GOOD_PATENTS, write_patents

from ipatlas.ingest.bench import generate_standard_csv
from ipatlas.store.lake import Lake


def _import(data: Path, path: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "IPATLAS_DATA_DIR": str(data), "PYTHONPATH": str(ROOT / "src")}
    return subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from ipatlas.cli import main; main()",
            "ingest",
            "patents",
            str(path),
            "--json",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_concurrent_imports_of_one_table_are_serialised_or_refused(tmp_path: Path) -> None:
    s = make_settings(tmp_path / "data")
    big = tmp_path / "big.csv"
    generate_standard_csv(big, 10_000)
    small = write_patents(tmp_path / "small.csv", GOOD_PATENTS[:3])
    first, second = _import(s.data_dir, big), _import(s.data_dir, small)
    results = [(p.wait(timeout=300), *p.communicate()) for p in (first, second)]
    ok = [json.loads(out) for code, out, _ in results if code == 0]
    refused = [err for code, _, err in results if code != 0]
    assert ok, results
    for err in refused:
        assert "Traceback" not in err and ("another job" in err or "正在" in err), err
    lake = Lake(s.lake_dir)
    con = lake.connect()
    try:
        loaded = con.execute("SELECT count(*) FROM patents").fetchall()[0][0]
        imports = con.execute("SELECT count(*) FROM imports").fetchall()[0][0]
    finally:
        con.close()
    assert loaded == sum(r["loaded"] for r in ok) and imports == len(ok)  # nothing half-written
    assert not list(s.lake_dir.rglob(".tmp-*"))
    # A refused import, run again, goes through.
    for (code, _, _), path in zip(results, (big, small), strict=True):
        if code != 0:
            again = _import(s.data_dir, path)
            assert again.wait(timeout=300) == 0, again.communicate()


RECOMPUTE = """
import sys
from pathlib import Path
from ipatlas.config import Settings
from ipatlas.indicators.cube import compute_cube
compute_cube(Settings(data_dir=Path(sys.argv[1]), shared_dir=Path(sys.argv[2])))
"""


def test_kill_9_during_recompute_keeps_a_readable_cube(tmp_path: Path) -> None:
    """kill -9 at three moments of ``indicators compute``: the current cube stays complete and
    readable (the CURRENT pointer is swapped atomically), and the next recompute succeeds."""
    import json
    import random
    import signal
    import time

    from fixture_lake import build_lake

    from ipatlas.indicators.cube import compute_cube, cube_info, current_dir

    s = make_settings(tmp_path / "data")
    build_lake(s)
    first = compute_cube(s)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    rnd = random.Random(17)
    for delay in (0.5 + rnd.random(), 2.0 + rnd.random(), 3.5 + rnd.random()):
        child = subprocess.Popen(
            [sys.executable, "-c", RECOMPUTE, str(s.data_dir), str(s.shared_dir)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        d = current_dir(s)  # complete: CURRENT points at a directory with its cube
        version = json.loads((d.parent / "CURRENT").read_text("utf-8"))["version"]
        assert d.name == version and cube_info(s)["version"] == version
    again = compute_cube(s)
    assert again.version != first.version and current_dir(s).name == again.version
