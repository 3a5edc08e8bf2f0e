"""The verdict (通过 / 需复核 / 退回) and the department's rules file; the page colours only concrete measures."""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import fields
from pathlib import Path

import pytest

from textkit.normalization import convert_script
from textkit.screening import ScreenConfig, screen_documents
from textkit.screening.config import DEFAULT_FLAG_ACTIONS, SECTIONS, ConfigError, default_config_path, load_config
from textkit.screening.html import articles_view, write_screen_html
from textkit.screening.verdict import verdict

# A community report with concrete, counted work in two of the four themes (education, service).
CONCRETE = """城东社区党委2024年第一季度党建工作情况

一季度，城东社区党委围绕“红色物业”建设，把党建工作落到居民身边的小事上。

一、组织党员学习
社区党委每月第一个周六组织党员集中学习，一季度共开展集中学习3次，参学党员累计156人次。邀请区委党校教师为在职党员和退休党员讲专题党课1次，编印学习资料200册发放到各网格。

二、为居民办实事
针对老旧小区加装电梯难的问题，社区党委牵头召开楼栋协商会11场，推动4个单元完成加装电梯签约。组建由28名党员组成的“夕阳红”志愿服务队，为辖区65户独居老人每周上门测量血压、代购药品，一季度服务580人次。在社区服务站开设“周三法律门诊”，邀请2名律师党员坐诊，接待居民咨询47件。
"""

# A report of boilerplate only: measures are extracted from it, none of them concrete.
BOILERPLATE = """第二党支部2024年上半年党建工作总结

上半年，第二党支部高度重视党建工作，把党建工作摆上重要议事日程，认真贯彻落实上级党委各项决策部署。

一、加强思想政治建设
支部切实加强党员思想教育，进一步增强党员的政治意识和大局意识，引导党员干部坚定理想信念，不断提高政治判断力、政治领悟力、政治执行力，思想认识得到了进一步提高。

二、推进作风建设
支部持续深化作风建设，严格遵守中央八项规定精神，营造了风清气正的良好氛围，党员干部精神面貌焕然一新。

三、服务中心工作
支部积极投身中心工作，充分发挥党支部战斗堡垒作用，各项工作取得了明显成效，为完成全年任务提供了坚强保证。下一步，支部将继续加强党的建设，推动党建工作再上新台阶。
"""


def _write(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.fixture(scope="module")
def screened(tmp_path_factory):
    """The concrete report (simplified) and the boilerplate report (traditional script), screened with the defaults."""
    root = tmp_path_factory.mktemp("verdict")
    paths = [
        _write(root, "concrete.txt", CONCRETE),
        _write(root, "boilerplate_traditional.txt", convert_script(BOILERPLATE, "traditional")),
    ]
    return root, paths, screen_documents(paths)


# --------------------------------------------------------------------------- the rules file


def test_shipped_rules_file_documents_every_key_and_holds_the_defaults():
    path = default_config_path()
    assert load_config(path) == ScreenConfig() == load_config(None)
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    in_file = {k for section, table in data.items() for k in table if not (section == "verdict" and k == "flags")}
    assert in_file == {f.name for f in fields(ScreenConfig)} - {"flag_actions"} == {k for keys in SECTIONS.values() for k in keys}
    assert data["verdict"]["flags"] == DEFAULT_FLAG_ACTIONS
    text = path.read_text(encoding="utf-8")
    for key in in_file | set(DEFAULT_FLAG_ACTIONS):  # every key has a comment on its line
        assert re.search(rf"^{key} *=[^#\n]*#\s*\S", text, re.M), key
    assert ScreenConfig().required_themes == ()  # no theme is required unless the department says so


def test_a_department_file_changes_only_what_it_names(tmp_path):
    path = tmp_path / "rules.toml"
    path.write_text(
        '[flags]\nrequired_themes = ["监督管理", "service"]\nslogan_heavy = 3\n'
        '[verdict]\nreturn_copied_share = 0.3\n[verdict.flags]\nFEW_FIGURES = "review"\nslogan_heavy = "note"\n',
        encoding="utf-8",
    )
    cfg = load_config(path)
    assert cfg.required_themes == ("supervision", "service")
    assert cfg.slogan_heavy == 3.0 and isinstance(cfg.slogan_heavy, float)
    assert cfg.return_copied_share == 0.3 and cfg.review_copied_share == ScreenConfig().review_copied_share
    assert cfg.action("FEW_FIGURES") == "review" and cfg.action("SLOGAN_HEAVY") == "note"
    assert cfg.action("NO_CONCRETE_MEASURES") == "return" and cfg.action("SOME_NEW_FLAG") == "review"


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("[flags]\nslogan_heavvy = 2\n", "unknown key 'slogan_heavvy'"),
        ("[flag]\nslogan_heavy = 2\n", "unknown section [flag]"),
        ('[flags]\nrequired_themes = ["党风廉政"]\n', "unknown theme '党风廉政'"),
        ('[flags]\nrequired_themes = "service"\n', "expected a list"),
        ('[flags]\nmin_chars = "200"\n', "min_chars: expected int"),
        ("[verdict]\nreview_below_score = -1\n", "must not be negative"),
        ('[verdict.flags]\nFEW_FIGURES = "ignore"\n', "expected one of return, review, note"),
        ("[flags\n", "not a valid TOML file"),
    ],
)
def test_a_bad_rules_file_is_an_error_naming_the_key(tmp_path, text, error):
    path = tmp_path / "rules.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=re.escape(error)):
        load_config(path)


