"""Two worker processes behind one port (real ``ipatlas serve --workers 2``): the parent migrates
once, and everything that must be shared lives in the database. Each request is sent on a
connection pinned to a known worker (the accepting process is read from /proc), so every check
below runs across both processes, and would fail if the state were per process:

- a session made on one worker is known to the other, and a logout on one is honoured by the other;
- the login throttle counts failures made through both workers;
- the portal's rate limit counts hits on both workers;
- an export job started on one worker is followed and downloaded through the other;
- concurrent intakes on both workers never get the same 文书编号 (登记编号).
"""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import text

from ipatlas.config import Settings
from ipatlas.store import workflow
from ipatlas.store.models import UserCreate

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "Lang-Passwort-77"
INTAKE: dict[str, Any] = {
    "kind": "complaint",
    "ip_type": "trademark",
    "channel": "12315",
    "received_at": "2026-03-02 09:30",
    "complainant": {"name": "张三", "type": "enterprise", "address": "重庆市渝中区解放碑1号"},
    "respondent": {"name": "重庆某某贸易有限公司", "type": "enterprise", "address": "重庆市江北区北京路1号"},
    "right": {"type": "trademark", "number": "12345678"},
    "facts": "被投诉人在门店销售假冒我方注册商标的运动鞋。",
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True, check=False).stdout
    return [int(x) for x in out.split()]


