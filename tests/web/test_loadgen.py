"""The benchmarks' lean HTTP client against a real uvicorn server: the sizes it reports are the
bodies' sizes (length-delimited and chunked), cookies set by the server are sent back, a
connection the server closes is reopened, and a non-HTTP answer is an error, not a number."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route

from ipatlas.web.loadgen import LeanClient, LoadClientError, _parse_head

BODY = "知识产权" * 3000  # 36,000 bytes of UTF-8


async def fixed(request: Request) -> Response:
    return PlainTextResponse(BODY)


async def chunked(request: Request) -> Response:
    async def parts():  # type: ignore[no-untyped-def]
        for _ in range(7):
            yield BODY.encode()

    return StreamingResponse(parts(), media_type="text/plain")


async def login(request: Request) -> Response:
    res = PlainTextResponse("ok")
    res.set_cookie("sid", "abc123")
    return res


async def whoami(request: Request) -> Response:
    return PlainTextResponse(request.cookies.get("sid", "nobody"))


async def closing(request: Request) -> Response:
    return PlainTextResponse("bye", headers={"Connection": "close"})


async def missing(request: Request) -> Response:
    return PlainTextResponse("无此页", status_code=404)


APP = Starlette(
    routes=[
        Route("/fixed", fixed),
        Route("/chunked", chunked),
        Route("/login", login),
        Route("/whoami", whoami),
        Route("/closing", closing),
        Route("/missing", missing),
    ]
)


@pytest.fixture(scope="module")
def port() -> Iterator[int]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        free = int(s.getsockname()[1])
    # A short keep-alive so that the test can watch the server drop an idle connection.
    server = uvicorn.Server(uvicorn.Config(APP, port=free, log_level="warning", timeout_keep_alive=1))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield free
    server.should_exit = True
    thread.join(10)


def run(coro):  # type: ignore[no-untyped-def]
    return asyncio.run(coro)


def test_sizes_are_the_bodies(port: int) -> None:
    async def go() -> list[tuple[int, int]]:
        c = LeanClient("127.0.0.1", port)
        try:
            return [await c.get("/fixed"), await c.get("/chunked"), await c.get("/missing")]
        finally:
            await c.aclose()

    fixed_res, chunked_res, missing_res = run(go())
    assert fixed_res == (200, len(BODY.encode()))
    assert chunked_res == (200, 7 * len(BODY.encode()))
    assert missing_res == (404, len("无此页".encode()))


def test_cookies_go_back_and_one_connection_is_kept(port: int) -> None:
    async def go() -> tuple[tuple[int, int], tuple[int, int], dict[str, str], bool]:
        c = LeanClient("127.0.0.1", port)
        try:
            first = await c.get("/whoami")
            await c.get("/login")
            writer = c._writer
            second = await c.get("/whoami")
            return first, second, c.cookies, writer is c._writer
        finally:
            await c.aclose()

    first, second, cookies, same = run(go())
    assert first == (200, len(b"nobody"))
    assert second == (200, len(b"abc123"))
    assert cookies == {"sid": "abc123"}
    assert same  # kept alive between requests


def test_closed_connections_are_reopened(port: int) -> None:
    async def go() -> list[tuple[int, int]]:
        c = LeanClient("127.0.0.1", port)
        try:
            out = [await c.get("/closing")]  # the server says it closes
            out.append(await c.get("/fixed"))
            await asyncio.sleep(1.6)  # the server drops the idle kept-alive connection
            out.append(await c.get("/fixed"))
            return out
        finally:
            await c.aclose()

    assert run(go()) == [(200, 3), (200, len(BODY.encode())), (200, len(BODY.encode()))]


def test_an_answer_that_is_not_http_is_an_error() -> None:
    with pytest.raises(LoadClientError):
        _parse_head(b"SSH-2.0-OpenSSH_9.2\r\n\r\n")
    assert _parse_head(b"HTTP/1.1 303 See Other\r\nLocation: /login\r\nSet-Cookie: a=1\r\n\r\n") == (
        303,
        {"location": ["/login"], "set-cookie": ["a=1"]},
    )
