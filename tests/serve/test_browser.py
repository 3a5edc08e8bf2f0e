"""``textkit serve`` as staff use it: a real uvicorn server on 127.0.0.1 and headless Chromium
(upload two reports → the ranked verdicts → a submission's page → the XLSX, opened with openpyxl)."""

from __future__ import annotations

import shutil
import socket
import threading
import time
import urllib.request

import pytest
from openpyxl import load_workbook

from tests.conftest import REPORT_SIMPLIFIED
from tests.screening.samples import ORIGINAL_TRADITIONAL
from textkit.serve.app import create_app
from textkit.serve.screener import Screener

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def live_server(pipeline, tmp_path_factory):
    """A uvicorn server in a thread on a free port of 127.0.0.1; yields (url, work folder) and stops it."""
    import uvicorn

    work = tmp_path_factory.mktemp("serve") / "work"
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(Screener(pipeline, work)), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    end = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < end and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}", work
    server.should_exit = True
    thread.join(10)


def test_real_server_serves_the_page_and_deletes_its_folder_when_stopped(pipeline, tmp_path):
    import uvicorn

    work = tmp_path / "work"
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(Screener(pipeline, work)), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/") as resp:
        assert resp.status == 200 and "材料筛查" in resp.read().decode("utf-8")
    assert work.is_dir()
    server.should_exit = True
    thread.join(10)
    assert not thread.is_alive() and not work.exists()


def _chromium() -> str | None:
    for name in ("/usr/bin/chromium", "chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install '.[test]')")
    executable = _chromium()
    if executable is None:
        pytest.skip("no Chromium found (/usr/bin/chromium; apt-get install chromium)")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.mark.slow
def test_upload_verdicts_page_and_xlsx_in_chromium(browser, live_server, tmp_path):
    url, work = live_server
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "红星社区.txt").write_text(REPORT_SIMPLIFIED, encoding="utf-8")
    (reports / "南湖街道.txt").write_text(ORIGINAL_TRADITIONAL, encoding="utf-8")
    page = browser.new_page(accept_downloads=True)
    requests: list[str] = []
    page.on("request", lambda req: requests.append(req.url))
    page.goto(url + "/")
    page.set_input_files("#files", [str(p) for p in sorted(reports.iterdir())])
    page.wait_for_selector("body[data-state=done]", timeout=20_000)
    rows = page.locator("#results tr.row")
    assert rows.count() == 2
    listed = page.locator("#results").inner_text()
    assert "红星社区.txt" in listed and "南湖街道.txt" in listed
    assert "已筛查 2 份材料" in page.locator("#status").inner_text()
    assert "结论" in page.locator("#results th").all_inner_texts()
    verdicts = page.locator("#results .verdict").all_inner_texts()
    assert len(verdicts) == 2 and set(verdicts) <= {"通过", "需复核", "退回"}
    scores = [int(t) for t in page.locator("#results tr.row td.num:nth-child(2)").all_inner_texts()]
    assert scores == sorted(scores, reverse=True)  # ranked best first
    # open a submission's page from the list
    link = rows.nth(0).locator("a.page")
    title = link.inner_text()
    link.click()
    page.wait_for_load_state()
    assert "/pages/" in page.url and title in page.content()
    page.go_back()
    page.wait_for_selector("body[data-state=done]")
    # download the sheet and open it
    with page.expect_download() as download:
        page.click("#xlsx")
    xlsx = tmp_path / "screen.xlsx"
    download.value.save_as(xlsx)
    ws = load_workbook(xlsx).active
    assert ws.max_row == 3
    assert {ws.cell(row=r, column=4).value for r in (2, 3)} == {"红星社区.txt", "南湖街道.txt"}
    assert all(u.startswith(url) for u in requests)  # nothing from the network
    page.click("#clear")
    page.wait_for_function("document.getElementById('status').textContent.includes('已清除')")
    assert page.locator("#results tr.row").count() == 0
    assert not [p for p in (work / "uploads").rglob("*") if p.is_file()]
    page.close()