def _workers(pid: int) -> list[int]:
    """The worker processes (children of the supervisor that are not multiprocessing helpers)."""
    found = []
    for child in _children(pid):
        try:
            cmd = Path(f"/proc/{child}/cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if "resource_tracker" not in cmd:
            found.append(child)
    return found


def _socket_inode(server_port: int, client_port: int) -> str | None:
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            parts = line.split()
            local, remote = parts[1], parts[2]
            if (
                int(local.rsplit(":", 1)[1], 16) == server_port
                and int(remote.rsplit(":", 1)[1], 16) == client_port
            ):
                return parts[9]
    return None


def _owner(inode: str, workers: list[int]) -> int | None:
    for pid in workers:
        try:
            fds = list(Path(f"/proc/{pid}/fd").iterdir())
        except OSError:
            continue
        for fd in fds:
            try:
                if os.readlink(fd) == f"socket:[{inode}]":
                    return pid
            except OSError:
                continue
    return None


class Browser:
    """A cookie jar (one user's browser); requests go out on a given connection."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}

    def send(
        self, conn: http.client.HTTPConnection, method: str, path: str, body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, str], bytes]:  # fmt: skip
        h = dict(headers or {})
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn.request(method, path, body=body, headers=h)
        res = conn.getresponse()
        data = res.read()
        for value in res.headers.get_all("set-cookie") or []:
            jar: SimpleCookie = SimpleCookie()
            jar.load(value)
            for k, morsel in jar.items():
                if morsel.value and "max-age=0" not in value.lower():
                    self.cookies[k] = morsel.value
                else:
                    self.cookies.pop(k, None)
        return res.status, {k.lower(): v for k, v in res.headers.items()}, data

    def csrf(self, conn: http.client.HTTPConnection, path: str = "/dashboard") -> str:
        status, _, body = self.send(conn, "GET", path)
        assert status == 200, (path, status)
        m = re.search(r'name="csrf-token" content="([^"]+)"', body.decode())
        assert m
        return m.group(1)

    def login(self, conn: http.client.HTTPConnection, username: str, password: str) -> int:
        _, _, page = self.send(conn, "GET", "/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.decode())
        assert token
        form = urlencode({"username": username, "password": password, "csrf_token": token.group(1)})
        status, _, _ = self.send(
            conn, "POST", "/login", form.encode(), {"Content-Type": "application/x-www-form-urlencoded"}
        )
        return status


def test_two_workers_share_sessions_throttles_limits_export_jobs_and_numbers(tmp_path: Path) -> None:
    data = tmp_path / "data"
    s = Settings(data_dir=data)
    workflow.migrate(s)
    with workflow.workflow_session(s) as session:
        for name, role in (("ana", "analyst"), ("tom", "analyst"), ("clerk1", "clerk")):
            workflow.create_user(session, UserCreate(username=name, role=role, password=PASSWORD))
    port = _free_port()
    env = {
        **os.environ,
        "IPATLAS_DATA_DIR": str(data),
        "PYTHONPATH": str(ROOT / "src"),
        "IPATLAS_PORTAL_LIMITS": "page=4/minute",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "ipatlas.cli", "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )

    def pinned(pid: int) -> http.client.HTTPConnection:
        """A connection that the worker ``pid`` accepted."""
        for _ in range(200):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("GET", "/healthz")  # served means accepted: the socket is in a worker now
            assert conn.getresponse().read()
            inode = _socket_inode(port, conn.sock.getsockname()[1])
            if inode and _owner(inode, workers) == pid:
                return conn
            conn.close()
        raise AssertionError(f"no connection was accepted by worker {pid}")

    try:
        deadline = time.monotonic() + 90
        while True:
            workers = _workers(proc.pid)
            try:
                if len(workers) >= 2:
                    probe = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                    probe.request("GET", "/healthz")
                    if probe.getresponse().status == 200:
                        break
            except OSError:
                pass
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else "server exited"
            assert time.monotonic() < deadline, "workers did not start within 90 s"
            time.sleep(0.3)
        time.sleep(1.0)  # let both workers finish their start-up
        workers = _workers(proc.pid)
        assert len(workers) == 2, workers
        a, b = pinned(workers[0]), pinned(workers[1])

        # 1. One session, both workers; a logout on A is honoured by B.
        ana = Browser()
        assert ana.login(a, "ana", PASSWORD) == 303
        assert ana.send(b, "GET", "/dashboard")[0] == 200
        old = dict(ana.cookies)
        token = ana.csrf(b)
        assert ana.send(a, "POST", "/logout", b"", {"X-CSRF-Token": token})[0] == 303
        ana.cookies = old  # a stolen copy of the cookie is worth nothing after the logout
        status, headers, _ = ana.send(b, "GET", "/dashboard")
        assert status in (302, 303, 401) and "/login" in headers.get("location", "/login")

        # 2. The login throttle counts failures made through both workers.
        tom = Browser()
        for i in range(s.login_max_failures):
            assert tom.login(a if i % 2 == 0 else b, "tom", "wrong password") == 401
        assert tom.login(b, "tom", PASSWORD) == 429  # per process, B would have seen only 2
        assert tom.login(a, "tom", PASSWORD) == 429

        # 3. The portal's rate limit (4 a minute here) counts hits on both workers.
        visitor = Browser()
        codes = [visitor.send(conn, "GET", "/portal")[0] for conn in (a, b, a, b, b, a)]
        assert codes == [200, 200, 200, 200, 429, 429]

        # 4. An export job started on A is followed and downloaded through B.
        ana = Browser()
        assert ana.login(a, "ana", PASSWORD) == 303
        token = ana.csrf(a)
        status, _, body = ana.send(
            a, "POST", "/export/jobs/records?format=xlsx", b"", {"X-CSRF-Token": token}
        )
        assert status == 200, body
        job = json.loads(body)
        until = time.monotonic() + 20
        while job["state"] not in ("done", "failed"):
            assert time.monotonic() < until
            time.sleep(0.1)
            job = json.loads(ana.send(b, "GET", f"/export/jobs/{job['id']}.json")[2])
        assert job["state"] == "done"
        status, headers, content = ana.send(b, "GET", job["download"])
        assert status == 200 and content[:2] == b"PK" and "sheet" in headers["content-type"]

        # 5. Concurrent intakes on both workers: every 登记编号 distinct, none skipped.
        clerk = Browser()
        assert clerk.login(a, "clerk1", PASSWORD) == 303
        token = clerk.csrf(a, "/protection")
        conns = [pinned(workers[i % 2]) for i in range(4)]
        numbers: list[str] = []
        errors: list[str] = []

        def intake(conn: http.client.HTTPConnection, k: int) -> None:
            for j in range(4):
                fields = {**INTAKE, "facts": f"{INTAKE['facts']}（第 {k}-{j} 件）"}
                st, _, out = clerk.send(
                    conn, "POST", "/protection/intake.json", json.dumps(fields, ensure_ascii=False).encode(),
                    {"Content-Type": "application/json", "X-CSRF-Token": token},
                )  # fmt: skip
                if st != 200:
                    errors.append(f"{st} {out[:200]!r}")
                else:
                    numbers.append(json.loads(out)["number"])

        threads = [threading.Thread(target=intake, args=(c, k)) for k, c in enumerate(conns)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert errors == []
        assert len(numbers) == 16 and len(set(numbers)) == 16
        seqs = sorted(int(re.search(r"(\d+)号$", n).group(1)) for n in numbers)  # type: ignore[union-attr]
        assert seqs == list(range(1, 17))
        with workflow.workflow_session(s) as session:
            issued = session.execute(text("SELECT count(DISTINCT number) FROM wf_documents")).scalar_one()
        assert issued == 16
        assert (data / ".web_secret").is_file()  # one key file, made by the parent
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
