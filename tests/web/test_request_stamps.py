"""One request sees one version of the lake, the cube and the region groups (their stamps are read
once per request, also from the worker thread a sync page runs in); the next request sees a
commit made meanwhile, and code outside a request always reads them afresh."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import anyio
import anyio.to_thread

from ipatlas.config import Settings
from ipatlas.web.services.source import DataSource, StampsPerRequest


def _bump(path: Path) -> None:
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))


def test_stamps_once_per_request_and_fresh_on_the_next(web_settings: Settings) -> None:
    source = DataSource(web_settings)
    manifest = web_settings.lake_dir / "_manifest.json"
    original = manifest.stat()
    seen: list[Any] = []

    async def page(scope: Any, receive: Any, send: Any) -> None:
        seen.append(source.stamps())
        _bump(manifest)  # an import commits while the request runs
        seen.append(await anyio.to_thread.run_sync(source.stamps))  # as a sync route does

    guarded = StampsPerRequest(page)
    try:
        anyio.run(guarded, {"type": "http"}, None, None)
        assert seen[0] == seen[1]
        anyio.run(guarded, {"type": "http"}, None, None)
        assert seen[2][0] > seen[0][0]  # the next request sees the commit
        outside = source.stamps()
        _bump(manifest)
        assert source.stamps()[0] > outside[0]  # no request: read afresh every time
    finally:
        os.utime(manifest, ns=(original.st_atime_ns, original.st_mtime_ns))
        source.close()
