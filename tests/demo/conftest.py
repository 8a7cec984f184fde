from __future__ import annotations

from pathlib import Path

import pytest

from ipatlas.demo import DemoManifest, generate

# A scaled-down Chongqing set (≈ 1/21 of the realistic size), shared by the tests of this package.
CQ_RECORDS = 50_000


@pytest.fixture(scope="session")
def cq_demo(tmp_path_factory: pytest.TempPathFactory, shared_dir: Path) -> DemoManifest:
    out = tmp_path_factory.mktemp("demo-cq")
    return generate(out, records=CQ_RECORDS, shared_dir=shared_dir)
