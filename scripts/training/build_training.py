"""Build scripts/training/train.csv, the theme training set, from:

- written_measures.csv, written_boundary.csv — measure sentences written for the project (labelled by
  hand; the second concentrates on cases near the boundaries between themes);
- written_conventions.csv — sentences written to teach the annotation conventions of the guidelines
  (generic organisation of party work → mechanism; ideas, awareness and publicity → education;
  appraisal, commitments made public, discipline → supervision; care for staff → service; output
  → other), in the register of real work reports and across many sectors; it has weight 3 (each row
  counts three times in training, ``weight`` column), being the closest to how reports are annotated;
- written_themes11.csv — sentences written for the theme mistakes seen on unseen reports: supervision
  actions that name a system (述职评议, 问责, 谈心谈话, 巡察, 廉政, 约谈, 警示, 谈话提醒, 纪律 …),
  rules about study, economic, fiscal, monetary, tax and industrial policy, production output and
  services to enterprises (→ other), help to people (→ service); weight 3 like the conventions;
- written_themes11b.csv — more sentences written for theme mistakes on unseen reports, across many
  sectors: hearing duty reports, assessment, feedback and appraisal by the served (→ supervision);
  capacity building, exchange meetings, theory research and ideological work (→ education, even
  with 管理/体系 in them); member intake, team building, posts and meetings (→ mechanism); works for
  residents' livelihood, petitions and disputes, epidemic supplies (→ service, not output);
  fiscal, monetary and industrial policy and output (→ other); weight 3;
- written_themes12.csv — sentences written for the theme confusions that remain on unseen reports
  (issue 11), across many sectors: oversight cues inside party work, assessment and appraisal
  (检查考核, 述职测评, 调阅通报, 约谈, 专题研究廉政工作 → supervision, even beside 制度/机制/党建
  工作); service posts, windows, teams and pledged service items (→ service, not mechanism); study,
  training programmes (工程) and education work someone is put in charge of (→ education);
  member intake, branch setup and rules of procedure (→ mechanism); party branches on industrial
  chains and work schedules for livelihood projects (→ mechanism), help with sales, jobs and
  start-ups and livelihood works (→ service), against output, economic, fiscal, monetary and
  industrial policy (→ other); oversight teams and panels (→ supervision); weight 3;
- harvested_reviewed.csv — measures harvested from corpora/ by ``textkit extract``, pre-labelled by
  the weak-labelling lexicon (textkit/data/weak_lexicon.tsv via ``textkit.themes.weak_label``) and
  then reviewed by hand (rows with keep=0 dropped).

One ordering convention is applied to all of them: a measure that sets up a rule or system
(制度, 机制, 办法 …) and has mechanism among its themes puts mechanism first and the system's subject
second (建立党员帮带机制 → mechanism, education), except a rule about study itself (学习制度, 培训制度,
党课制度, “第一议题”制度 …) → education first, an oversight instrument (督查, 监督, 公示, 述职评议, 谈心谈话,
问责, 廉政 … not about decisions or records) → supervision first, and a system for helping people
(帮扶, 慰问, 便民, 服务 … not an appraisal) → service first, as in the guidelines' own example
建立了党员帮扶困难群众制度 → service, mechanism.

Run: python scripts/training/build_training.py && textkit train scripts/training/train.csv -o textkit/models/themes.skops --replace-shipped
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
SYSTEM = re.compile(r"制度|机制|责任制|工作制|体系|规定|办法|细则|台账|档案|清单")
OVERSIGHT = re.compile(
    r"督查|督导|督办|监督|巡察|巡视|廉|纪律|违纪|纪检|党纪|执纪|问责|追究|审计|公示|公开|举报|信访|述职|评议|谈心|谈话|约谈|诫勉|函询"
)
DECISION = re.compile(r"决策|议事|纪实|选拔任用|招标|录取")
HELP = re.compile(r"帮扶|服务|困难|慰问|关爱|诉求|群众|便民|接访|走访|为民|救助")
APPRAISAL = re.compile(r"考评|考核|评议|述职")
STUDY = re.compile(r"(学习|学用|学法|培训|读书|党课|夜学|第一议题|政治生日)[^，,；;。]{0,8}(制度|机制|体系|清单)")
SOURCES = [
    ("written_measures.csv", None, 1),
    ("written_boundary.csv", None, 1),
    ("written_conventions.csv", None, 3),
    ("harvested_reviewed.csv", "keep", 1),
    ("written_themes11.csv", None, 3),
    ("written_themes11b.csv", None, 3),
    ("written_themes12.csv", None, 3),
]


def convention(themes: list[str], text: str) -> list[str]:
    """Reorder the themes of a system-setting measure (see the module docstring)."""
    if len(themes) < 2 or "mechanism" not in themes or not SYSTEM.search(text):
        return themes
    subject = next(t for t in themes if t != "mechanism")
    first = "mechanism"
    if subject == "supervision" and OVERSIGHT.search(text) and not DECISION.search(text):
        first = "supervision"
    elif subject == "service" and HELP.search(text) and not APPRAISAL.search(text):
        first = "service"
    elif subject == "education" and STUDY.search(text) and not APPRAISAL.search(text):
        first = "education"
    return [first, *[t for t in themes if t != first]]


def main() -> None:
    rows: dict[str, tuple[list[str], str, int]] = {}
    for name, keep_col, weight in SOURCES:
        path = HERE / name
        if not path.exists():
            print(f"skipped {name} (not found)")
            continue
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                if keep_col and row.get(keep_col, "1").strip() != "1":
                    continue
                themes = [t for t in row["themes"].split("|") if t]
                rows.setdefault(row["text"].strip(), (convention(themes, row["text"]), name, weight))
    out = HERE / "train.csv"
    with out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["text", "themes", "origin", "weight"])
        for text, (themes, origin, weight) in rows.items():
            w.writerow([text, "|".join(themes), origin, weight])
    print(f"{len(rows)} rows ({sum(r[2] for r in rows.values())} with weights) → {out}")


if __name__ == "__main__":
    main()
