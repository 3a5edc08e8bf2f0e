"""HTML pages: highlighting, self-contained pages, charts, and a screenshot in headless Chromium."""

from __future__ import annotations

import re
import shutil
import subprocess
import zlib
from pathlib import Path

import numpy as np
import pytest

from tests.screening.samples import COPY_TRADITIONAL, ORIGINAL, SLOGANS_ONLY, TEMPLATE
from textkit.labels import THEME_COLOURS
from textkit.render.charts import bar_chart, heatmap, stacked_bars
from textkit.render.layout import COPIED_COLOUR, SLOGAN_COLOUR
from textkit.render.pages import highlight
from textkit.screening.html import write_screen_html

EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//|@import|url\(\s*["']?https?:""")


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    from textkit.screening import screen_documents

    root = tmp_path_factory.mktemp("html")
    (root / "ref").mkdir()
    (root / "ref" / "online_template.txt").write_text(TEMPLATE, encoding="utf-8")
    subs = []
    for name, text in (("copy.txt", COPY_TRADITIONAL), ("original.txt", ORIGINAL), ("slogans.txt", SLOGANS_ONLY)):
        (root / name).write_text(text, encoding="utf-8")
        subs.append(str(root / name))
    (root / "x<script>.txt").write_text("<script>alert(1)</script>近年来，支部组织党员学习12次。", encoding="utf-8")
    subs.append(str(root / "x<script>.txt"))
    results = screen_documents(subs, [str(root / "ref")])
    out = root / "pages"
    index = write_screen_html(results, out)
    return out, index, results


def test_highlight_segments_overlapping_spans_and_escapes():
    text = "甲<乙>丙丁\n戊己"
    spans = [(0, 4, ["measure", "theme-service"], "措施 · 为民服务", None), (2, 7, ["copied"], "与 a&b 相同", "copy-0-0")]
    html = highlight(text, spans)
    assert html.startswith("<p>") and html.endswith("</p>") and "</p>\n<p>" in html
    assert '<span class="measure theme-service" title="措施 · 为民服务">甲&lt;</span>' in html
    assert '<span class="measure theme-service copied" title="措施 · 为民服务\n与 a&amp;b 相同" id="copy-0-0">乙&gt;</span>' in html
    assert '<span class="copied" title="与 a&amp;b 相同">丙丁</span>' in html
    assert html.count('id="copy-0-0"') == 1
    assert re.sub(r"<[^>]+>", "", html).replace("&lt;", "<").replace("&gt;", ">") == text


def test_pages_exist_and_index_links_them_ranked(pages):
    out, index, results = pages
    html = index.read_text(encoding="utf-8")
    links = re.findall(r'href="([^"]+\.html)"', html)
    assert len(links) == len(results) == 4
    assert all((out / link).is_file() for link in links)
    scores = [int(s) for s in re.findall(r'<span class="sc [^"]+">(\d+)</span>', html)]
    assert scores == sorted(scores, reverse=True)
    # flag badges and the summary show Chinese labels; the codes are kept only as data attributes
    assert '<span class="badge" data-code="DUPLICATE_TEMPLATE" title="与参考材料' in html and ">与参考材料雷同</span>" in html
    assert ">只有口号无措施</span>" in html and "只有口号无措施 1份" in html
    # a flag that does not change the verdict (a note, such as 缺少数据 by default) has a grey badge
    assert re.search(r'<span class="badge note" data-code="FEW_FIGURES" title="[^"]*">缺少数据</span>', html)
    assert not re.search(r'<span class="badge note" data-code="SLOGANS_WITHOUT_MEASURES"', html)
    assert not re.search(r">[^<]*\b[A-Z]+_[A-Z_]+\b[^<]*<", html), "a flag code is shown as text"
    # every row has its verdict, and the summary counts them
    verdicts = re.findall(r'<span class="vb verdict-(\w+)" data-verdict="\w+">([^<]+)</span>', html)
    assert len(verdicts) == 4 and {"通过", "退回"} <= {name for _, name in verdicts}
    assert "结论：通过 " in html and "退回 " in html


