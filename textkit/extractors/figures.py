"""Figures: numbers with their unit, what they count, kind, approximation, ranges and base values.

Candidates are found with one regular expression over Arabic and Chinese numerals; Chinese
numerals are converted with cn2an *inside the candidate only* (so 三重一大 or 一是 elsewhere are
never touched). Dates, ordinals, list markers, numbered slogans, idioms, codes and counts that
merely announce a list are rejected.
"""

from __future__ import annotations

import re

from textkit.components import component
from textkit.model import Article, Figure, Sentence
from textkit.resources import numeric_idioms
from textkit.segmentation import word_tags

CN_DIGITS = "零〇一二两三四五六七八九十百千万亿"
NUM = rf"(?:\d+(?:,\d{{3}})*(?:\.\d+)?|[{CN_DIGITS}]+(?:点[{CN_DIGITS}]+)?)"
TIME_UNITS = ("年", "个月", "月", "周", "星期", "天", "日", "小时", "个小时", "分钟", "秒", "季度", "学时", "课时")
MEASURE_WORDS = sorted(
    (
        "人次 名 个 人 户 家 项 次 场 期 条 份 本 篇 件 所 支 座 套 台 辆 张 批 类 种 处 门 节 堂 课 册 部 "
        "万元 亿元 千元 元 余元 美元 年 个月 月 周 个星期 星期 天 日 小时 个小时 分钟 秒 岁 季度 学时 课时 "
        "届 级 镇 村 乡 区 县 街道 社区 单位 部门 党支部 支部 小组 组 队 栋 间 块 首 幅 期 轮 遍 回 点 "
        "公里 千米 米 平方米 亩 吨 千瓦时 万字 字 % ‰ 倍 成 分 票 位 余 对 员 团 包"
    ).split(),
    key=len,
    reverse=True,
)
_UNIT = "|".join(re.escape(u) for u in MEASURE_WORDS)
_APPROX_PRE = r"(?P<pre>近|约|大约|将近|接近|超过|逾|多达|高达|不少于|不低于|至少)?"
_APPROX_POST = r"(?P<post>多|余|来)?"
_RANGE = rf"(?:\s*(?:至|到|~|～|-|—|－)\s*(?P<num2>{NUM}))?"
FIGURE_RE = re.compile(
    rf"{_APPROX_PRE}(?P<pct>百分之)?(?P<num>{NUM}){_RANGE}\s*{_APPROX_POST}\s*(?P<mult>万|亿|千)?(?P<unit>{_UNIT})?(?P<post2>以上|以下|左右|上下|开外|多|余)?"
)
# Words after a small Chinese count that make it announce a list rather than report a figure.
ABSTRACT_HEADS = set(
    "方面 体会 机制 环节 关系 问题 要求 原则 目标 意识 重点 结合 理念 特点 步骤 措施 途径 作用 优势 能力 工作 "
    "模范 建设 服务 意义 阶段 层次 举措 做法 经验 特色 转变 内容 功能 保障 体系 思路 方法 渠道 方式 载体 平台 "
    "职能 责任 任务 大类 类 点 个 种 条 项 句 字 路径 抓手 课题 问题 短板 难题 目的 标准 要素 定位 观念 自信 "
    "维护 确立 全面 统筹 坚持 不 必须 务必 为 是 看 比 进 好 心 化 严 实 新 同 的".split()
)
VERB_STOPS = set(
    "有 是 为 共 达 达到 计 累计 共计 总计 合计 其中 推出 建立 建成 创建 发放 拿出 召开 组织 开展 举办 参加 "
    "完成 实现 吸纳 吸收 发展 选派 培养 考选 公开 走访 慰问 看望 帮助 资助 投入 筹集 收集 收到 撰写 形成 "
    "制定 出台 设立 设置 成立 新建 打造 培育 树立 表彰 评选 涌现 覆盖 惠及 服务 提供 整改 解决 办理 办结 "
    "征求 梳理 排查 签订 录入 组建 配备 安排 落实 开设 举行 召集 约 近 超过 先后 陆续 已 已经 全年 今年 去年 "
    "年度 全局 全市 全县 全区 全镇 全省 本年 连续 持续 长达 分 力争 争取 确保 计划 预计 新".split()
)
AFTER_STOPS = set(
    "全面 超额 完成 参加 进行 开展 商议 通过 得到 受到 实现 比 比上年 同比 增长 增加 提高 下降 减少 以上 以下 "
    "左右 的 了 和 与 及 并 等 共 均 都 已 在 中 上 下 里 内 外 后 前 时 来 以来 之 间".split()
)
DATE_AFTER = re.compile(
    r"^(?:\d{1,2}月|月\d|日|号|届[一二三四五六七八九十]中|中全会|次全会|次全国|次代表大会|大|周年|世纪|年代|年级|版|期[）)]?$)"
)
APPROX_WORDS = {
    "近",
    "约",
    "大约",
    "将近",
    "接近",
    "超过",
    "逾",
    "多达",
    "不少于",
    "至少",
    "多",
    "余",
    "来",
    "以上",
    "左右",
    "上下",
    "开外",
}
TARGET_CUES = re.compile(r"力争|确保|争取|计划|目标|预计|拟|将要|要求|不少于|不低于|至少|要达到|达到.{0,3}以上$|要|应|必须")
ACHIEVED_CUES = re.compile(r"了|已|共|累计|先后|完成|实现|达到|其中|目前|至今|截至")
COMPLETION = re.compile(r"完成(?:年度|全年)?(?:目标)?(?:任务|计划|目标)的?$")
FREQ_CUE = re.compile(r"每(?:年|月|季度?|周|星期|天|日|半年|学期|次)|[一二两三四五六七八九十]{1}(?:年|月|季|周)[一二两三四五六七八九十]")