# --------------------------------------------------------------------------- the rules


def _flag(code: str) -> dict[str, str]:
    return {"code": code, "label": code.lower(), "message": f"msg {code}"}


@pytest.mark.parametrize(
    ("flags", "copied_share", "score", "expected", "reasons"),
    [
        ([], 0.0, 80, "pass", []),
        ([_flag("FEW_FIGURES")], 0.0, 80, "pass", []),  # a note: shown, the verdict unchanged
        ([_flag("SLOGAN_HEAVY")], 0.0, 80, "review", ["SLOGAN_HEAVY"]),
        ([_flag("SLOGAN_HEAVY"), _flag("NO_CONCRETE_MEASURES")], 0.0, 80, "return", ["NO_CONCRETE_MEASURES", "SLOGAN_HEAVY"]),
        ([], 0.14, 80, "pass", []),
        ([], 0.15, 80, "review", ["COPIED_SHARE"]),  # two pasted paragraphs are worth a look
        ([], 0.5, 80, "return", ["COPIED_SHARE"]),
        ([], 0.0, 39, "review", ["LOW_SCORE"]),
        ([_flag("SOMETHING_NEW")], 0.0, 80, "review", ["SOMETHING_NEW"]),  # a flag the rules do not name: review
    ],
)
def test_verdict_rules(flags, copied_share, score, expected, reasons):
    got = verdict(flags, {"copied_share": copied_share}, [], score, ScreenConfig())
    assert got["code"] == expected and got["label"] == {"pass": "通过", "review": "需复核", "return": "退回"}[expected]
    assert [r["code"] for r in got["reasons"]] == reasons


def test_copied_share_reason_says_how_much_and_the_threshold():
    got = verdict([], {"copied_share": 0.27}, [], 90, ScreenConfig())
    assert got["reasons"] == [
        {
            "code": "COPIED_SHARE",
            "label": "与其他材料相同比例高",
            "message": "本文27%的文字与其他材料相同（达到15%即复核）",
            "action": "review",
        }
    ]


def test_the_department_decides_what_returns():
    cfg = ScreenConfig(flag_actions={**DEFAULT_FLAG_ACTIONS, "SLOGAN_HEAVY": "return"}, review_below_score=0)
    assert verdict([_flag("SLOGAN_HEAVY")], {"copied_share": 0.0}, [], 10, cfg)["code"] == "return"
    assert verdict([], {"copied_share": 0.0}, [], 10, cfg)["code"] == "pass"  # the score rule turned off


