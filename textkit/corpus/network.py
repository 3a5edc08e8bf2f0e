"""Co-occurrence network of words and slogans, as KH Coder draws it.

Nodes are the most frequent words (content tokens, ``textkit.corpus.tokens``) and slogans (from
extract records, or found by textkit's slogan extractor when the input is documents). Two nodes
are linked when they occur in the same sentence (or, with ``within="paragraph"``, the same line
of text). A slogan's characters are not counted again as words.

Each node has ``kind`` (word or slogan), ``frequency`` (occurrences), ``sentences`` (sentences
or paragraphs with it) and ``documents`` (articles with it). Each edge has ``weight`` (sentences
with both) and ``jaccard``, the association filter: sentences with both / sentences with either,
as KH Coder's default. Edges below ``min_cooccurrence`` or ``min_jaccard`` are dropped, then the
``top_edges`` strongest kept; nodes left without an edge are dropped.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

from textkit.corpus.frequency import TokenFilter
from textkit.corpus.source import Corpus, TextUnit
from textkit.corpus.tokens import all_tokens

NETWORK_SUFFIXES = (".gexf", ".graphml")
WORD, SLOGAN = "word", "slogan"
#: Seed of the report's layout: the same network is always drawn the same way.
LAYOUT_SEED = 14


@dataclass(frozen=True)
class NetworkOptions:
    """How the network is built (see the module docstring)."""

    top_words: int = 60
    top_slogans: int = 20
    within: str = "sentence"
    min_cooccurrence: int = 2
    min_jaccard: float = 0.05
    top_edges: int | None = 150
    #: Slogans as nodes (False: words only).
    slogans: bool = True


def _slogan_pattern(slogans: Iterable[str]) -> re.Pattern | None:
    texts = sorted({s for s in slogans if s}, key=len, reverse=True)
    return re.compile("|".join(re.escape(s) for s in texts)) if texts else None


def unit_items(unit: TextUnit, within: str, words: TokenFilter, slogans: bool = True) -> list[tuple[set[str], set[str], Counter]]:
    """For each sentence (or paragraph) of the unit: its words, its slogans, and the occurrences of
    each (``(kind, text)`` keys). Slogans are masked before the text is segmented."""
    spans = unit.spans(within)
    if not spans:
        return []
    text = unit.text
    found: list[tuple[int, str]] = []
    pattern = _slogan_pattern(unit.slogans or []) if slogans else None
    if pattern is not None:
        pieces, last = [], 0
        for m in pattern.finditer(text):
            found.append((m.start(), m.group()))
            pieces += [text[last : m.start()], " " * (m.end() - m.start())]
            last = m.end()
        text = "".join(pieces) + text[last:]
    starts = [s for s, _ in spans]
    out = [(set(), set(), Counter()) for _ in spans]

    def index(pos: int) -> int | None:
        i = bisect_right(starts, pos) - 1
        return i if i >= 0 and pos < spans[i][1] else None

    for pos, slogan in found:
        i = index(pos)
        if i is not None:
            out[i][1].add(slogan)
            out[i][2][(SLOGAN, slogan)] += 1
    pos = 0
    for tok in all_tokens(text):
        if words.keep(tok):
            i = index(pos)
            if i is not None:
                out[i][0].add(tok)
                out[i][2][(WORD, tok)] += 1
        pos += len(tok)
    return out


def cooccurrence_network(corpus: Corpus, options: NetworkOptions | None = None, words: TokenFilter | None = None):
    """The co-occurrence network of the corpus as a ``networkx.Graph`` (node id = the word or
    slogan; attributes as in the module docstring)."""
    import networkx as nx

    options = options or NetworkOptions()
    words = words or TokenFilter()
    freq: Counter = Counter()
    sent_freq: Counter = Counter()
    doc_freq: Counter = Counter()
    segments: list[tuple[set[str], set[str]]] = []
    for u in corpus:
        seen: set = set()
        for ws, ss, counts in unit_items(u, options.within, words, options.slogans):
            freq.update(counts)
            keys = [(WORD, w) for w in ws] + [(SLOGAN, s) for s in ss]
            sent_freq.update(keys)
            seen.update(keys)
            if ws or ss:
                segments.append((ws, ss))
        doc_freq.update(seen)
    slogan_texts = {t for k, t in freq if k == SLOGAN}
    chosen = (
        _top(freq, SLOGAN, options.top_slogans)
        + [key for key in _top(freq, WORD, options.top_words + len(slogan_texts)) if key[1] not in slogan_texts][: options.top_words]
    )
    keep = set(chosen)
    pairs: Counter = Counter()
    for ws, ss in segments:
        present = sorted(k for k in [(SLOGAN, s) for s in ss] + [(WORD, w) for w in ws] if k in keep)
        pairs.update(combinations(present, 2))
    edges = []
    for (a, b), n in pairs.items():
        jaccard = n / (sent_freq[a] + sent_freq[b] - n)
        if n >= options.min_cooccurrence and jaccard >= options.min_jaccard:
            edges.append((a, b, n, jaccard))
    edges.sort(key=lambda e: (-e[3], -e[2], e[0], e[1]))
    if options.top_edges is not None:
        edges = edges[: options.top_edges]
    linked = {k for a, b, _, _ in edges for k in (a, b)}
    graph = nx.Graph(within=options.within)
    for kind, text in chosen:
        if (kind, text) in linked:
            graph.add_node(
                text,
                label=text,
                kind=kind,
                frequency=freq[(kind, text)],
                sentences=sent_freq[(kind, text)],
                documents=doc_freq[(kind, text)],
            )
    for a, b, n, jaccard in edges:
        graph.add_edge(a[1], b[1], weight=n, jaccard=round(jaccard, 4))
    return graph


def _top(freq: Counter, kind: str, n: int) -> list[tuple[str, str]]:
    """The ``n`` most frequent items of a kind (ties by text, so the choice is reproducible)."""
    items = sorted(((c, key) for key, c in freq.items() if key[0] == kind), key=lambda x: (-x[0], x[1][1]))
    return [key for _, key in items[:n]]


def write_network(graph, path: str | Path) -> Path:
    """Write the network as GEXF (Gephi) or GraphML (Cytoscape, igraph, R), by the suffix, with its
    provenance (``graph.graph["provenance"]``, ``textkit.provenance.tool_provenance``): in GraphML one
    graph attribute per provenance key (lists and dicts as JSON text) beside ``within``; in GEXF, which
    has no graph attributes, the ``<meta>`` element: creator textkit, the date it was created and the
    provenance as JSON in ``<description>``."""
    import networkx as nx

    from textkit.io.writers import atomic_path
    from textkit.provenance import provenance_items

    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in NETWORK_SUFFIXES:
        raise ValueError(f"{p}: write the network as .gexf or .graphml")
    prov = graph.graph.get("provenance") or {}
    out = graph.copy()
    out.graph.pop("provenance", None)
    with atomic_path(p) as tmp:
        if suffix == ".gexf":
            _write_gexf(out, tmp, prov)
        else:
            out.graph.update(provenance_items(prov))
            nx.write_graphml(out, tmp)
    return p


def _write_gexf(graph, path: Path, prov: dict[str, Any]) -> None:
    """GEXF with the provenance in ``<meta>`` (networkx writes only its own name and today's date there)."""
    import json
    from xml.etree.ElementTree import SubElement

    from networkx.readwrite.gexf import GEXFWriter

    writer = GEXFWriter(encoding="utf-8", prettyprint=True)
    writer.add_graph(graph)
    meta = writer.xml.find("meta")
    if prov and meta is not None:
        meta.find("creator").text = f"textkit {prov.get('textkit', '')}".strip()
        meta.set("lastmodifieddate", str(prov.get("created", ""))[:10] or meta.get("lastmodifieddate", ""))
        SubElement(meta, "description").text = json.dumps(prov, ensure_ascii=False)
    writer.write(path)


def network_layout(graph, seed: int = LAYOUT_SEED) -> dict[str, tuple[float, float]]:
    """Node positions in [0, 1]², from networkx's spring layout with a fixed seed (reproducible)."""
    import networkx as nx

    if not graph:
        return {}
    pos = nx.spring_layout(graph, weight="jaccard", seed=seed)
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]

    def scale(v: float, lo: float, hi: float) -> float:
        return round(float((v - lo) / (hi - lo)), 4) if hi > lo else 0.5

    return {n: (scale(float(p[0]), min(xs), max(xs)), scale(float(p[1]), min(ys), max(ys))) for n, p in pos.items()}


def network_tables(graph, *, layout: bool = False) -> dict[str, list[dict[str, Any]]]:
    """The network as two tables: ``network_nodes`` (node, kind, frequency, sentences, documents,
    and with ``layout`` the x and y of ``network_layout``) and ``network_edges`` (source, target, weight, jaccard)."""
    pos = network_layout(graph) if layout else {}
    nodes = []
    for n, d in graph.nodes(data=True):
        row = {"node": n, "kind": d["kind"], "frequency": d["frequency"], "sentences": d["sentences"], "documents": d["documents"]}
        if layout:
            row["x"], row["y"] = (float(v) for v in pos[n])
        nodes.append(row)
    edges = [{"source": a, "target": b, "weight": d["weight"], "jaccard": d["jaccard"]} for a, b, d in graph.edges(data=True)]
    return {"network_nodes": nodes, "network_edges": edges}
