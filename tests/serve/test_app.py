"""``textkit serve`` over HTTP (Starlette's TestClient): uploads, results, pages, sheet, limits and defences."""

from __future__ import annotations

import io
import zipfile

from openpyxl import load_workbook
from starlette.testclient import TestClient

from tests.conftest import REPORT_SIMPLIFIED
from tests.screening.samples import ORIGINAL, ORIGINAL_TRADITIONAL, TEMPLATE
from tests.serve.conftest import LOCAL, POST, wait_done
from textkit.serve.app import create_app


def _upload(client, *files: tuple[str, bytes | str]):
    parts = [("files", (name, data.encode("utf-8") if isinstance(data, str) else data)) for name, data in files]
    return client.post("/api/upload", files=parts, headers=POST)


def _zip(members: dict[str, str | bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _stored(screener) -> list[str]:
    return sorted(str(p.relative_to(screener.uploads)) for p in screener.uploads.rglob("*") if p.is_file())


def test_page_is_self_contained(client):
    html = client.get("/").text
    assert "材料筛查" in html and 'id="files"' in html and "webkitdirectory" in html
    assert "http://" not in html and "https://" not in html and "<link" not in html and "src=" not in html


def test_uploads_are_screened_ranked_and_served(client, screener):
    resp = _upload(client, ("branch/original.txt", ORIGINAL), ("community.txt", REPORT_SIMPLIFIED))
    assert resp.status_code == 202
    assert resp.json() == {"files": ["branch/original.txt", "community.txt"], "skipped": []}
    first = wait_done(client)
    assert first["state"] == "done"
    assert {r["source"] for r in first["rows"]} == {"branch/original.txt", "community.txt"}  # as the user named them
    assert [r["rank"] for r in first["rows"]] == [1, 2]
    assert first["rows"][0]["score"] >= first["rows"][1]["score"]
    # a second upload adds to the first: everything uploaded so far is screened together
    assert _upload(client, ("nanhu.txt", ORIGINAL_TRADITIONAL)).status_code == 202
    data = wait_done(client)
    assert {r["source"] for r in data["rows"]} == {"branch/original.txt", "community.txt", "nanhu.txt"}
    assert all("/work/" not in f["message"] for r in data["rows"] for f in r["flags"])
    for row in data["rows"]:
        page = client.get(f"/pages/{row['page']}")
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        assert row["source"] in page.text
    index = client.get("/pages/index.html").text  # the ranked index links every page
    assert all(row["page"] in index for row in data["rows"])
    sheet = client.get("/screen.xlsx")
    assert sheet.status_code == 200 and 'filename="screen.xlsx"' in sheet.headers["content-disposition"]
    ws = load_workbook(io.BytesIO(sheet.content)).active
    assert {ws.cell(row=r, column=4).value for r in range(2, ws.max_row + 1)} == {r["source"] for r in data["rows"]}
    assert {rec["source"] for rec in client.get("/screen.json").json()} == {r["source"] for r in data["rows"]}


def test_copies_between_uploads_are_found_and_a_file_uploaded_again_replaces_the_first(client, screener):
    _upload(client, ("template.txt", TEMPLATE))
    wait_done(client)
    _upload(client, ("filled.txt", TEMPLATE.replace("XX党支部", "东山村党支部")))
    data = wait_done(client)
    assert all(any(f["code"].startswith("DUPLICATE") for f in r["flags"]) for r in data["rows"])
    _upload(client, ("filled.txt", ORIGINAL))  # corrected and uploaded again
    data = wait_done(client)
    assert [r["source"] for r in data["rows"]].count("filled.txt") == 1
    assert not any(f["code"].startswith("DUPLICATE") for r in data["rows"] for f in r["flags"])


def test_zip_of_a_folder_is_unpacked_hidden_and_unknown_files_skipped(client, screener):
    archive = _zip(
        {"reports/a.txt": ORIGINAL, "reports/sub/b.txt": REPORT_SIMPLIFIED, "__MACOSX/._a.txt": b"x", "reports/logo.png": b"\x89PNG"}
    )
    resp = _upload(client, ("reports.zip", archive))
    assert resp.status_code == 202
    body = resp.json()
    assert body["files"] == ["reports/reports/a.txt", "reports/reports/sub/b.txt"]
    assert len(body["skipped"]) == 2 and any("logo.png" in s for s in body["skipped"])
    assert {r["source"] for r in wait_done(client)["rows"]} == {"reports/reports/a.txt", "reports/reports/sub/b.txt"}


def test_path_traversal_is_refused_in_names_and_zip_members(client, screener, tmp_path):
    for name in ("../evil.txt", "a/../../evil.txt", "/etc/evil.txt", "C:/evil.txt", "..\\evil.txt"):
        resp = _upload(client, (name, REPORT_SIMPLIFIED))
        assert resp.status_code == 400, name
        assert "路径" in resp.json()["error"]
    resp = _upload(client, ("folder.zip", _zip({"ok.txt": ORIGINAL, "../../evil.txt": REPORT_SIMPLIFIED})))
    assert resp.status_code == 400 and "evil.txt" in resp.json()["error"]
    assert _stored(screener) == []  # a refused upload stores nothing, not even its good files
    assert not list(tmp_path.rglob("evil.txt"))


def test_uploads_over_the_limits_get_413_with_a_clear_message(client, screener):
    resp = _upload(client, ("big.txt", "党" * 3000))  # 9,000 bytes, over 8,000 per file
    assert resp.status_code == 413 and "单个文件的上限" in resp.json()["error"]
    resp = _upload(client, *[(f"r{i}.txt", "党" * 2500) for i in range(5)])  # 37,500 bytes in the request, over 30,000
    assert resp.status_code == 413 and "单次上限" in resp.json()["error"]
    bomb = _zip({f"r{i}.txt": "党" * 2600 for i in range(4)})  # small zip, 31,200 bytes unpacked, over 20,000
    assert len(bomb) < 8000
    resp = _upload(client, ("bomb.zip", bomb))
    assert resp.status_code == 413 and "解压后" in resp.json()["error"]
    assert _stored(screener) == []


def test_request_body_is_counted_as_it_arrives_without_content_length(client):
    def chunks():
        for _ in range(40):
            yield b"x" * 1000

    resp = client.post("/api/upload", content=chunks(), headers={**POST, "content-type": "multipart/form-data; boundary=b"})
    assert resp.status_code == 413 and "单次上限" in resp.json()["error"]


def test_posts_need_the_page_header_and_hosts_are_checked(client, screener):
    resp = client.post("/api/upload", files=[("files", ("a.txt", b"text"))])
    assert resp.status_code == 403
    assert client.post("/api/clear").status_code == 403
    assert _stored(screener) == []
    assert client.get("/", headers={"host": "attacker.example"}).status_code == 400


def test_pages_outside_the_results_are_not_served(client):
    _upload(client, ("a.txt", ORIGINAL))
    wait_done(client)
    for name in ("..%2F..%2Fetc%2Fpasswd", "screen.py", "nope.html"):
        assert client.get(f"/pages/{name}").status_code == 404


def test_clear_deletes_uploads_and_results(client, screener):
    _upload(client, ("a.txt", ORIGINAL))
    wait_done(client)
    assert _stored(screener) == ["0001/a.txt"]
    assert client.post("/api/clear", headers=POST).json() == {"cleared": True}
    assert _stored(screener) == [] and not list(screener.runs.iterdir())
    data = client.get("/api/results").json()
    assert data["state"] == "idle" and data["rows"] == [] and data["xlsx"] is None
    assert client.get("/screen.xlsx").status_code == 404


def test_stopping_the_app_deletes_the_work_folder_unless_kept(pipeline, tmp_path):
    from textkit.serve.screener import Screener

    for keep in (False, True):
        work = tmp_path / f"work-{keep}"
        with TestClient(create_app(Screener(pipeline, work), keep=keep), base_url=LOCAL) as c:
            _upload(c, ("a.txt", ORIGINAL))
            wait_done(c)
            assert work.is_dir()
        assert work.is_dir() == keep
