"""A toy extractor as a user would write one: one module, one registration line."""

from __future__ import annotations

import re
from dataclasses import dataclass

from textkit.components import component
from textkit.model import Article

BRANCH = re.compile(r"第[一二三四五六七八九十]+党支部|[\u4e00-\u9fff]{2}党支部")


@dataclass
class Branch:
    """A party branch named in the text."""

    text: str
    kind: str
    start: int = 0
    end: int = 0
    sentence: str = ""


@component("branches", item=Branch, span_label="kind")
class BranchFinder:
    """Finds the party branches an article names."""

    def __init__(self, kind: str = "branch"):
        self.kind = kind

    def annotate(self, article: Article) -> None:
        out = []
        for sent in article.sentences:
            s_text = article.text[sent.start : sent.end]
            for m in BRANCH.finditer(s_text):
                out.append(Branch(m.group(), self.kind, sent.start + m.start(), sent.start + m.end(), s_text))
        article.extras["branches"] = out
