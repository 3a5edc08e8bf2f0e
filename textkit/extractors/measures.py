"""Measures (措施、做法): one entry per action, from list heads (``heading``) and body text (``item``).

A sentence is cut into clauses; clauses are grouped into actions where a new clause starts
with an action verb; setup clauses (结合…, 按照…, 通过…) join the action they introduce. An
action is kept when it holds an action verb and is not a statement of significance, a problem
or a bare result. Status comes from modal and aspect cues (要/应/必须 vs 了/已/先后), inherited
within a sentence and item, then from the article's prevailing voice.
"""

from __future__ import annotations

import re

from textkit.components import component
from textkit.model import Article, Measure
from textkit.structure import match_marker

ACTION_VERBS = (
    "建立 健全 完善 制定 出台 落实 推行 实行 实施 开展 组织 召开 举办 举行 学习 培训 教育 引导 加强 强化 深化 推进 推动 "
    "坚持 创新 探索 设立 设置 成立 组建 配备 配齐 选派 选拔 选优 聘请 发放 走访 慰问 帮扶 帮助 结对 服务 提供 解决 整改 查找 "
    "排查 检查 督查 督促 考核 评议 评比 考评 评定 谈话 提醒 监督 公开 公示 接受 签订 承诺 打造 搭建 创建 争创 树立 培育 "
    "宣传 宣讲 观看 参观 编印 印发 制作 规范 明确 压实 严格 严把 把好 把握 发挥 抓好 抓实 抓住 用好 做好 做到 关心 关爱 "
    "表彰 激励 吸收 发展 确定 审定 申报 部署 传达 动员 安排 整合 推出 承担 悬挂 挂牌 采取 完成 建成 形成 优化 简化 "
    "贴近 投入 拿出 征求 梳理 通报 汇报 分析 研究 讨论 审议 决策 执行 贯彻 遵守 防止 杜绝 纠正 处理 查处 问责 追究 "
    "落细 细化 分解 记录 归档 登记 上报 掌握 了解 收集 畅通 拓宽 丰富 提升 提高 增强 改进 改善 健全 构建 建设 "
    "设岗 定责 亮明 亮出 佩戴 开设 开辟 编写 编制 印制 撰写 交流 座谈 讲授 讲党课 领学 带头 带领 深入 走进 联系 "
    "包保 包联 结合 按照 通过 利用 依托 围绕 以 借助 运用 注重 重视 突出 聚焦 立足 着眼 着力 致力 推广 总结 "
    "选准 选好 确保 保证 保障 维护 化解 排解 疏导 调解 救助 捐助 捐款 资助 补助 送 上门 办理 办实事 解难题 "
    "评选 推荐 考察 培养 教育引导 约谈 函询 巡察 巡视 审计 清理 核查 自查 抽查 测评 述职 述廉 评价 管理 引进 吸纳 "
    "召集 邀请 吸引 参加 参与 组成 编入 审核 公布 汇编 公布于众 实践 简化 贴近 严格 实现 夯实 筑牢 凝聚 激发 "
    "调动 营造 弘扬 倡导 践行 推行 普及 播放 收看 重温 学深 悟透 列入 纳入 作为 把 将 对 向 为 给 让 使"
).split()
_STRONG_START = re.compile(
    "^(?:"
    + "|".join(
        sorted(
            {
                v
                for v in ACTION_VERBS
                if len(v) >= 2
                and v
                not in (
                    "结合",
                    "按照",
                    "通过",
                    "利用",
                    "依托",
                    "围绕",
                    "借助",
                    "运用",
                    "作为",
                    "实践",
                    "管理",
                    "教育",
                    "服务",
                    "建设",
                    "发展",
                )
            },
            key=len,
            reverse=True,
        )
    )
    + ")"
)
SETUP_END = re.compile(r"(?:以后|之后|后|时|的|期间|之前|之际)$")
SETUP = re.compile(
    r"^(?:结合|按照|根据|通过|利用|依托|围绕|借助|本着|针对|为了|为|以|在|对|对于|从|坚持以|随着|面对|立足|着眼于?|按|依据|遵循)"
)
ACTION_RE = re.compile("|".join(sorted({v for v in ACTION_VERBS if len(v) >= 2}, key=len, reverse=True)))
SUBJECT = re.compile(
    r"^(?:我们|我局|我院|我校|我所|我处|我厂|我矿|我公司|我单位|我中心|我总支|我支部|[\u4e00-\u9fff]{0,10}?(?:党总支|党支部|党委|党组|党工委|支部|总支|纪委|工会|团委|领导班子|班子成员|班子|党员干部|党员|干部|各单位|各部门|各级党组织|基层党组织|党组织|机关|单位|部门|局|中心|公司|医院|学校|社区|村)(?:书记|委员)?)"
)
ADVERBS = re.compile(
    r"^(?:还|也|又|再|都|均|并|并且|同时|此外|另外|及时|主动|积极|认真|切实|大力|深入|全面|扎实|不断|进一步|始终|持续|严格|坚决|广泛|定期|每年|每月|每季度|每周|先后|陆续|已经|已|共|还要|要|应|应当|必须|需要|需|务必|要求|努力|着力|真正|全力|充分|重点|注重|率先|带头|自觉)+"
)
NON_MEASURE_HEADING = re.compile(
    r"(?:主要做法|基本做法|具体做法|几点做法|工作措施|主要措施|思考|建议|体会|启示|问题|不足|原因|意义|重要性|必要性|成效|成绩|效果|现状|基本情况|背景|概况|结束语|结语|小结|总结|前言|引言|展望|经验|实施步骤|具体步骤|方法步骤|主要目标|工作目标|指导思想|总体要求|基本原则)$"
)
SKIP_SECTION = re.compile(r"(?:问题|不足|意义|重要性|必要性|原因|现状|存在|挑战|困难|短板|弱项)")
SIGNIFICANCE = re.compile(
    r"是[^，,。]{0,30}(?:要求|体现|关键|基础|前提|保证|保障|核心|根本|灵魂|动力|源泉|途径|手段|条件|任务|职责|使命|责任|需要|内容|标志|举措|抓手|落脚点|出发点|生命线)|^(?:[\u4e00-\u9fff]{0,12})是(?:党|我们|一项|一种|一个|新|中国)"
)
PRINCIPLE_START = re.compile(
    r"^(?:只有|才能|才|不仅|如何|从实践看|因而|因此|往往|但|但是|然而|可见|总之|综上|由此|所以|因为|由于|如果|如|这|这是|这些|其中|尤其|特别是|随着)"
)
# A first clause that reports an outcome or a ranking (超额完成, 完成目标任务的126%, 位列第一) is a result.
OUTCOME = re.compile(
    r"超额完成|完成(?:了)?(?:年度)?(?:目标)?任务的|(?:位|名)列(?:全[省市县区])?第|排名(?:全[省市县区])?第|居全[省市县区]第"
)
COPULA = re.compile(r"(?<![但就还也总只于要而或不凡即正都])是(?![否非])")
PROBLEM = re.compile(r"存在|不强|不高|不牢|不实|不够|不足|不到位|淡化|弱化|退化|薄弱|滞后|缺乏|欠缺|懈怠|涣散|参差不齐|差距|问题突出|有待")
RESULT = re.compile(
    r"^(?:取得了?|得到了?|受到了?|赢得了?|获得了?|荣获|被(?:授予|评为|命名)|使[\u4e00-\u9fff]|让[\u4e00-\u9fff]{0,4}(?:感受|体会))|成效明显|效果(?:明显|显著|良好)|初步成效|一定的效果|好评"
)
# Plans: 计划发展党员6名, 拟建成示范点3个 (not 拟订), 下一步…, 明年…, 今后…
_PLAN = (
    r"计划(?=[\u4e00-\u9fff]{0,2}(?:开展|发展|新增|新建|建成|建设|组织|举办|完成|实现|推进|选派|培训|召开|引进|打造))"
    r"|(?<![模比])拟(?![订定写稿])(?=[\u4e00-\u9fff])|下一步|明年|今后|未来"
)
PLAN = re.compile(_PLAN)
PRESCRIBED = re.compile(
    r"(?<![重主需紧首必纲摘只不简])要(?![求素点害闻职件事么是的紧])|必须|应当|应该|(?<![适相响反对供答效])应(?![用对急急用]|该)|务必|需要|(?<![必])需(?!求)|须|(?<!意见)(?<!合理化)建议|亟需|亟待|力争|争取|一定要|切实要|"
    + _PLAN
)
DONE = re.compile(
    r"(?<![为除])了(?![解])|已经|已(?!往)|先后|陆续|累计|曾|至今|截至|目前|近年来|今年以来|以来|共(?:计|有)?(?![产同建享驻性识])(?=[\u4e00-\u9fff\d])|(?:19|20)\d{2}年|20\*年"
)
# Weak cues of a year's results (全年发展党员6名, 建成活动室11个, 新开通线路7条): done when they come
# before any prescription and no plan stands in the text (全年计划开展党课4次 is a plan).
DONE_WEAK = re.compile(
    r"全年|年内|本年度|建成|新增|新开通|(?<![每至到达])\d+(?:\.\d+)?(?:个|名|条|场|户|家|项|期|篇|件|台|支|所|处)(?![以之左上])"
)
# A clause stating the aim of the action before it (…，不断提高…；…，使…) continues that action.
PURPOSE = re.compile(
    r"^(?:不断|进一步|从而|以便|以|使|让|确保|保证|切实|有效|真正|始终|努力|全面|更好地|充分)?(?:提高|提升|增强|形成|保持|永葆|激发|调动|营造|推动|促进|实现|凝聚|夯实|筑牢|维护|强化|扩大|拓宽|发挥|引导|带动|确保|保证|使|让)"
)
CLAUSE_SPLIT = re.compile(r"[，,；;：:]")
MARKER_PREFIX = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}是|首先|其次|再次|另外|此外|最后|同时|第[一二三四五六七八九十]{1,3})[,，、:：]?\s*"
)
CONCRETE = re.compile(
    r"\d|[一二两三四五六七八九十百千]+[个项次名场期件家所户人]|“|《|「|制度|机制|活动|会议|平台|中心|活动室|阵地|台账|手册|清单|档案|公约|工作室|志愿|岗|队|专题|党课|民主生活会|组织生活会|三会一课|主题党日"
)
MAX_LEN = 80
SHORT_ACTION = 6


