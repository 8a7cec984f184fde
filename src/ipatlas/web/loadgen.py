"""A lean HTTP/1.1 keep-alive client for the load benchmarks (GET only, loopback).

The benchmarks run the simulated users on the same machine as the server. httpx spends about
3 ms of CPU per request, which on a 2-core box is CPU taken from the workers being measured
(200 users clicking every 0.5–2 s offer ~200 requests/s: 0.6 of a core for the client alone).
This client parses only what a measurement needs — the status, the body's length (read in full,
``Content-Length`` or chunked), ``Connection: close`` and ``Set-Cookie`` — so the load on the box
is the server's, as it is when the users sit at their own computers.
"""

from __future__ import annotations

import asyncio
import contextlib
from http.cookies import SimpleCookie

MAX_HEADER_BYTES = 64 * 1024


class LoadClientError(Exception):
    """The server answered with something that is not HTTP/1.1, or closed mid-response."""


class LeanClient:
    """One user's connection: requests are sent one after the other on a kept-alive socket,
    reopened when the server closes it (as a browser does)."""

    def __init__(self, host: str, port: int, cookies: dict[str, str] | None = None, timeout: float = 30):
        self.host, self.port, self.timeout = host, port, timeout
        self.cookies: dict[str, str] = dict(cookies or {})
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> tuple[int, int]:
        """``(status, body bytes)``; one retry on a fresh connection when a kept-alive socket
        turns out closed before any byte of the answer (the server's keep-alive timeout)."""
        for attempt in (0, 1):
            if self._writer is None:
                await self._connect()
            try:
                return await asyncio.wait_for(self._exchange(path), self.timeout)
            except (ConnectionError, asyncio.IncompleteReadError, LoadClientError):
                await self.aclose()
                if attempt:
                    raise
        raise AssertionError("unreachable")

    async def aclose(self) -> None:
        writer, self._reader, self._writer = self._writer, None, None
        if writer is not None:
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()

    async def _connect(self) -> None:
        opened = await asyncio.open_connection(self.host, self.port, limit=MAX_HEADER_BYTES)
        self._reader, self._writer = opened

    def _request(self, path: str) -> bytes:
        lines = [f"GET {path} HTTP/1.1", f"Host: {self.host}:{self.port}", "Accept: */*"]
        if self.cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")

    async def _exchange(self, path: str) -> tuple[int, int]:
        assert self._reader is not None and self._writer is not None
        self._writer.write(self._request(path))
        await self._writer.drain()
        head = await self._reader.readuntil(b"\r\n\r\n")
        status, headers = _parse_head(head)
        for value in headers.get("set-cookie", []):
            jar: SimpleCookie = SimpleCookie()
            jar.load(value)
            for name, morsel in jar.items():
                self.cookies[name] = morsel.value
        if "chunked" in ",".join(headers.get("transfer-encoding", [])).lower():
            size = await self._chunked()
        else:
            size = int((headers.get("content-length") or ["0"])[0])
            await self._reader.readexactly(size)
        if "close" in ",".join(headers.get("connection", [])).lower():
            await self.aclose()
        return status, size

    async def _chunked(self) -> int:
        assert self._reader is not None
        total = 0
        while True:
            line = await self._reader.readuntil(b"\r\n")
            size = int(line.split(b";", 1)[0].strip() or b"0", 16)
            if size == 0:
                await self._reader.readuntil(b"\r\n")  # no trailers from our server
                return total
            await self._reader.readexactly(size + 2)
            total += size


def _parse_head(head: bytes) -> tuple[int, dict[str, list[str]]]:
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ", 2)
    if len(parts) < 2 or not parts[0].startswith("HTTP/1.") or not parts[1].isdigit():
        raise LoadClientError(f"not an HTTP/1.1 status line: {lines[0][:80]!r}")
    headers: dict[str, list[str]] = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers.setdefault(name.strip().lower(), []).append(value.strip())
    return int(parts[1]), headers
