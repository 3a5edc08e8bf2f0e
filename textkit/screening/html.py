"""HTML pages of a screening: the data of each submission for ``textkit.render.pages``, and the files.

The render module only turns plain data into HTML; here each screened document becomes article
dicts whose measures carry ``substantive`` (``textkit.screening.substance.is_substantive``), and
the pages are written, the index (ranked best first) last.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

from textkit.model import Article
from textkit.render.pages import index_page, page_name, submission_page
from textkit.screening.run import Screening, rank_key
from textkit.screening.substance import figure_spans, is_substantive, slogan_spans


def article_view(art: Article) -> dict[str, Any]:
    """An article as the page needs it: title, text, and its items as dicts (measures with ``substantive``)."""
    s_spans, f_spans = slogan_spans(art), figure_spans(art)
    return {
        "title": art.title,
        "text": art.text,
        "measures": [{**asdict(m), "substantive": is_substantive(m, art, s_spans, f_spans)} for m in art.measures],
        "slogans": [asdict(s) for s in art.slogans],
        "figures": [asdict(f) for f in art.figures],
    }


def articles_view(screening: Screening) -> list[dict[str, Any]]:
    """The article dicts of a screened submission (none when it could not be read)."""
    doc = screening.document
    return [article_view(a) for a in doc.articles] if doc is not None else []


def write_screen_html(screenings: list[Screening], out_dir: str | Path) -> Path:
    """Write one page per submission and ``index.html`` into ``out_dir``; returns the index path."""
    from textkit.io.writers import atomic_path

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    names = [page_name(pos, s.source) for pos, s in enumerate(screenings)]  # by position: a source may come twice
    records = [s.record() for s in screenings]
    for s, rec, name in zip(screenings, records, names):
        with atomic_path(out / name) as tmp:
            tmp.write_text(submission_page(rec, articles_view(s)), encoding="utf-8")
    ranked_pages = sorted(zip(records, names), key=lambda rn: rank_key(rn[0]))
    index = out / "index.html"
    with atomic_path(index) as tmp:  # the index appears last, when every page is written
        tmp.write_text(index_page(ranked_pages), encoding="utf-8")
    return index
