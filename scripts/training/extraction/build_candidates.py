"""Merge the hand labels of figure and slogan candidates into figures.csv and slogans.csv.

Inputs: figures_unlabelled.csv and slogans_unlabelled.csv (written by candidates.py),
slogans3_unlabelled.csv (candidates3.py) and the label files labels/figures/*.lab and
labels/slogans/*.lab. Every candidate must be labelled exactly once.

Label files. A line ``@ <sent> <doc>`` opens a sentence (doc as in the CSV); ``#`` starts a comment.
Figure lines (one per candidate of the sentence, keyed by its start offset, with the candidate
text repeated as a check):

    <start> <cand_text> = Y <indicator> <kind>[~] [v=<value>] [m=<value_max>] [u=<unit>]
    <start> <cand_text> = N <reason>

kind: c count, p percent, m money, f frequency, d duration, a age, o other; ``~`` marks approx=1.
value, value_max and unit default to the numeral converter's reading (p_value, p_value_max,
p_unit), which the annotator checked and overrode with v=/m=/u= where it was wrong (u=- for a
number written without a unit).
reason: yr year, dt date, ord ordinal, list list_announce, ind indefinite, idm idiom,
slo slogan_numeral, code code, oth other. A line ``+<start> <text> = Y …`` adds a figure that the
generator missed (the span of the sentence at that offset; give v= and u=).

Slogan lines (keyed by the candidate text):

    <cand_text> = Y <kind> [t=<text>]
    <cand_text> = N <reason>

kind: n numeric, c campaign, m motto, t term. ``t=`` gives the slogan as it should be output when
it differs from the candidate (other boundaries, trailing 活动/模式/要求 dropped); text defaults to
the candidate. reason: emp emphasis, qual quality_word, sp speech, test testimonial, hon honour,
tit title, ord ordinary_phrase, oth other.

Run: python build_candidates.py            → figures.csv, slogans.csv and the counts
     python build_candidates.py --heldout  → figures_heldout.csv (labels/figures_heldout, see
                                             sample_figures_heldout.py)
     python build_candidates.py --heldout2 → figures_heldout2.csv (labels/figures_heldout2, see
                                             sample_figures_heldout2.py)
     python build_candidates.py --heldout3 → figures_heldout3.csv (labels/figures_heldout3, see
                                             sample_figures_heldout3.py)
     python build_candidates.py --heldout4 → figures_heldout4.csv (labels/figures_heldout4, see
                                             sample_figures_heldout4.py)
     python build_candidates.py --sheet figures|slogans SOURCE [DOC_PREFIX]
                                           → a blank worksheet (candidates per sentence)
"""

from __future__ import annotations

import collections
import csv
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PARTIAL = "--partial" in sys.argv  # while labelling: skip the sentences not labelled yet
FIG_KINDS = {"c": "count", "p": "percent", "m": "money", "f": "frequency", "d": "duration", "a": "age", "o": "other"}
FIG_REASONS = {
    "yr": "year",
    "dt": "date",
    "ord": "ordinal",
    "list": "list_announce",
    "ind": "indefinite",
    "idm": "idiom",
    "slo": "slogan_numeral",
    "code": "code",
    "oth": "other",
}
SLO_KINDS = {"n": "numeric", "c": "campaign", "m": "motto", "t": "term"}
SLO_REASONS = {
    "emp": "emphasis",
    "qual": "quality_word",
    "sp": "speech",
    "test": "testimonial",
    "hon": "honour",
    "tit": "title",
    "ord": "ordinary_phrase",
    "oth": "other",
}
FIG_OUT = [
    "source",
    "doc",
    "sent",
    "sentence",
    "cand_start",
    "cand_end",
    "cand_text",
    "is_figure",
    "value",
    "value_max",
    "unit",
    "indicator",
    "kind",
    "approx",
    "reason_if_not",
]
# The candidate files of each kind: candidates.py wrote the first, candidates3.py the third slogan set.
UNLABELLED = {
    "figures": ("figures_unlabelled.csv",),
    "figures_heldout": ("figures_heldout_unlabelled.csv",),
    "figures_heldout2": ("figures_heldout2_unlabelled.csv",),
    "figures_heldout3": ("figures_heldout3_unlabelled.csv",),
    "figures_heldout4": ("figures_heldout4_unlabelled.csv",),
    "slogans": ("slogans_unlabelled.csv", "slogans3_unlabelled.csv"),
}
SOURCES = ("political", "written", "written2", "political3", "slogans_written")
SLO_OUT = ["source", "doc", "sent", "sentence", "cand_text", "quoted", "is_slogan", "kind", "text", "reason_if_not"]


