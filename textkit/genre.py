"""The genre of an article: work summary, experience material, news, speech, testimonial or other.

Rules propose a genre from weighted cues (``data/genre_cues.tsv``): report sections and an
institutional voice for a work summary (总结如下, 存在的问题, 下一步, 我局), a unit's practice told in the
third person for experience material (主要做法, 取得成效), reporters, datelines and quotes said by
people for news (记者, 近日, 据了解, …”他说), an address to an audience for a speech (同志们, 各位代表,
讲几点意见), and a singular first person for a testimonial (作为一名学生, 我深知, 心得). A cue counts
up to its cap; the singular 我 outside quotes adds to the testimonial score by its share of all
first persons, and without it (or a testimonial title) an article is no testimonial.
The genre with the highest score wins when it reaches ``MIN_SCORE``, else ``other``; the confidence
is its share of the scores (with ``other``'s prior), rounded to 3 places.

The extractors read ``Article.genre``: in news, speeches and testimonials a quoted phrase becomes a
slogan only when it names a formula, and in testimonials the writer's own feelings and plans are
not measures. An article that no genre component saw (``genre`` None) is treated as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from itertools import islice

from textkit.components import component
from textkit.model import Article
from textkit.regex import compile_skipping
from textkit.resources import table

WORK_SUMMARY, EXPERIENCE, NEWS, SPEECH, TESTIMONIAL, OTHER = "work_summary", "experience", "news", "speech", "testimonial", "other"
#: Every genre, with its Chinese name.
GENRES = {
    WORK_SUMMARY: "工作总结",
    EXPERIENCE: "经验做法",
    NEWS: "新闻报道",
    SPEECH: "讲话",
    TESTIMONIAL: "心得体会",
    OTHER: "其他",
}
#: Genres that quote people: their quoted phrases are speech unless they name a formula.
QUOTING_GENRES = frozenset({NEWS, SPEECH, TESTIMONIAL})
#: The score a genre needs to win over ``other``; ``other`` starts with ``OTHER_PRIOR``.
MIN_SCORE = 3.0
OTHER_PRIOR = 2.0
OPENING = 200
#: Weight of the singular first person's share (我 but not 我们, 我局 …) for a testimonial.
SINGULAR_WEIGHT = 6.0
SINGULAR_MIN = 3  # fewer singular 我 than this say nothing
SINGULAR = re.compile(r"我(?![们局院校委部办所处镇县区市单省国党支行司厂矿科队村])")
FIRST_PERSON = re.compile(r"我")
QUOTED = re.compile(r"“[^“”\n]*”|「[^「」\n]*」|『[^『』\n]*』")


@dataclass(frozen=True)
class Cue:
    genre: str
    where: str  # title | opening | text
    weight: float
    cap: int
    regex: re.Pattern


@cache
def cues() -> tuple[Cue, ...]:
    """The cue table, compiled (a look-ahead on its first characters where the engine has no quick skip)."""
    out = []
    for row in table("genre_cues"):
        if row["genre"] not in GENRES or row["where"] not in ("title", "opening", "text"):
            raise ValueError(f"genre_cues: bad row {row}")
        out.append(Cue(row["genre"], row["where"], float(row["weight"]), int(row["cap"]), compile_skipping(row["pattern"])))
    return tuple(out)


def genre_scores(title: str, text: str) -> dict[str, float]:
    """The score of every genre for an article's title and text."""
    scores = dict.fromkeys(GENRES, 0.0)
    scores[OTHER] = OTHER_PRIOR
    places = {"title": title, "opening": text[:OPENING], "text": text}
    for cue in cues():
        n = _count(cue.regex, places[cue.where], cue.cap)
        if n:
            scores[cue.genre] += cue.weight * n
    unquoted = QUOTED.sub("", text)  # 我 in a quote is someone else's (or a campaign's: 我为群众办实事)
    singular = len(SINGULAR.findall(unquoted))
    if singular >= SINGULAR_MIN:
        scores[TESTIMONIAL] += SINGULAR_WEIGHT * singular / len(FIRST_PERSON.findall(unquoted))
    elif not any(c.regex.search(title) for c in cues() if c.genre == TESTIMONIAL and c.where == "title"):
        scores[TESTIMONIAL] = 0.0  # no testimonial without a writer who says 我, or a title that says so
    return scores


def _count(regex: re.Pattern, text: str, cap: int) -> int:
    """How many matches of ``regex`` ``text`` holds, ``cap`` at most (the search stops at the cap)."""
    if cap == 1:
        return 1 if regex.search(text) else 0
    return len(list(islice(regex.finditer(text), cap)))


def classify_genre(title: str, text: str) -> tuple[str, float]:
    """The genre of an article and how sure it is (its share of all genre scores, 0–1)."""
    scores = genre_scores(title, text)
    best = max(scores, key=lambda g: (scores[g], g == OTHER))
    if best != OTHER and scores[best] < MIN_SCORE:
        best = OTHER
    return best, round(scores[best] / sum(scores.values()), 3)


@component("genre", requires=("structure",), assigns=("genre", "genre_confidence"))
class GenreTagger:
    """Pipeline component: the genre of the article and its confidence."""

    def __init__(self) -> None:
        cues()

    def annotate(self, article: Article) -> None:
        article.genre, article.genre_confidence = classify_genre(article.title, article.text)