def test_submission_page_is_self_contained_and_highlights_everything(pages):
    out, _, results = pages
    page = (out / "0001-copy.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page and 'lang="zh-CN"' in page
    assert not EXTERNAL.search(page) and "<script" not in page
    assert '"Noto Sans CJK SC", "Noto Sans SC"' in page and '"WenQuanYi Micro Hei"' in page and '"Microsoft YaHei"' in page
    # the verdict, its reasons and the flags come before the text
    assert page.index('<span class="verdict verdict-return" data-verdict="return">退回</span>') < page.index('<div class="doc">')
    assert page.index("<b>[退回] 与其他材料相同比例高</b>") < page.index("<b>[复核] 与参考材料雷同</b>") < page.index('<div class="doc">')
    assert not re.search(r">[^<]*\b[A-Z]+_[A-Z_]+\b[^<]*<", page), "a flag code is shown as text"
    assert "online_template.txt" in page and "相似度" in page
    for theme in ("education", "mechanism", "supervision", "service"):
        assert re.search(rf'<span class="measure theme-{theme}[^"]*" title="措施 · ', page), theme
    assert re.search(r'<span class="[^"]*slogan slogan-numeric[^"]*" title="[^"]*口号 · 数字提法 · 三会一课', page)
    assert re.search(r'<span class="[^"]*figure figure-count[^"]*" title="[^"]*数字 · ', page)
    assert re.search(
        r'<span class="[^"]*copied[^"]*" title="[^"]*与参考材料《XX党支部2023年度党建工作总结》相同\n[^"]*online_template.txt', page
    )
    assert 'id="copy-0-0"' in page and 'href="#copy-0-0"' in page
    assert "图例" in page and "legend" in page
    original = (out / "0002-original.html").read_text(encoding="utf-8")
    assert 'class="copied' not in original and "未发现需要复核或退回的问题" in original and 'data-verdict="pass">通过' in original


def test_untrusted_text_and_names_are_escaped(pages):
    out, _, _ = pages
    page = next(out.glob("0004-*.html")).read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script" not in (out / "index.html").read_text(encoding="utf-8")


def test_charts_are_svg_with_escaped_chinese_labels():
    svg = bar_chart([("三会一课", 5), ("<b>", 2)], title="口号 & 提法")
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert "三会一课" in svg and "&lt;b&gt;" in svg and "口号 &amp; 提法" in svg and "<b>" not in svg
    assert "Noto Sans CJK SC" in svg
    stacked = stacked_bars([("2023", {"a": 1, "b": 3})], ["a", "b"], title="t", names={"a": "思想教育", "b": "为民服务"})
    assert "思想教育" in stacked and "75%" in stacked
    heat = heatmap(["甲", "乙"], [[0, 2], [2, 0]], title="共现")
    assert heat.count("<rect") == 4 and ">2</text>" in heat


# --------------------------------------------------------------------------- Chromium


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def _png_rgb(path: Path) -> np.ndarray:
    """Decode a PNG to an H×W×3 array: Pillow when installed, else a small zlib decoder (8-bit RGB/RGBA)."""
    try:
        from PIL import Image
    except ImportError:
        return _decode_png(path.read_bytes())
    with Image.open(path) as im:
        return np.asarray(im.convert("RGB"))


def _decode_png(data: bytes) -> np.ndarray:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat = 8, []
    width = height = depth = ctype = interlace = 0
    while pos < len(data):
        n = int.from_bytes(data[pos : pos + 4], "big")
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + n]
        pos += 12 + n
        if kind == b"IHDR":
            width, height = int.from_bytes(body[:4], "big"), int.from_bytes(body[4:8], "big")
            depth, ctype, interlace = body[8], body[9], body[12]
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    assert depth == 8 and ctype in (2, 6) and interlace == 0, "unsupported PNG"
    bpp = 3 if ctype == 2 else 4
    stride = width * bpp
    raw = zlib.decompress(b"".join(idat))
    img = np.zeros((height, stride), dtype=np.uint8)
    prev = np.zeros(stride, dtype=np.int64)
    for y in range(height):
        start = y * (stride + 1)
        f = raw[start]
        line = np.frombuffer(raw, dtype=np.uint8, count=stride, offset=start + 1).astype(np.int64)
        if f == 0:
            cur = line
        elif f == 1:
            cur = line.reshape(width, bpp).cumsum(axis=0).reshape(-1) & 255
        elif f == 2:
            cur = (line + prev) & 255
        else:
            cur = line.copy()
            for i in range(stride):
                a = cur[i - bpp] if i >= bpp else 0
                b = prev[i]
                if f == 3:
                    cur[i] = (cur[i] + (a + b) // 2) & 255
                else:
                    c = prev[i - bpp] if i >= bpp else 0
                    p = a + b - c
                    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    cur[i] = (cur[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        img[y] = cur
        prev = cur
    return img.reshape(height, width, bpp)[:, :, :3]


def _screenshot(chromium: str, page: Path, png: Path, profile: Path) -> np.ndarray:
    cmd = [
        chromium,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
        f"--screenshot={png}",
        "--window-size=1200,1600",
        page.resolve().as_uri(),
    ]
    subprocess.run(cmd, capture_output=True, timeout=120, check=False)
    assert png.is_file(), "Chromium wrote no screenshot"
    return _png_rgb(png)


def _count(img: np.ndarray, hex_colour: str, tol: int = 3) -> int:
    rgb = np.array([int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)])
    return int((np.abs(img.astype(int) - rgb).max(axis=2) <= tol).sum())


@pytest.fixture(scope="module")
def chromium() -> str:
    path = _chromium()
    if not path:
        pytest.skip("no chromium binary")
    fc = shutil.which("fc-list")
    if fc and not subprocess.run([fc, ":lang=zh", "family"], capture_output=True, text=True).stdout.strip():
        pytest.skip("no Chinese font installed (pages would show empty boxes)")
    return path


def test_submission_page_renders_in_chromium(pages, chromium, tmp_path):
    out, _, _ = pages
    img = _screenshot(chromium, out / "0001-copy.html", tmp_path / "page.png", tmp_path / "profile")
    assert img.shape == (1600, 1200, 3)
    white = (img >= 250).all(axis=2).mean()
    assert 0.3 < white < 0.97, "blank or garbled page"
    assert len(np.unique(img.reshape(-1, 3), axis=0)) > 100
    # measures in the colours of their themes (far more than the legend's swatches), slogans, copied passages
    # (the first two sections, education and mechanism, are within the first 1600 pixels)
    for theme in ("education", "mechanism"):
        assert _count(img, THEME_COLOURS[theme]) > 8000, theme
    assert _count(img, SLOGAN_COLOUR) > 400
    assert _count(img, COPIED_COLOUR) > 2000
    assert _count(img, "#c62828") > 5000  # the red score box of a copied submission


def test_report_page_renders_in_chromium(chromium, tmp_path):
    from textkit.pipeline import get_pipeline
    from textkit.report import build_report, write_report

    pipe = get_pipeline()
    records = []
    for i, text in enumerate((TEMPLATE, ORIGINAL, SLOGANS_ONLY, COPY_TRADITIONAL)):
        records += [a.to_record() for a in pipe.process_text(text, f"doc{i}.txt", {"unit": f"单位{i % 2}"})]
    page = write_report(build_report(records), tmp_path / "report")
    img = _screenshot(chromium, page, tmp_path / "report.png", tmp_path / "profile")
    assert img.shape == (1600, 1200, 3)
    assert _count(img, "#4e79a7") > 1500  # education bars
    assert _count(img, "#edc948") > 1500  # slogan bars
