"""Corpus report for researchers: tables (written as CSV) and an offline HTML page with charts.

Tables: theme distribution overall and by metadata column (unit, year, region, …), the most
frequent slogans with the number of documents using each, every figure and the figures summarised
by indicator and by kind, keywords per theme
(class-based TF-IDF over jieba tokens, domain stop words removed), slogan co-occurrence, one
row per article, the documents coded by each category of a coding dictionary (overall, by year and
by column), the runs that produced the records and what produced the report (provenance).
Input: extract records (from ``read_records`` or the pipeline).
"""

from __future__ import annotations

import csv
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

from textkit.io.records import is_record_file
from textkit.labels import OTHER, THEME_NAMES, THEMES, label
from textkit.render.charts import plain_number

ALL_THEMES = (*THEMES, OTHER)
DEFAULT_COLUMNS = ("unit", "year", "region")
UNIT_ALIAS = "单位"  # a metadata column with this name is the ``unit`` column
# Metadata that is text, not a category to break down by.
_NOT_COLUMNS = {
    "abstract",
    "keywords",
    "references",
    "author_note",
    "classification",
    "title",
    "date",
    "postcode",
    "journal",
    "site_source",
    "editor",
    "author",
    "html_title",
    "title_property",
    "pages",
}
MISSING = label("report.missing")


@dataclass
class CorpusReport:
    """The report's tables (name → rows) and what was read."""

    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    columns: list[str] = field(default_factory=list)
    documents: int = 0
    articles: int = 0
    errors: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- input


def load_records(
    inputs: Iterable[str], *, workers: int = 1, progress: Callable[[int, int], None] | None = None
) -> Iterator[dict[str, Any]]:
    """Article records of the inputs. Extract outputs are read back with ``read_records``; files,
    folders and manifests go through the extraction pipeline (``textkit.batch``, ``workers``
    processes). Failed documents give records with ``error``."""
    from textkit.io.records import read_records

    docs: list[str] = []
    for item in inputs:
        if is_record_file(item):
            yield from read_records(item)
        else:
            docs.append(item)
    if not docs:
        return
    from textkit.batch import BatchConfig, iter_tasks, run
    from textkit.provenance import provenance

    tasks = list(iter_tasks(docs))
    config = BatchConfig(structure=False)
    prov = provenance(config)
    for n, res in enumerate(run(tasks, config, workers=workers), 1):
        for line in res.lines:
            yield {**json.loads(line), "provenance": prov}
        if progress:
            progress(n, len(tasks))


# --------------------------------------------------------------------------- helpers


def main_theme(themes: dict[str, float] | None) -> str:
    """The article's top theme (``other`` when it has none)."""
    if not themes:
        return "other"
    best = max(themes.items(), key=lambda kv: kv[1])
    return best[0] if best[1] > 0 else "other"


def measure_theme(m: dict[str, Any]) -> str:
    themes = m.get("themes") or []
    return str(themes[0]) if themes else "other"


def record_meta(rec: dict[str, Any]) -> dict[str, Any]:
    """What is known about a record's document: ``meta`` found in the text, overridden by the
    ``metadata`` of a manifest row."""
    return {**(rec.get("meta") or {}), **(rec.get("metadata") or {})}


def _year_of_date(meta: dict[str, Any]) -> str | None:
    m = re.match(r"((?:19|20)\d{2})", str(meta.get("date") or ""))
    return m.group(1) if m else None


def _is_blank(v: Any) -> bool:
    return v is None or v == ""


def _unit_of(rec: dict[str, Any]) -> Any:
    """The organisation from real metadata only (a manifest's or input's ``unit`` or ``单位`` column),
    never from ``meta`` parsed out of the text, where header lines such as an adoption note land."""
    metadata = rec.get("metadata") or {}
    unit = metadata.get("unit")
    return metadata.get(UNIT_ALIAS) if _is_blank(unit) else unit


def meta_value(rec: dict[str, Any], column: str) -> str:
    """A metadata value as a category; ``year`` falls back on the year of the ``date``; ``unit`` is
    read from real metadata only (``_unit_of``)."""
    meta = record_meta(rec)
    v = _unit_of(rec) if column == "unit" else meta.get(column)
    if _is_blank(v) and column == "year":
        v = _year_of_date(meta)
    if _is_blank(v) or isinstance(v, list | dict):
        return MISSING
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v).strip() or MISSING