def _status_cue(text: str) -> str | None:
    p = PRESCRIBED.search(text)
    d = DONE.search(text)
    if p and (not d or p.start() <= d.start()):
        return "prescribed"
    if d:
        return "done"
    w = DONE_WEAK.search(text)
    if w and (not p or w.start() < p.start()) and not PLAN.search(text):
        return "done"
    return "prescribed" if p else None


def _core(text: str) -> str:
    """The clause without subject and adverbs, to see which verb it starts with."""
    t = MARKER_PREFIX.sub("", text)
    m = SUBJECT.match(t)
    if m and m.end() < len(t):
        t = t[m.end() :]
    t = ADVERBS.sub("", t)
    return t


def starts_action(clause: str) -> bool:
    return bool(_STRONG_START.match(_core(clause)))


def has_action(text: str) -> bool:
    return bool(ACTION_RE.search(text))


def is_non_measure(text: str) -> bool:
    core = text.strip()
    if "“”" in core or PRINCIPLE_START.match(core) or OUTCOME.search(CLAUSE_SPLIT.split(core, maxsplit=1)[0]):
        return True
    if COPULA.search(core) and not starts_action(core) and not re.match(r"^(?:要|应|必须)", _core(core)):
        return True
    if SIGNIFICANCE.search(core) and not re.match(r"^(?:要|应|必须)", _core(core)):
        return True
    if RESULT.search(_core(core)) or RESULT.search(core[-12:]):
        return not starts_action(core)
    if PROBLEM.search(core) and not starts_action(core):
        return True
    return not has_action(core)


