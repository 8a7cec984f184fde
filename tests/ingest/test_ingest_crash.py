"""Atomic import: an import killed with SIGKILL at any point leaves the previous state intact and
readable, and the next import works."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from ingest_helpers import GOOD_PATENTS, write_patents

from ipatlas.ingest import import_file, list_imports
from ipatlas.ingest.bench import generate_standard_csv
from ipatlas.store.lake import Lake

CHILD = """
import sys
from pathlib import Path
from ipatlas.config import Settings
from ipatlas.ingest import import_file
import_file(Settings(data_dir=Path(sys.argv[1])), "patents", Path(sys.argv[2]))
"""


def _spawn(settings, path: Path, env: dict[str, str] | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, str(settings.data_dir), str(path)],
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _state(lake: Lake) -> tuple:
    con = lake.connect()
    try:
        patents = sorted(con.execute("SELECT app_no, record_hash FROM patents").fetchall())
        imports = con.execute("SELECT count(*) FROM imports").fetchall()[0][0]
        quarantine = con.execute("SELECT count(*) FROM quarantine").fetchall()[0][0]
    finally:
        con.close()
    return lake.manifest(), patents, imports, quarantine


@pytest.fixture()
def base(settings, tmp_path):
    first = write_patents(tmp_path / "first.csv", GOOD_PATENTS[:2])
    import_file(settings, "patents", first)
    rows = [dict(r, title=r["title"] + "（修订）") for r in GOOD_PATENTS[1:]]  # 1 replace + 2 new
    second = write_patents(tmp_path / "second.csv", rows)
    return second


@pytest.mark.parametrize("stage", ["read", "staged", "written"])
def test_kill_before_commit_keeps_previous_state(settings, lake, tmp_path, base, stage):
    before = _state(lake)
    marker = tmp_path / "paused"
    proc = _spawn(
        settings, base, {"IPATLAS_INGEST_PAUSE_AT": stage, "IPATLAS_INGEST_PAUSE_FILE": str(marker)}
    )
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
            assert time.monotonic() < deadline, "child never reached the pause point"
            time.sleep(0.05)
        assert marker.read_text() == stage
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert _state(lake) == before  # same manifest, same rows, readable
    assert lake.read("patents").num_rows == 2
    # The lock died with the process: the next import commits normally.
    s = import_file(settings, "patents", base)
    assert (s.inserted, s.replaced) == (2, 1)
    assert lake.rows("patents") == 4
    assert len(list_imports(settings)) == 2


def test_kill_after_commit_keeps_the_new_state(settings, lake, tmp_path, base):
    marker = tmp_path / "paused"
    proc = _spawn(
        settings, base, {"IPATLAS_INGEST_PAUSE_AT": "committed", "IPATLAS_INGEST_PAUSE_FILE": str(marker)}
    )
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert proc.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert lake.rows("patents") == 4
    assert len(list_imports(settings)) == 2
    again = import_file(settings, "patents", base)
    assert (again.loaded, again.duplicates) == (0, 3)


def test_kill_at_random_moments_is_all_or_nothing(settings, lake, tmp_path, base):
    big = generate_standard_csv(tmp_path / "big.csv", 20_000, seed=7)
    before = _state(lake)
    outcomes = set()
    for delay in (1.0, 2.0, 3.5):
        proc = _spawn(settings, big)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        manifest, patents, imports, quarantine = _state(lake)
        if imports == before[2]:
            assert (manifest, patents, quarantine) == (before[0], before[1], before[3])
            outcomes.add("before")
        else:  # the whole import committed, nothing half-way
            assert imports == before[2] + 1
            assert len(patents) == len(before[1]) + list_imports(settings)[0].inserted
            outcomes.add("after")
            before = (manifest, patents, imports, quarantine)
    s = import_file(settings, "patents", big)
    assert s.read == 20_000
    assert s.loaded + s.duplicates + s.quarantined == 20_000
    assert outcomes  # at least one kill observed a consistent state


@pytest.mark.parametrize("stage", ["read", "staged"])
def test_ctrl_c_on_the_command_line_is_one_chinese_line(settings, lake, tmp_path, base, stage):
    """Ctrl-C during ``ipatlas ingest``: exit 130 with one Chinese line (was: a silent exit 130 from
    Typer, or a traceback — KeyboardInterrupt, or DuckDB's "RuntimeError: Query interrupted"), and
    the previous state intact."""
    before = _state(lake)
    marker = tmp_path / "paused"
    env = {
        **os.environ,
        "IPATLAS_DATA_DIR": str(settings.data_dir),
        "IPATLAS_SHARED_DIR": str(settings.shared_dir),
        "IPATLAS_INGEST_PAUSE_AT": stage,
        "IPATLAS_INGEST_PAUSE_FILE": str(marker),
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "ipatlas.cli", "ingest", "patents", str(base)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # as a terminal's Ctrl-C
    )
    deadline = time.monotonic() + 120
    while not marker.exists():
        assert proc.poll() is None and time.monotonic() < deadline, "child never reached the pause point"
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=60)
    text = err.decode()
    assert proc.returncode == 130 and "Traceback" not in text
    assert "已中止（Ctrl-C）" in text and "已有数据保持完整" in text
    assert _state(lake) == before
    assert import_file(settings, "patents", base).inserted == 2  # and the next import goes through
