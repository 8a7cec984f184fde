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
