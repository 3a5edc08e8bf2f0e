"""Web page furniture and wiki copies: breadcrumbs in any arrow style, credits to meta, download and
share notices out of the body, wiki link breaks rejoined (simplified and traditional script)."""

from __future__ import annotations

import pytest

from textkit.normalization import boilerplate as bp
from textkit.normalization import convert_script, normalize_text
from textkit.normalization.script import to_simplified

SCRIPTS = ["simplified", "traditional"]


def _in_script(text: str, script: str) -> str:
    return text if script == "simplified" else convert_script(text, "traditional")


BREADCRUMBS = [
    "首页 -> 要闻 -> 正文",
    "首页 > 新闻中心 > 基层动态",
    "当前位置：首页 » 党建工作 » 正文",
    "您现在的位置: 网站首页 >> 支部风采 >> 正文",
    "主页/栏目/正文",
    "首页＞要闻＞正文",
    "首页 ≫ 党建动态 ≫ 正文",
    "首页→基层党建→河西街道开展主题党日活动",
    "首页 --> 通知公告",
    "当前位置 首页>>组织建设",
    "Home > 党建动态 > 正文",
    "首页",
]
NOT_BREADCRUMBS = [
    "首页设计方案已经确定，下一步组织试运行。",
    "我们把支部/小组建在生产一线",
    "2024/05/06",
    "一、抓学习 > 抓管理",
    "当前位置不明的问题依然存在",
    "A > B 的比较结果",
]


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize("line", BREADCRUMBS)
def test_breadcrumbs_in_any_arrow_style(line: str, script: str):
    simplified, _, _ = to_simplified(_in_script(line, script))
    assert bp.is_breadcrumb(simplified)
    assert bp.furniture(simplified) == ("breadcrumb", "breadcrumb trail")


@pytest.mark.parametrize("line", NOT_BREADCRUMBS)
def test_lines_that_are_not_breadcrumbs(line: str):
    assert not bp.is_breadcrumb(line)


@pytest.mark.parametrize(
    ("line", "fields"),
    [
        ("供稿：党委办公室 审核：李明 编辑：张敏", [("供稿", "党委办公室"), ("审核", "李明"), ("编辑", "张敏")]),
        ("（供稿：组织部 审核：李明）", [("供稿", "组织部"), ("审核", "李明")]),
        ("初审：王丽 复审：赵强 终审：钱进", [("初审", "王丽"), ("复审", "赵强"), ("终审", "钱进")]),
        (
            "编辑：肖红 发表时间：2019-10-18 10:32 来源：市纪委监委网站",
            [("编辑", "肖红"), ("时间", "2019-10-18 10:32"), ("来源", "市纪委监委网站")],
        ),
        ("发布时间：2025-09-01 来源：市机关党建网 阅读次数：", [("时间", "2025-09-01"), ("来源", "市机关党建网"), ("阅读次数", "")]),
        ("责任编辑：王芳 | 校对：李四", [("责任编辑", "王芳"), ("校对", "李四")]),
        ("摄影：陈晨", [("摄影", "陈晨")]),
        ("图片：王晓红 李明", [("图片", "王晓红 李明")]),
        ("图片：党员大会现场", None),  # a caption, not a credit
        ("图片：活动现场", None),
        ("图片：社区党员志愿者在小区门口为居民测量血压，提供义诊服务", None),
    ],
)
def test_credit_lines(line: str, fields):
    assert bp.header_line(line) == fields


NOTICES = [
    "附件下载：党员发展工作流程.docx",
    "附件：1.支部考核细则.pdf",
    "【打印本页】【关闭窗口】",
    "2024-11-25 下载文档 一键复制全文",
    "分享到：微信 微博 QQ空间",
    "扫一扫在手机打开当前页",
    "点击下载",
    "欢迎访问某某区机关党建网！ 今天是",
]


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize("line", NOTICES)
def test_download_print_and_share_notices(line: str, script: str):
    simplified, _, _ = to_simplified(_in_script(line, script))
    assert bp.furniture(simplified) is not None


def test_a_sentence_that_mentions_a_download_stays():
    assert bp.furniture("群众可以点击下载申请表，也可以到服务大厅领取。") is None


PAGE = """首页 -> 要闻 -> 正文
河西街道党工委推行“党员联户”制度
发布时间：2024-04-08 16:20 来源：河西街道 阅读次数：326
街道党工委组织186名党员联系辖区住户，每名党员联系10户左右。
党员每月走访一次，收集群众意见建议，今年以来已解决问题52个。
附件下载：党员联户登记表.xlsx
供稿：河西街道党工委 审核：孙伟 编辑：刘洋
初审：周敏 复审：吴刚 终审：郑华
摄影：何静
【打印本页】【关闭窗口】
分享到：
"""


@pytest.mark.parametrize("script", SCRIPTS)
def test_news_page_keeps_only_its_article(script: str):
    (art,) = normalize_text(_in_script(PAGE, script))
    assert art.title == "河西街道党工委推行“党员联户”制度"
    assert art.text.split("\n") == [
        "街道党工委组织186名党员联系辖区住户，每名党员联系10户左右。",
        "党员每月走访一次，收集群众意见建议，今年以来已解决问题52个。",
    ]
    assert art.meta == {  # credits each in their own key (values in simplified script, as the text)
        "date": "2024-04-08",
        "site_source": "河西街道",
        "contributor": "河西街道党工委",
        "reviewer": "孙伟",
        "editor": "刘洋",
        "first_reviewer": "周敏",
        "second_reviewer": "吴刚",
        "final_reviewer": "郑华",
        "photographer": "何静",
    }


WIKI = """关于政府工作报告的决议

本届会议听取了国务院总理所作的
政府工作报告
。会议同意报告提出的目标任务，要求认真贯彻《
中华人民共和国预算法
》，依法加强
地方政府债务
管理。

各地要落实《
乡村振兴促进法
》、《
土地管理法
》等法律，坚持“
藏粮于地、藏粮于技
”战略。

二、主要任务
加快建设现代化产业体系。



本作品来自某某机构，依据《
著作权法
》第五条，属于
公有领域
。
Public domain
"""


@pytest.mark.parametrize("script", SCRIPTS)
def test_wiki_link_breaks_rejoined_and_licence_dropped(script: str):
    (art,) = normalize_text(_in_script(WIKI, script))
    assert art.title == "关于政府工作报告的决议"
    paragraphs = art.text.split("\n")
    assert paragraphs == [
        "本届会议听取了国务院总理所作的政府工作报告。会议同意报告提出的目标任务，要求认真贯彻《中华人民共和国预算法》，依法加强地方政府债务管理。",
        "各地要落实《乡村振兴促进法》、《土地管理法》等法律，坚持“藏粮于地、藏粮于技”战略。",
        "二、主要任务",
        "加快建设现代化产业体系。",
    ]
    assert art.log["link_breaks_joined"] >= 10
    assert "公有领域" not in art.text and art.log["footer_lines_removed"] == 6


@pytest.mark.parametrize(
    ("prev", "nxt", "after", "joined"),
    [
        ("要求贯彻《", "预算法", None, True),
        ("预算法", "》，依法", None, True),
        ("所作的", "政府工作报告", "。会议", True),
        ("一、加强学习", "支部组织学习12次。", None, False),
        ("加强学习。", "支部组织学习", "，成效明显", False),
        ("党建引领", "（一）健全组织", None, False),
    ],
)
def test_link_break(prev: str, nxt: str, after, joined: bool):
    assert bp.link_break(prev, nxt, after) is joined