def _tag(word: str) -> str:
    return word_tags().get(word, "")


def cn_number(s: str) -> float | None:
    """Arabic or Chinese numeral to a number (cn2an for Chinese); None when not a number."""
    s = s.replace(",", "")
    try:
        return float(s)
    except ValueError:
        pass
    import cn2an

    try:
        return float(cn2an.cn2an(s.replace("〇", "零"), "smart"))
    except (ValueError, KeyError, TypeError, IndexError):
        return None


def in_idiom(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` lies inside a fixed expression such as 千家万户."""
    idioms = numeric_idioms()
    for length in range(3, 9):
        for i in range(max(0, end - length), start + 1):
            if text[i : i + length] in idioms and i + length >= end:
                return True
    return False


def _tokens(text: str) -> list[str]:
    from textkit.segmentation import tokenizer

    return tokenizer().lcut(text) if text else []


def indicator_before(text: str) -> str:
    """The noun phrase just before a number (新增就业岗位 in 新增就业岗位26832个)."""
    toks = _tokens(text[-14:])
    out: list[str] = []
    for tok in reversed(toks):
        tag = _tag(tok)
        if (
            tok in VERB_STOPS
            or tok[0] in "共计约近"
            or not tok.strip()
            or re.fullmatch(r"[\W\d]+", tok)
            or tag[:1] in ("p", "d", "c", "r", "m", "q", "x")
            or tag.startswith("u")
        ):
            if not out and tok in ("的",):
                continue
            break
        out.insert(0, tok)
        if len("".join(out)) >= 10 or len(out) >= 4:
            break
    return "".join(out)


def indicator_after(text: str) -> str:
    """The noun phrase right after the unit (党建工作制度 in 20项党建工作制度)."""
    toks = _tokens(text[:16])
    while toks and toks[0] in ("是", "为", "的", "“", '"', "「"):
        toks = toks[1:]
    out: list[str] = []
    for tok in toks:
        tag = _tag(tok)
        if (
            tok in AFTER_STOPS
            or not tok.strip()
            or re.fullmatch(r"[\W\d]+", tok)
            or tag[:1] in ("p", "d", "c", "r", "m", "x")
            or tag.startswith("u")
        ):
            break
        out.append(tok)
        if len("".join(out)) >= 10 or len(out) >= 4:
            break
    return "".join(out)


def _kind(unit: str, pct: bool, freq: bool) -> str:
    if pct or unit in ("%", "‰", "成"):
        return "percent"
    if "元" in unit:
        return "money"
    if freq:
        return "frequency"
    if unit == "岁":
        return "age"
    if unit.lstrip("个") in TIME_UNITS or unit in TIME_UNITS:
        return "duration"
    if unit in ("公里", "千米", "米", "平方米", "亩", "吨", "千瓦时", "倍"):
        return "other"
    return "count"


BASE = {"万": 1e4, "亿": 1e8, "千": 1e3}


@component("figures", requires=("structure", "slogans"), item=Figure, span_label="kind")
class FigureExtractor:
    """Find figures in an article's sentences (see the module docstring)."""

    name = "figures"

    def __init__(self, *, max_indicator: int = 12):
        self.max_indicator = max_indicator

    def annotate(self, article: Article) -> None:
        blocked = [o for s in article.slogans if s.kind == "numeric" for o in s.occurrences]
        article.figures = self(article, blocked + list(article.garbled))

    def __call__(self, article: Article, blocked: list[tuple[int, int]] | None = None) -> list[Figure]:
        blocked = sorted(blocked or [])
        text = article.text
        markers = {(it.marker_start, it.marker_start + len(it.marker)) for it in article.items}
        figures: list[Figure] = []
        for sent in article.sentences:
            s_text = text[sent.start : sent.end]
            for m in FIGURE_RE.finditer(s_text):
                fig = self._candidate(article, sent, s_text, m, blocked, markers)
                if fig:
                    figures.append(fig)
        self._link_completion(figures)
        return figures

    def _candidate(self, article: Article, sent: Sentence, s_text: str, m: re.Match, blocked, markers) -> Figure | None:
        num, unit = m.group("num"), m.group("unit") or ""
        mult = m.group("mult") or ""
        pct = bool(m.group("pct"))
        start, end = sent.start + m.start("num"), sent.start + m.end()
        if m.group("pre"):
            start = sent.start + m.start()
        if pct:
            unit = "%"
            start = sent.start + m.start("pct") if not m.group("pre") else start
        arabic = num[0].isdigit()
        if not arabic and len(num) > 1 and num[-1] in "万亿" and not mult:
            mult, num = num[-1], num[:-1]  # 五万余字 → 5 万字 (the unit keeps 万, as written)
        if not unit and not pct:
            return None
        if any(bs < end and be > sent.start + m.start("num") for bs, be in blocked):
            return None
        if any(ms <= sent.start + m.start("num") < me for ms, me in markers):
            return None
        if in_idiom(article.text, sent.start + m.start("num"), sent.start + m.end("num")):
            return None
        before = s_text[: m.start()]
        after = s_text[m.end() :]
        if before.endswith(("第", "初", "前", "后", "头", "星期", "周")) or re.search(r"[A-Za-z]$", before):
            return None
        if not arabic and not re.fullmatch(rf"[{CN_DIGITS}]+", num):
            return None
        value = cn_number(num)
        if value is None:
            return None
        # dates, years and ordinals
        if unit in ("年", "月", "日") and arabic and not m.group("post") and not m.group("post2"):
            if (unit == "年" and (len(num) == 4 or "*" in after[:1])) or unit in ("月", "日"):
                return None
            if re.match(r"\d{1,2}月", after) or DATE_AFTER.match(after):
                return None
        if before.endswith("*") or after.startswith("*"):
            return None
        if unit in ("月", "日") and not before.endswith("每"):
            return None
        if unit == "次" and ("届" in before[-8:] or (re.search(r"[委会]$", before) and re.match(r"(?:全体)?(?:会议|全会)", after))):
            return None  # a numbered session of a body (中纪委六次会议), an ordinal
        if unit.lstrip("个") in TIME_UNITS and re.match(r"的[\u4e00-\u9fff]{0,3}史", after):
            return None  # a span of history (170多年的奋斗史): background, not the organisation's work
        if unit in ("届", "次") and re.match(r"(?:[一二三四五六七八九十]中)?全会|全国|党代会|代表大会", after):
            return None
        if unit == "届" or (unit == "年" and re.match(r"代|级", after)):
            return None
        if unit == "点" and not arabic:
            return None
        if unit == "成" and not re.search(r"[一二三四五六七八九十\d]成$", s_text[: m.end()]):
            return None
        if arabic and len(num) >= 6 and not unit:
            return None
        # the indefinite 一 and small counts that announce a list
        approx = bool(m.group("pre") or m.group("post") or m.group("post2"))
        freq = bool(FREQ_CUE.search(before[-8:] + s_text[m.start() : m.end()])) and unit in ("次", "回", "遍", "年", "月", "评", "期", "场")
        if re.match(r"[一二两三四五六七八九十]?(?:评|考|查|报|次)", after) and unit in ("年", "月", "季度", "周"):
            freq = True
        ind_after = indicator_after(after)
        ind_before = indicator_before(before)
        if not arabic and value == 1 and not (freq or (unit in TIME_UNITS and approx)):
            return None
        if not arabic and value <= 10 and not approx and not freq:
            if after[:1] in '“"‘「' or any(ind_after.startswith(h) or ind_after.endswith(h) for h in ABSTRACT_HEADS if len(h) > 1):
                return None
            if unit in ("个", "项", "点", "条", "种", "类", "大", "方面") and (not ind_after or ind_after[:1] in ABSTRACT_HEADS):
                return None
        if unit == "余":
            unit, approx = "", True
            if not ind_after:
                return None
        unit = mult + unit
        value_max = cn_number(m.group("num2")) if m.group("num2") else None
        if value_max is not None and value_max <= value:
            value_max = None
        # indicator and the text span
        indicator = ind_after or ind_before
        t_start, t_end = start, end
        if ind_after:
            t_end = end + after.find(ind_after) + len(ind_after) if after.find(ind_after) >= 0 else end
        elif ind_before:
            t_start = start - (len(before) - before.rfind(ind_before)) if before.rfind(ind_before) >= 0 else start
        text = article.text
        if not indicator:
            lead = re.split(r"[，,：:；;]", before)[-1].strip()
            lead = re.sub(r"^(?:每年|每月|全年|今年|共|累计|先后|已|并|还)+", "", lead)
            nxt = re.split(r"[。；;！？]", after.lstrip("来,，"))[0]
            indicator = lead[-self.max_indicator :] if len(lead) >= 2 else nxt[: self.max_indicator]
        if COMPLETION.search(before):
            indicator = COMPLETION.search(before).group(0).rstrip("的") + "比例"
        kind = _kind(unit.lstrip("万亿千"), pct, freq)
        if kind == "age" and indicator and not indicator.endswith("年龄"):
            indicator = indicator[: self.max_indicator - 2] + "年龄"
        if kind == "percent":
            unit = "%"
        base_unit = unit.lstrip("万亿千") if mult else unit
        base_value = value * BASE.get(mult, 1)
        role = "target" if TARGET_CUES.search(before[-12:]) and not ACHIEVED_CUES.search(before[-6:]) else "achievement"
        return Figure(
            text=text[t_start:t_end],
            value=int(value) if value == int(value) else value,
            unit=unit,
            indicator=indicator[: self.max_indicator],
            kind=kind,
            approx=approx,
            value_max=(int(value_max) if value_max == int(value_max) else value_max) if value_max is not None else None,
            base_value=base_value,
            base_unit=base_unit,
            role=role,
            start=t_start,
            end=t_end,
            sentence=text[sent.start : sent.end],
        )

    @staticmethod
    def _link_completion(figures: list[Figure]) -> None:
        """Tie a completion rate (完成任务的224%) to the figure it completes, in the same sentence."""
        for i, f in enumerate(figures):
            if f.kind == "percent" and f.indicator.startswith("完成") and i > 0:
                prev = figures[i - 1]
                if prev.sentence == f.sentence and prev.kind != "percent":
                    f.relates_to = i - 1
                    f.indicator = prev.indicator + f.indicator