@component("measures", item=Measure, span_label="status")
class MeasureExtractor:
    """Find measures in an article (see the module docstring)."""

    name = "measures"

    def __init__(self, *, max_len: int = MAX_LEN, min_len: int = 4):
        self.max_len = max_len
        self.min_len = min_len

    def annotate(self, article: Article) -> None:
        article.measures = self(article)

    def __call__(self, article: Article) -> list[Measure]:
        text = article.text
        skip = self._skipped_spans(article)
        sentence_start: dict[int, int] = {}
        heads: list[tuple[int, int, int | None]] = []  # (start, end, section index)
        for i, sec in enumerate(article.sections):
            heads.append((sec.start, sec.heading_end, i))
        for it in article.items:
            if it.head_end > it.start and not any(s == it.start for s, _, _ in heads):
                heads.append((it.start, it.head_end, it.section))
        head_spans = sorted((s, e) for s, e, _ in heads)
        measures: list[Measure] = []
        for s, e, _sec in sorted(heads):
            if any(a <= s < b for a, b in skip):
                continue
            htext = text[s:e].strip(" ，,：:。")
            if (
                len(htext) < self.min_len
                or NON_MEASURE_HEADING.search(htext)
                or is_non_measure(htext)
                and not self._is_item_head(article, s)
            ):
                continue
            if PROBLEM.search(htext) and not starts_action(htext):
                continue
            if re.search(r"[一二两三四五六七八九十]+(?:个|项|大|条|点)(?:方面|目标|要求|体会|步骤|原则)", htext):
                continue
            measures.append(self._make(article, htext, s + text[s:e].find(htext), "heading", None))
        first_section = article.sections[0].start if article.sections else len(text)
        garble_ends = {e for _, e in article.garbled} | {s for s, _ in article.garbled}
        for sent in article.sentences:
            if any(a <= sent.start < b for a, b in skip):
                continue
            intro = sent.end <= first_section and article.sections
            for start, end in self._actions(article, sent, head_spans):
                atext = text[start:end]
                if len(atext) < self.min_len or is_non_measure(atext):
                    continue
                if intro and not (DONE.search(atext) and starts_action(atext)):
                    continue  # background before the first heading, unless it reports an action taken
                if end - start < 12 and ({start, start - 1} & garble_ends or {end, end + 1} & garble_ends):
                    continue
                measures.append(self._make(article, atext, start, "item", sent))
                sentence_start[id(measures[-1])] = sent.start
        measures.sort(key=lambda m: m.start)
        self._resolve_status(article, measures, sentence_start)
        return measures

    @staticmethod
    def _is_item_head(article: Article, start: int) -> bool:
        return any(it.start == start for it in article.items)

    @staticmethod
    def _skipped_spans(article: Article) -> list[tuple[int, int]]:
        """Spans holding no measures: sections about problems or significance (存在的问题, 重要意义)
        and list items headed by a problem (一是党性意识不强)."""
        spans = [(sec.start, sec.end) for sec in article.sections if SKIP_SECTION.search(sec.heading) and not starts_action(sec.heading)]
        for it in article.items:
            head = article.text[it.start : it.head_end]
            if PROBLEM.search(head) and not starts_action(head):
                spans.append((it.start, it.end))
        return spans

    def _actions(self, article: Article, sent, head_spans) -> list[tuple[int, int]]:
        """Group a sentence's clauses into actions, leaving out list heads and garbled text."""
        text = article.text
        head_spans = [(hs, he) for hs, he in head_spans if hs < sent.end and he > sent.start]
        clauses = []
        for cs, ce in sent.clauses:
            # drop the part of a clause that is a list head (already a heading measure)
            for hs, he in head_spans:
                if hs <= cs < he:
                    cs = max(cs, he)
            while cs < ce and text[cs] in " 。，,；;：:":
                cs += 1
            mk = match_marker(text, cs)
            if mk and mk[0] not in ("第一",):
                cs = mk[2]
                for hs, he in head_spans:
                    if hs <= cs < he:
                        cs = max(cs, he)
                while cs < ce and text[cs] in " 。，,；;：:":
                    cs += 1
            while ce > cs and text[ce - 1] in " 。；;！？!?":
                ce -= 1
            if ce - cs >= 2:
                clauses.append((cs, ce))
        groups: list[list[int]] = []
        pending_setup: list[int] | None = None
        for cs, ce in clauses:
            ctext = text[cs:ce]
            new = starts_action(ctext) or (SUBJECT.match(ctext) and has_action(ctext[:12]))
            purpose = bool(groups) and bool(PURPOSE.match(ctext) or ctext.startswith(("努力", "力争", "争取"))) and not SUBJECT.match(ctext)
            if new and groups and ce - cs <= SHORT_ACTION and text[groups[-1][1] : cs].strip() in ("，", ","):
                new = False  # a run of short actions (腾出场地,设置窗口,落实服务项目) is one measure
            if purpose:
                new = False
            if pending_setup is not None:
                pending_setup[1] = ce
                if new or has_action(ctext):
                    groups.append(pending_setup)
                    pending_setup = None
                continue
            if (SETUP.match(ctext) and not starts_action(ctext) and ce - cs <= 16) or (SETUP_END.search(ctext) and ce - cs <= 16):
                pending_setup = [cs, ce]
                continue
            if new or not groups:
                groups.append([cs, ce])
            else:
                if (ce - groups[-1][0]) <= self.max_len:
                    groups[-1][1] = ce
                elif not purpose:
                    groups.append([cs, ce])
        if pending_setup is not None:
            if groups and pending_setup[0] - groups[-1][1] <= 2:
                groups[-1][1] = pending_setup[1]
            else:
                groups.append(pending_setup)
        out = []
        for gs, ge in groups:
            if ge - gs > self.max_len:
                ge = gs + self.max_len
                cut = max(text.rfind(c, gs, ge) for c in "，,、")
                if cut > gs + 10:
                    ge = cut
            out.append((gs, ge))
        return out

    def _make(self, article: Article, text: str, start: int, level: str, sent) -> Measure:
        sec = self._section_at(article, start)
        sentence = article.text[sent.start : sent.end] if sent else text
        return Measure(
            text=text,
            level=level,
            status=_status_cue(text) or "",
            section=sec,
            concrete=bool(CONCRETE.search(text)),
            start=start,
            end=start + len(text),
            sentence=sentence,
        )

    @staticmethod
    def _section_at(article: Article, pos: int) -> str:
        best = ""
        for sec in article.sections:
            if sec.start <= pos < sec.end and sec.start != pos:
                best = sec.heading
        return best

    @staticmethod
    def _resolve_status(article: Article, measures: list[Measure], sentence_start: dict[int, int]) -> None:
        """Fill missing statuses: earlier cue in the same sentence, the enclosing item's cue,
        then the article's prevailing voice; a heading takes the majority of what it governs."""
        text = article.text
        tops = [(sec.start, sec.end) for sec in article.sections if sec.level == 1] or [(0, len(text))]

        def voice(lo: int, hi: int, fallback: str | None = None) -> str:
            explicit = [m.status for m in measures if m.status and lo <= m.start < hi]
            p, d = explicit.count("prescribed"), explicit.count("done")
            if fallback and (p + d < 3 or max(p, d) < 2 * min(p, d)):
                return fallback  # too few or mixed cues in this section: the article's voice decides
            if p == d and article.meta.get("abstract"):
                return "prescribed"  # a paper that argues for measures
            return "prescribed" if p > d else "done"

        article_prior = voice(0, len(text))
        priors = [(lo, hi, voice(lo, hi, article_prior)) for lo, hi in tops]
        for m in measures:
            if m.status or m.level == "heading":
                continue
            prior = next((v for lo, hi, v in priors if lo <= m.start < hi), article_prior)
            cue = _status_cue(text[sentence_start.get(id(m), m.start) : m.start])
            if not cue:
                for it in article.items:
                    if it.start <= m.start < it.end:
                        cue = _status_cue(text[it.start : it.head_end]) or cue
            m.status = cue or prior
        for m in measures:
            if m.status:
                continue
            under = [x.status for x in measures if x.level == "item" and x.section == m.text and x.status]
            if not under:
                under = [x.status for x in measures if x.level == "item" and m.end <= x.start < m.end + 400 and x.status]
            m.status = max(("done", "prescribed"), key=under.count) if under else article_prior
