"""``ipatlas serve`` serves the platform; ``ipatlas bench web`` runs end to end (tiny, loopback)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import httpx
import pytest
from webhelpers import free_port

from ipatlas.config import Settings

CLI = [sys.executable, "-c", "from ipatlas.cli import main; main()"]


def _env(settings: Settings) -> dict[str, str]:
    return {**os.environ, "IPATLAS_DATA_DIR": str(settings.data_dir), "IPATLAS_SECRET_KEY": "k"}


def test_serve_command_serves_the_platform(web_settings: Settings) -> None:
    port = free_port()
    proc = subprocess.Popen(
        [*CLI, "serve", "--port", str(port), "--host", "127.0.0.1"],
        env=_env(web_settings),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.time() + 60
        while True:
            try:
                res = httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
                assert time.time() < deadline, "server did not come up"
                time.sleep(0.3)
        assert res.status_code == 200 and "知识产权资源布局信息平台" in res.text
        assert httpx.get(f"http://127.0.0.1:{port}/static/vendor/echarts.min.js").status_code == 200
        assert httpx.get(f"http://127.0.0.1:{port}/static/vendor/htmx.min.js").status_code == 200
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.mark.slow
def test_bench_web_command_runs(web_settings: Settings) -> None:
    res = subprocess.run(
        [*CLI, "bench", "web", "--users", "3", "--requests", "3", "--think-max", "0", "--json"],
        env=_env(web_settings),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert res.returncode == 0, res.stderr
    d = json.loads(res.stdout)
    assert d["errors"] == 0 and d["requests"] >= 9
    assert set(d["by_endpoint"]) >= {"dashboard", "map", "records"}
    assert d["data"]["patents"] > 0 and d["baseline_healthz"]["n"] > 0