def detect_columns(records: list[dict[str, Any]], max_values: int = 60) -> list[str]:
    """Metadata columns to break down by: unit, year, region when present, then any other
    metadata key present in at least 30 % of the articles with 2–``max_values`` distinct short values."""
    out = [col for col in DEFAULT_COLUMNS if {meta_value(r, col) for r in records} - {MISSING}]
    for col, n in _category_keys(records).most_common():
        if col not in out and n >= 0.3 * len(records) and _is_category(records, col, max_values):
            out.append(col)
    return out


def _category_keys(records: list[dict[str, Any]]) -> Counter:
    """How many records have each metadata key with a scalar value (text metadata left out)."""
    keys: Counter = Counter()
    for r in records:
        keys.update(k for k, v in record_meta(r).items() if isinstance(v, str | int | float) and k not in _NOT_COLUMNS and k != UNIT_ALIAS)
    return keys


def _is_category(records: list[dict[str, Any]], column: str, max_values: int) -> bool:
    """2–``max_values`` distinct values, none longer than 40 characters."""
    values = {meta_value(r, column) for r in records}
    return 2 <= len(values) <= max_values and max(len(v) for v in values) <= 40


# --------------------------------------------------------------------------- tables


def theme_table(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per theme: articles whose main theme it is, their share, the mean theme weight, measures."""
    main = Counter(main_theme(r.get("themes")) for r in records)
    weights: dict[str, float] = defaultdict(float)
    for r in records:
        for t, w in (r.get("themes") or {}).items():
            weights[t] += float(w)
    measures = Counter(measure_theme(m) for r in records for m in r.get("measures") or [])
    n, nm = max(1, len(records)), max(1, sum(measures.values()))
    return [
        {
            "theme": t,
            "theme_name": THEME_NAMES[t],
            "articles_main": main[t],
            "share_articles": round(main[t] / n, 4),
            "mean_weight": round(weights[t] / n, 4),
            "measures": measures[t],
            "share_measures": round(measures[t] / nm, 4),
        }
        for t in ALL_THEMES
    ]


def theme_by_column(records: list[dict[str, Any]], column: str) -> list[dict[str, Any]]:
    """Per value of a metadata column: articles, measures, mean theme weights and measures by theme."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in records:
        groups[meta_value(r, column)].append(r)
    rows = [_group_row(column, value, recs) for value, recs in groups.items()]
    if column == "year":
        rows.sort(key=lambda r: (r[column] == MISSING, r[column]))
    else:
        rows.sort(key=lambda r: (r[column] == MISSING, -r["articles"], r[column]))
    return rows


def _mean_weight(recs: list[dict[str, Any]], theme: str) -> float:
    return round(sum(float((r.get("themes") or {}).get(theme, 0.0)) for r in recs) / len(recs), 4)


def _group_row(column: str, value: str, recs: list[dict[str, Any]]) -> dict[str, Any]:
    """One value of a metadata column: documents, articles, measures, mean theme weights, measures by theme."""
    row: dict[str, Any] = {column: value, "documents": len({r.get("source") for r in recs}), "articles": len(recs)}
    ms = Counter(measure_theme(m) for r in recs for m in r.get("measures") or [])
    row["measures"] = sum(ms.values())
    row.update({t: _mean_weight(recs, t) for t in THEMES})
    row.update({f"{t}_measures": ms[t] for t in ALL_THEMES})
    return row


def slogan_table(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Slogans by the number of documents (files) using them, with articles and occurrences."""
    docs: dict[str, set] = defaultdict(set)
    arts: Counter = Counter()
    occ: Counter = Counter()
    kinds: dict[str, Counter] = defaultdict(Counter)
    n_docs = len({r.get("source") for r in records}) or 1
    for r in records:
        for s in r.get("slogans") or []:
            text = s.get("text", "")
            if not text:
                continue
            docs[text].add(r.get("source"))
            arts[text] += 1
            occ[text] += max(1, len(s.get("occurrences") or []))
            kinds[text][s.get("kind", "")] += 1
    rows = [
        {
            "slogan": t,
            "kind": kinds[t].most_common(1)[0][0],
            "documents": len(docs[t]),
            "share_documents": round(len(docs[t]) / n_docs, 4),
            "articles": arts[t],
            "occurrences": occ[t],
        }
        for t in docs
    ]
    rows.sort(key=lambda r: (-r["documents"], -r["occurrences"], r["slogan"]))
    return rows


def figure_table(records: list[dict[str, Any]], columns: list[str]) -> list[dict[str, Any]]:
    """Every figure with its document, metadata columns, indicator, value, value_unit, kind and sentence."""
    rows = []
    for r in records:
        for f in r.get("figures") or []:
            row: dict[str, Any] = {"source": r.get("source"), "article": r.get("article"), "title": r.get("title")}
            row.update({c: meta_value(r, c) for c in columns})
            row.update({k: f.get(k) for k in ("indicator", "value", "value_max")})
            row["value_unit"] = f.get("unit")  # not "unit": that is the metadata column of the organisation
            row.update({k: f.get(k) for k in ("kind", "role", "approx", "text", "sentence")})
            rows.append(row)
    return rows


def _median(values: list[float]) -> float:
    import statistics

    return statistics.median(values)


_NOT_ADDITIVE = {"percent", "age"}  # summing shares or ages means nothing


def figure_summary(figures: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The figures by indicator, value unit and kind: how many, in how many documents, achievements and
    targets, and the sum (not for percentages and ages), median, minimum and maximum of the values."""
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for f in figures:
        groups[(f.get("indicator") or "", f.get("value_unit") or "", f.get("kind") or "")].append(f)
    rows = []
    for (indicator, unit, kind), fs in groups.items():
        values = [float(f["value"]) for f in fs if isinstance(f.get("value"), int | float) and not isinstance(f.get("value"), bool)]
        rows.append(
            {
                "indicator": indicator,
                "value_unit": unit,
                "kind": kind,
                "figures": len(fs),
                "documents": len({f.get("source") for f in fs}),
                "achievement": sum(1 for f in fs if f.get("role") == "achievement"),
                "target": sum(1 for f in fs if f.get("role") == "target"),
                "sum": round(sum(values), 6) if values and kind not in _NOT_ADDITIVE else None,
                "median": _median(values) if values else None,
                "min": min(values, default=None),
                "max": max(values, default=None),
            }
        )
    rows.sort(key=lambda r: (-r["figures"], -r["documents"], r["indicator"], r["value_unit"], r["kind"]))
    return rows


def figure_kinds(figures: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The figures by kind (count, percent, money, …): how many, documents, distinct indicators, achievements, targets."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for f in figures:
        groups[f.get("kind") or ""].append(f)
    rows = [
        {
            "kind": kind,
            "figures": len(fs),
            "documents": len({f.get("source") for f in fs}),
            "indicators": len({(f.get("indicator"), f.get("value_unit")) for f in fs}),
            "achievement": sum(1 for f in fs if f.get("role") == "achievement"),
            "target": sum(1 for f in fs if f.get("role") == "target"),
        }
        for kind, fs in groups.items()
    ]
    rows.sort(key=lambda r: (-r["figures"], r["kind"]))
    return rows


def _tokens(text: str, stop: frozenset[str]) -> list[str]:
    from textkit.corpus.tokens import content_tokens

    return content_tokens(text, stop)


def _theme_tokens(records: list[dict[str, Any]], stop: frozenset[str]) -> dict[str, Counter]:
    """Token counts per theme: each measure's tokens under its theme; an article without measures, its text under its main theme."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for r in records:
        ms = r.get("measures") or []
        for m in ms:
            counts[measure_theme(m)].update(_tokens(m.get("text", ""), stop))
        if not ms and r.get("text"):
            counts[main_theme(r.get("themes"))].update(_tokens(r["text"][:5000], stop))
    return counts


def keyword_table(records: list[dict[str, Any]], top: int = 20) -> list[dict[str, Any]]:
    """Keywords per theme by class-based TF-IDF: the measures of each main theme form one class;
    weight(t, c) = tf(t, c) / tokens(c) · log(1 + A / tf(t)), A the mean tokens per class. Articles
    without measures contribute their text to their main theme."""
    from textkit.screening.substance import stopwords

    counts = _theme_tokens(records, stopwords())
    classes = [t for t in ALL_THEMES if counts[t]]
    if not classes:
        return []
    total = Counter()
    for t in classes:
        total.update(counts[t])
    avg = sum(sum(counts[t].values()) for t in classes) / len(classes)
    rows = []
    for t in classes:
        size = sum(counts[t].values())
        scored = sorted(((c / size * math.log(1 + avg / total[w]), w, c) for w, c in counts[t].items()), key=lambda x: (-x[0], x[1]))
        for rank, (score, word, c) in enumerate(scored[:top], 1):
            rows.append({"theme": t, "theme_name": THEME_NAMES[t], "rank": rank, "keyword": word, "score": round(score, 5), "count": c})
    return rows


def cooccurrence_table(records: list[dict[str, Any]], slogans: list[dict[str, Any]], top: int = 20) -> list[dict[str, Any]]:
    """Pairs of the ``top`` slogans used in the same document (file): documents with both, and Jaccard."""
    chosen = [s["slogan"] for s in slogans[:top]]
    keep = set(chosen)
    per_doc: dict[str, set] = defaultdict(set)
    for r in records:
        per_doc[r.get("source")].update(s.get("text") for s in r.get("slogans") or [] if s.get("text") in keep)
    docs_of = Counter(s for ss in per_doc.values() for s in ss)
    pair: Counter = Counter()
    for ss in per_doc.values():
        pair.update(combinations(sorted(ss, key=chosen.index), 2))
    rows = []
    for (a, b), n in pair.items():
        rows.append({"slogan_a": a, "slogan_b": b, "documents": n, "jaccard": round(n / (docs_of[a] + docs_of[b] - n), 4)})
    rows.sort(key=lambda r: (-r["documents"], -r["jaccard"], r["slogan_a"], r["slogan_b"]))
    return rows


def network_tables(records: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """The co-occurrence network of the top words and slogans (``textkit.corpus.network``), its nodes
    placed by a seeded spring layout: tables ``network_nodes`` and ``network_edges``."""
    from textkit.corpus import network as net
    from textkit.corpus.source import Corpus, unit_of_record

    options = net.NetworkOptions(top_words=40, top_slogans=15, top_edges=80)
    graph = net.cooccurrence_network(Corpus([unit_of_record(r) for r in records]), options)
    return net.network_tables(graph, layout=True)


def article_table(records: list[dict[str, Any]], columns: list[str]) -> list[dict[str, Any]]:
    """One row per article: source, title, metadata columns, main theme, counts."""
    return [_article_row(r, columns) for r in records]


def _article_row(r: dict[str, Any], columns: list[str]) -> dict[str, Any]:
    """One article. ``concrete_measures`` counts the extractor's ``Measure.concrete``, not screening's
    stricter ``is_substantive`` (see ``textkit.screening.substance``)."""
    row: dict[str, Any] = {"source": r.get("source"), "article": r.get("article"), "title": r.get("title")}
    row.update({c: meta_value(r, c) for c in columns})
    themes = r.get("themes") or {}
    row["main_theme"] = main_theme(r.get("themes"))
    row.update({t: themes.get(t, 0.0) for t in THEMES})
    row["chars"] = len(r.get("text") or "")
    row.update(_measure_counts(r.get("measures") or []))
    row["slogans"] = len(r.get("slogans") or [])
    row["figures"] = len(r.get("figures") or [])
    return row


def _measure_counts(ms: list[dict[str, Any]]) -> dict[str, int]:
    return {
        "measures": len(ms),
        "concrete_measures": sum(1 for m in ms if m.get("concrete")),
        "done_measures": sum(1 for m in ms if m.get("status") == "done"),
    }


class UnknownColumnError(ValueError):
    """A ``--by`` column that no article's metadata has."""


def available_columns(records: list[dict[str, Any]]) -> list[str]:
    """Metadata columns with a value in at least one article (``unit`` and ``year`` as ``meta_value`` reads them)."""
    out = [col for col in DEFAULT_COLUMNS if any(meta_value(r, col) != MISSING for r in records)]
    return out + sorted(k for k in _category_keys(records) if k not in out and k != "unit")


def check_columns(records: list[dict[str, Any]], by: Iterable[str]) -> None:
    """Raise ``UnknownColumnError`` naming the columns of ``by`` that no article has, and those it could use."""
    missing = [col for col in by if all(meta_value(r, col) == MISSING for r in records)]
    if missing:
        found = ", ".join(available_columns(records)) or "none"
        raise UnknownColumnError(f"no article has the metadata column {', '.join(missing)} (columns found: {found})")


def build_report(
    records: Iterable[dict[str, Any]],
    *,
    by: list[str] | None = None,
    top: int = 30,
    coding: Any = None,
    options: dict[str, Any] | None = None,
) -> CorpusReport:
    """All the tables of the report from article records (error records are counted, not used). A ``by``
    column that no article has raises ``UnknownColumnError``. ``coding`` (a ``textkit.coding.CodingDictionary``)
    adds the coding tables (as do records that carry ``codes``); ``options`` are recorded in ``report_provenance``."""
    rep = CorpusReport()
    good = []
    records = list(records)
    for r in records:
        if r.get("error"):
            rep.errors.append(f"{r.get('source')}: {r['error']}")
        else:
            good.append(r)
    rep.articles = len(good)
    rep.documents = len({r.get("source") for r in good})
    if by:
        by = list(dict.fromkeys("unit" if col == UNIT_ALIAS else col for col in by))
        check_columns(good, by)
    rep.columns = list(by) if by else detect_columns(good)
    slogans = slogan_table(good)
    rep.tables["themes"] = theme_table(good)
    for col in rep.columns:
        rep.tables[f"themes_by_{col}"] = theme_by_column(good, col)
    rep.tables["slogans"] = slogans
    rep.tables["slogan_cooccurrence"] = cooccurrence_table(good, slogans, min(top, 20))
    rep.tables["keywords"] = keyword_table(good, top=min(top, 20))
    rep.tables.update(network_tables(good))
    rep.tables["figures"] = figure_table(good, rep.columns)
    rep.tables["figure_summary"] = figure_summary(rep.tables["figures"])
    rep.tables["figure_kinds"] = figure_kinds(rep.tables["figures"])
    rep.tables["articles"] = article_table(good, rep.columns)
    rep.tables.update(coding_tables(good, rep.columns, coding))
    rep.tables["provenance"] = provenance_runs(records)
    rep.tables["report_provenance"] = report_provenance(coding, options)
    return rep


# --------------------------------------------------------------------------- output


def _safe(name: str) -> str:
    return re.sub(r"[^\w\u4e00-\u9fff-]+", "_", name).strip("_") or "table"


def _csv_cell(value: Any) -> Any:
    """Floats as plain numbers (``1590``, ``0.00001``), not ``1590.0`` or ``1e-05``."""
    return plain_number(value) if isinstance(value, float) else value


def write_csv(rows: list[dict[str, Any]], path: Path) -> None:
    """A table as CSV in UTF-8 with a byte-order mark (so Excel reads the Chinese correctly), its column
    names and cells spreadsheet-safe (``textkit.io.tables.spreadsheet_safe``)."""
    from textkit.io.tables import spreadsheet_safe
    from textkit.io.writers import atomic_path

    fields: dict[str, None] = {}
    for r in rows:
        fields.update(dict.fromkeys(r))
    with atomic_path(path) as tmp, tmp.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow([spreadsheet_safe(f) for f in fields] or ["empty"])
        for r in rows:
            w.writerow([spreadsheet_safe(_csv_cell(r.get(f))) for f in fields])


def write_report(rep: CorpusReport, out_dir: str | Path, *, top: int = 30) -> Path:
    """Write every table as ``NAME.csv`` and the page ``report.html`` into ``out_dir``; returns the page."""
    from textkit.render.report_page import report_page

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    files = {}
    for name, rows in rep.tables.items():
        fname = f"{_safe(name)}.csv"
        write_csv(rows, out / fname)
        files[name] = fname
    from textkit.io.writers import atomic_path

    page = out / "report.html"
    with atomic_path(page) as tmp:  # the page appears last, when every table is written
        tmp.write_text(report_page(rep, files, top=top), encoding="utf-8")
    return page


# --------------------------------------------------------------------------- coding dictionary and provenance


def record_codes(records: list[dict[str, Any]], coding: Any = None) -> tuple[list[str], list[dict[str, int]]]:
    """The categories and each record's counts: from ``coding`` (a ``textkit.coding.CodingDictionary``)
    when given, else from the ``codes`` the records carry (``textkit extract --coding``)."""
    if coding is not None:
        from textkit.coding import record_text

        return coding.names, [coding.apply(record_text(r)) for r in records]
    codes = [r.get("codes") if isinstance(r.get("codes"), dict) else {} for r in records]
    names = list(dict.fromkeys(c for cs in codes for c in cs))
    return names, codes


def _coded_sources(records: list[dict[str, Any]], codes: list[dict[str, int]], name: str) -> set:
    return {r.get("source") for r, cs in zip(records, codes) if cs.get(name)}


def code_table(records: list[dict[str, Any]], names: list[str], codes: list[dict[str, int]]) -> list[dict[str, Any]]:
    """Per category: documents and articles coded (at least one match), their shares, and the matches."""
    n_docs = len({r.get("source") for r in records}) or 1
    n_arts = len(records) or 1
    rows = []
    for name in names:
        docs = _coded_sources(records, codes, name)
        arts = sum(1 for cs in codes if cs.get(name))
        rows.append(
            {
                "category": name,
                "documents": len(docs),
                "share_documents": round(len(docs) / n_docs, 4),
                "articles": arts,
                "share_articles": round(arts / n_arts, 4),
                "matches": sum(int(cs.get(name) or 0) for cs in codes),
            }
        )
    return rows


def code_by_column(records: list[dict[str, Any]], names: list[str], codes: list[dict[str, int]], column: str) -> list[dict[str, Any]]:
    """Per value of a metadata column: documents, then for each category the documents coded and their share."""
    groups: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(records):
        groups[meta_value(r, column)].append(i)
    rows = []
    for value, idx in groups.items():
        recs, cs = [records[i] for i in idx], [codes[i] for i in idx]
        n = len({r.get("source") for r in recs})
        row: dict[str, Any] = {column: value, "documents": n}
        for name in names:
            coded = len(_coded_sources(recs, cs, name))
            row[name] = coded
            row[f"{name}_share"] = round(coded / (n or 1), 4)
        rows.append(row)
    if column == "year":
        rows.sort(key=lambda r: (r[column] == MISSING, r[column]))
    else:
        rows.sort(key=lambda r: (r[column] == MISSING, -r["documents"], r[column]))
    return rows


def coding_tables(records: list[dict[str, Any]], columns: list[str], coding: Any = None) -> dict[str, list[dict[str, Any]]]:
    """``codes`` (per category) and ``codes_by_COLUMN`` (per year, when the articles have one, and per
    report column); empty when there is no dictionary and no record carries codes."""
    names, codes = record_codes(records, coding)
    if not names:
        return {}
    tables = {"codes": code_table(records, names, codes)}
    has_year = any(meta_value(r, "year") != MISSING for r in records)
    for col in dict.fromkeys((["year"] if has_year else []) + list(columns)):
        tables[f"codes_by_{col}"] = code_by_column(records, names, codes, col)
    return tables


#: Provenance fields shown first, in this order; any others follow.
PROVENANCE_ORDER = (
    "run_started",
    "textkit",
    "mode",
    "script",
    "pipes",
    "theme_model",
    "theme_model_sha256",
    "slogan_model_sha256",
    "slogan_lexicon",
    "slogan_lexicon_sha256",
    "structure",
    "coding",
    "coding_sha256",
    "coding_categories",
)


def _plain_value(v: Any) -> Any:
    if isinstance(v, list | tuple):
        return ", ".join(map(str, v))
    if isinstance(v, dict):
        return json.dumps(v, ensure_ascii=False, sort_keys=True)
    return v


def provenance_runs(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The runs that produced the records (one per distinct ``provenance`` field, in order of first
    appearance; records without one form their own row): documents, articles and every provenance field."""
    runs: dict[str, dict[str, Any]] = {}
    for r in records:
        prov = r.get("provenance") if isinstance(r.get("provenance"), dict) else {}
        key = json.dumps(prov, ensure_ascii=False, sort_keys=True)
        run = runs.setdefault(key, {"prov": prov, "sources": set(), "articles": 0, "errors": 0})
        run["sources"].add(r.get("source"))
        run["errors" if r.get("error") else "articles"] += 1
    rows = []
    for n, run in enumerate(runs.values(), 1):
        prov = run["prov"]
        row: dict[str, Any] = {"run": n, "documents": len(run["sources"]), "articles": run["articles"], "failed": run["errors"]}
        if not prov:
            row["run_started"] = MISSING
        keys = [k for k in PROVENANCE_ORDER if k in prov] + sorted(k for k in prov if k not in PROVENANCE_ORDER)
        row.update({k: _plain_value(prov[k]) for k in keys})
        rows.append(row)
    return rows


def report_provenance(coding: Any = None, options: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """What produced the report: textkit version, time (``SOURCE_DATE_EPOCH`` when set), options, coding dictionary."""
    import textkit
    from textkit.provenance import run_time

    info: dict[str, Any] = {"textkit": textkit.__version__, "report_created": run_time()}
    info.update({k: _plain_value(v) for k, v in (options or {}).items() if v not in (None, [], "")})
    if coding is not None:
        info.update(coding.provenance())
    return [{"field": k, "value": v} for k, v in info.items()]
