"""Fixtures of the ``textkit serve`` tests: the loaded pipeline, a screener in a temporary folder, a client."""

from __future__ import annotations

import time

import pytest

pytest.importorskip("starlette")
pytest.importorskip("multipart")

from starlette.testclient import TestClient  # noqa: E402

from textkit.serve.app import create_app  # noqa: E402
from textkit.serve.screener import Screener  # noqa: E402
from textkit.serve.uploads import UploadLimits  # noqa: E402

POST = {"X-Textkit": "1"}
LOCAL = "http://127.0.0.1"


@pytest.fixture(scope="session")
def pipeline():
    from textkit.pipeline import get_pipeline

    pipe = get_pipeline()
    pipe.process_text("党支部开展“三会一课”学习2次。")
    return pipe


@pytest.fixture
def screener(pipeline, tmp_path):
    scr = Screener(
        pipeline, tmp_path / "work", limits=UploadLimits(max_file_bytes=8000, max_request_bytes=30_000, max_unpacked_bytes=20_000)
    )
    yield scr
    scr.close()


@pytest.fixture
def client(screener):
    with TestClient(create_app(screener), base_url=LOCAL) as c:
        yield c


def wait_done(client, timeout: float = 30) -> dict:
    """The results once no screening runs."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        data = client.get("/api/results").json()
        if data["state"] != "running":
            return data
        time.sleep(0.05)
    raise AssertionError("screening did not finish")
