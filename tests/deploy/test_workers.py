"""Several worker processes behind one port: the parent migrates once, every worker serves the
same sessions (one signing key, created once), and all of them answer."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from ipatlas.config import Settings
from ipatlas.store import workflow
from ipatlas.store.models import UserCreate

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True, check=False).stdout
    return [int(x) for x in out.split()]


def test_two_workers_share_one_port_and_one_session(tmp_path: Path) -> None:
    data = tmp_path / "data"
    s = Settings(data_dir=data)
    workflow.migrate(s)
    with workflow.workflow_session(s) as session:
        workflow.create_user(session, UserCreate(username="ana", role="analyst", password="Lang-Passwort-77"))
    port = _free_port()
    env = {**os.environ, "IPATLAS_DATA_DIR": str(data), "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "ipatlas.cli", "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if (
                    httpx.get(f"{base}/healthz", timeout=2).status_code == 200
                    and len(_children(proc.pid)) >= 2
                ):
                    break
            except httpx.HTTPError:
                pass
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else "server exited"
            assert time.monotonic() < deadline, "workers did not start within 90 s"
            time.sleep(0.5)
        with httpx.Client(base_url=base, timeout=10) as c:
            page = c.get("/login")
            token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
            assert token
            r = c.post(
                "/login",
                data={"username": "ana", "password": "Lang-Passwort-77", "csrf_token": token.group(1)},
            )
            assert r.status_code in (200, 303)
            # New connections are spread over both workers; every one must know the session.
            for _ in range(20):
                with httpx.Client(base_url=base, cookies=c.cookies, timeout=10) as fresh:
                    r = fresh.get("/dashboard", follow_redirects=False)
                    assert r.status_code == 200, r.status_code
        assert len(_children(proc.pid)) >= 2
        # Exactly one key file, made by the parent.
        assert (data / ".web_secret").is_file()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