def read_csv(name: str) -> list[dict]:
    with open(HERE / name, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def read_labels(folder: Path) -> dict[tuple[str, int], list[tuple[str, str, str]]]:
    """{(doc, sent): [(key, echo, label), …]} from every .lab file in folder."""
    out: dict = {}
    for path in sorted(folder.glob("*.lab")):
        cur = None
        for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = raw.split(" #", 1)[0].rstrip() if not raw.lstrip().startswith("#") else ""
            if not line.strip():
                continue
            if line.startswith("@ "):
                sent, doc = line[2:].split(" ", 1)
                cur = (doc.strip(), int(sent))
                if cur in out:
                    raise SystemExit(f"{path.name}:{n}: sentence {cur} labelled twice")
                out[cur] = []
                continue
            if cur is None or " = " not in line:
                raise SystemExit(f"{path.name}:{n}: bad line {raw!r}")
            left, label = line.split(" = ", 1)
            out[cur].append((left.strip(), label.strip(), f"{path.name}:{n}"))
    return out


def opts(tokens: list[str]) -> tuple[list[str], dict[str, str]]:
    pos, kv = [], {}
    for t in tokens:
        m = re.match(r"^([vmut])=(.*)$", t)
        if m:
            kv[m.group(1)] = m.group(2)
        else:
            pos.append(t)
    return pos, kv


def labelled_sentences(kind: str, errors: list[str]):
    """(sentence key, its unlabelled candidate rows, its labels) for every labelled sentence of ``kind``;
    an unlabelled sentence is an error unless PARTIAL."""
    labels = read_labels(HERE / "labels" / kind)
    by_sent = collections.OrderedDict()
    for name in UNLABELLED[kind]:
        for r in read_csv(name):
            by_sent.setdefault((r["doc"], int(r["sent"])), []).append(r)
    for key, cands in by_sent.items():
        lab = labels.pop(key, None)
        if lab is None:
            if not PARTIAL:
                errors.append(f"{kind}: {key} not labelled")
            continue
        yield key, cands, lab
    errors += [f"{kind}: labels for unknown sentence {key}" for key in labels]


def figure_label(r: dict, label: str, where: str, errors: list[str]) -> dict | None:
    """The output row of candidate row ``r`` (a CSV row with p_value, p_value_max, p_unit) under ``label``."""
    toks = label.split()
    o = {k: r[k] for k in ("source", "doc", "sent", "sentence", "cand_start", "cand_end", "cand_text")}
    if toks[0] == "Y":
        pos, kv = opts(toks[1:])
        if len(pos) != 2 or pos[1].rstrip("~") not in FIG_KINDS:
            errors.append(f"{where}: bad figure label {label!r}")
            return None
        value = kv.get("v", r["p_value"])
        if not value:
            errors.append(f"{where}: no value")
            return None
        o.update(
            is_figure=1,
            value=value,
            value_max=kv.get("m", r["p_value_max"]),
            unit=kv.get("u", r["p_unit"]),
            indicator=pos[0],
            kind=FIG_KINDS[pos[1].rstrip("~")],
            approx=int(pos[1].endswith("~")),
            reason_if_not="",
        )
        if o["unit"] == "-":
            o["unit"] = ""  # a number written without a unit, stated explicitly
        elif not o["unit"]:
            errors.append(f"{where}: no unit (u=- for none)")
    elif toks[0] == "N" and len(toks) == 2 and toks[1] in FIG_REASONS:
        o.update(is_figure=0, value="", value_max="", unit="", indicator="", kind="", approx="", reason_if_not=FIG_REASONS[toks[1]])
    else:
        errors.append(f"{where}: bad label {label!r}")
        return None
    return o


def build_figures(kind: str = "figures") -> list[dict]:
    """Labelled figure candidates of ``kind`` (figures, or figures_heldout* for a held-out political set).

    A label line ``+<start> <text> = Y …`` adds a figure the generator did not propose (a span of the
    sentence at that offset; v= and u= are then required): it counts as a gold figure in the scores."""
    out, errors = [], []
    for key, cands, lab in labelled_sentences(kind, errors):
        got, added = {}, []
        for left, label, where in lab:
            start, _, echo = left.partition(" ")
            if start.startswith("+"):
                added.append((int(start[1:]), echo, label, where))
            else:
                got[int(start)] = (echo, label, where)
        for r in cands:
            item = got.pop(int(r["cand_start"]), None)
            if item is None:
                errors.append(f"figures: {key} candidate {r['cand_start']} {r['cand_text']} not labelled")
                continue
            echo, label, where = item
            if echo.replace(" ", "") != r["cand_text"].replace(" ", ""):
                errors.append(f"{where}: echo {echo!r} != {r['cand_text']!r}")
                continue
            o = figure_label(r, label, where, errors)
            if o is not None:
                out.append(o)
        for start, echo, label, where in added:
            sentence = cands[0]["sentence"]
            if sentence[start : start + len(echo)] != echo or not label.startswith("Y"):
                errors.append(f"{where}: added figure {echo!r} is not at {start} or not labelled Y")
                continue
            r = {
                **cands[0],
                "cand_start": start,
                "cand_end": start + len(echo),
                "cand_text": echo,
                "p_value": "",
                "p_value_max": "",
                "p_unit": "",
            }
            o = figure_label(r, label, where, errors)
            if o is not None:
                out.append(o)
        for start, (echo, _, where) in got.items():
            errors.append(f"{where}: no candidate at {start} ({echo})")
    if errors:
        raise SystemExit("\n".join(errors[:40]) + (f"\n… {len(errors)} errors" if len(errors) > 40 else ""))
    return out


def build_slogans() -> list[dict]:
    out, errors = [], []
    for key, cands, lab in labelled_sentences("slogans", errors):
        got = {}
        for echo, label, where in lab:
            got[echo.replace(" ", "")] = (label, where)
        for r in cands:
            item = got.pop(r["cand_text"].replace(" ", ""), None)
            if item is None:
                errors.append(f"slogans: {key} candidate {r['cand_text']!r} not labelled")
                continue
            label, where = item
            kind_tok, _, rest = label.partition(" ")
            o = {k: r[k] for k in ("source", "doc", "sent", "sentence", "cand_text", "quoted")}
            if kind_tok == "Y":
                k, _, t = rest.strip().partition(" ")
                if k not in SLO_KINDS or (t and not t.startswith("t=")):
                    errors.append(f"{where}: bad slogan label {label!r}")
                    continue
                text = t[2:].strip() if t else r["cand_text"].strip()
                o.update(is_slogan=1, kind=SLO_KINDS[k], text=text, reason_if_not="")
            elif kind_tok == "N" and rest.strip() in SLO_REASONS:
                o.update(is_slogan=0, kind="", text="", reason_if_not=SLO_REASONS[rest.strip()])
            else:
                errors.append(f"{where}: bad label {label!r}")
                continue
            out.append(o)
        for echo, (_, where) in got.items():
            errors.append(f"{where}: no candidate {echo!r}")
    if errors:
        raise SystemExit("\n".join(errors[:40]) + (f"\n… {len(errors)} errors" if len(errors) > 40 else ""))
    return out


def sheet(kind: str, source: str, prefix: str = "") -> None:
    cur = None
    for r in (r for name in UNLABELLED[kind] for r in read_csv(name)):
        if r["source"] != source or not r["doc"].startswith(prefix):
            continue
        key = (r["doc"], r["sent"])
        if key != cur:
            print(f"\n@ {r['sent']} {r['doc']}\n# {r['sentence']}")
            cur = key
        if kind.startswith("figures"):
            hint = f"v={r['p_value']}" + (f" m={r['p_value_max']}" if r["p_value_max"] else "") + f" u={r['p_unit']}"
            print(f"{r['cand_start']} {r['cand_text']} = ?    # {hint}")
        else:
            print(f"{r['cand_text']} = ?    # q={r['quoted']} {r['origin']}")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--sheet":
        sheet(*sys.argv[2:])
        return
    for flag in ("--heldout", "--heldout2", "--heldout3", "--heldout4"):
        if flag in sys.argv:
            kind = "figures_" + flag[2:]
            rows = build_figures(kind)
            with open(HERE / f"{kind}.csv", "w", encoding="utf-8", newline="") as f:
                w = csv.DictWriter(f, FIG_OUT)
                w.writeheader()
                w.writerows(rows)
            print(f"{kind}.csv: {len(rows)} candidates, {sum(r['is_figure'] == 1 for r in rows)} figures")
            return
    for name, fn, fields, flag in (
        ("figures.csv", build_figures, FIG_OUT, "is_figure"),
        ("slogans.csv", build_slogans, SLO_OUT, "is_slogan"),
    ):
        rows = fn()
        if PARTIAL:
            print(f"{name}: {len(rows)} labelled so far (not written)")
            continue
        with open(HERE / name, "w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fields)
            w.writeheader()
            w.writerows(rows)
        pos = collections.Counter((r["source"], r[flag]) for r in rows)
        print(
            f"{name}: {len(rows)} candidates; "
            + ", ".join(f"{s} {pos[(s, 1)]}/{pos[(s, 1)] + pos[(s, 0)]}" for s in SOURCES if pos[(s, 1)] + pos[(s, 0)])
        )
        print("  kinds:", dict(collections.Counter(r["kind"] for r in rows if r[flag] == 1)))
        print("  reasons:", dict(collections.Counter(r["reason_if_not"] for r in rows if r[flag] == 0)))


if __name__ == "__main__":
    main()