# --------------------------------------------------------------------------- screened reports


def test_concrete_report_passes_and_boilerplate_report_is_returned(screened):
    _, _, (concrete, boilerplate) = screened
    assert concrete.verdict == {"code": "pass", "label": "通过", "reasons": []}
    assert concrete.flags == []  # two themes covered, none required: no THEME_MISSING
    assert boilerplate.verdict["code"] == "return" and boilerplate.verdict["label"] == "退回"
    first = boilerplate.verdict["reasons"][0]
    assert first["action"] == "return" and first["code"] in {"NO_CONCRETE_MEASURES", "SLOGANS_WITHOUT_MEASURES"}
    assert "没有具体措施" in first["message"]
    assert boilerplate.record()["verdict"] == boilerplate.verdict


def test_required_theme_sends_a_report_without_it_to_review(screened):
    _, paths, _ = screened
    (concrete,) = screen_documents(paths[:1], config=ScreenConfig(required_themes=("supervision",)))
    assert [f["code"] for f in concrete.flags] == ["THEME_MISSING"]
    assert concrete.verdict["code"] == "review" and concrete.verdict["reasons"][0]["label"] == "缺少要求方面"
    assert "监督管理" in concrete.verdict["reasons"][0]["message"]


def test_page_colours_only_the_measures_the_flags_count(screened, tmp_path):
    _, _, results = screened
    concrete, boilerplate = results
    assert boilerplate.scores["concrete_measures"] == 0 and boilerplate.scores["measures"] >= 3  # measures there are, none concrete
    for res in results:  # the page's coloured measures are exactly those the score counts as concrete
        coloured = [m for art in articles_view(res) for m in art["measures"] if m["substantive"]]
        assert len(coloured) == res.scores["concrete_measures"]
    write_screen_html(results, tmp_path)
    page = (tmp_path / "0002-boilerplate_traditional.html").read_text(encoding="utf-8")
    doc = page[page.index('<div class="doc">') :]
    assert "没有具体措施" in page
    assert re.search(r'<span class="measure general status-\w+"', doc)  # the boilerplate measures are shown, uncoloured
    assert not re.search(r'class="[^"]*theme-', doc)  # … and no theme colour next to "no concrete measures"
    assert "第二党支部高度重视党建工作" in doc  # the boilerplate sentence is on the page (normalised to simplified)
    good = (tmp_path / "0001-concrete.html").read_text(encoding="utf-8")
    assert re.search(r'<span class="measure theme-service concrete status-done"', good)


def test_cli_reads_the_rules_file_and_writes_the_verdict(screened, tmp_path):
    from typer.testing import CliRunner

    from textkit.cli import app

    _, paths, _ = screened
    rules = tmp_path / "rules.toml"
    rules.write_text('[flags]\nrequired_themes = ["为民服务", "监督管理"]\n', encoding="utf-8")
    out = tmp_path / "screen.json"
    run = CliRunner().invoke(app, ["screen", *paths, "--config", str(rules), "-o", str(out), "-q"])
    assert run.exit_code == 0, run.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [d["verdict"]["code"] for d in data] == ["review", "return"]
    assert data[0]["flags"] == [
        {"code": "THEME_MISSING", "label": "缺少要求方面", "message": "未涉及监督管理方面的具体措施（本单位要求涉及）"}
    ]
    bad = tmp_path / "bad.toml"
    bad.write_text("[flags]\nfew_figure = 2\n", encoding="utf-8")
    run = CliRunner().invoke(app, ["screen", paths[0], "--config", str(bad), "-o", str(out)])
    assert run.exit_code == 2 and "few_figure" in run.output
    run = CliRunner().invoke(app, ["screen", "--show-config"])
    assert run.exit_code == 0 and run.output == default_config_path().read_text(encoding="utf-8")
