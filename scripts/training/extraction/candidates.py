"""Candidate generator for figure (数字指标) and slogan (口号/提法) labels.

It over-generates on purpose: every candidate is then labelled by hand (labels/figures/*.lab,
labels/slogans/*.lab; build_candidates.py merges them into figures.csv and slogans.csv).

Sources
- political: sentences drawn from /work/shared/corpora/political/*.jsonl (OpenCC t2s, cleaned as in
  sample_political.py). Sentences already in clauses.csv are skipped, so the sample differs from the
  measure sample. Eligible: body sentences of 10-220 characters and heading lines of at most 40.
  Each document gets a share of FIGURE_SENTENCES drawn from its sentences with a figure candidate
  and a share of SLOGAN_SENTENCES drawn from those with a slogan candidate (largest remainder, in
  proportion to the square root of the document's length), uniformly, without replacement; a
  sentence drawn twice counts once. random.Random(12).
- written: the 30 documents in written/ (sent = 0-based sentence number, title = 0).
- written2: the 20 documents in written2/ (same numbering).

Figure candidates: every Arabic number (with its decimal part, thousands separators, 万/亿
multipliers, 多/余/几 and a range 至/到/-/~ to a second number) and its measure word or unit when
one follows (%, 个百分点, 人次, 万人次, 微克/立方米, 名, 年 …); every run of Chinese numerals that is
followed by a measure word, or preceded by 第 or 百分之, or is at least two numerals long
(二〇二三年, 十八, 三五分钟); 百分之… spans; fractions (1/3, 三分之一); dates 2023年9月6日 as one span;
80后-type cohorts.

Slogan candidates (on the sentence; shapes are looked for outside quotation marks only):
- quoted: every span in “ ” ‘ ’ 「 」 『 』 and "…" pairs, and every 《…》 title;
- parallel: every run of 2-8 short items (at most 10 characters each) joined by 、 (the last one
  possibly by 和/与/及/以及), trimmed to the items' shared prefix or suffix or to their length; and every
  run of 2-8 consecutive short clauses (2-8 characters, lengths within 2) separated by ，;
- shape: numeral formulas (N个XX, NXNY such as 三会一课, 双XX), X+Y formulas, 以X促Y/抓X促Y/以X带Y,
  党管X, X制, X与自我X, 过X日子, four-character AxAy / xAyA / X有所Y shapes (用心用情, 应建尽建,
  学有所教, 从严从深从细), and the 4-7 characters that follow a policy verb (坚持, 践行, 实施, 推动 …)
  or precede a policy noun (战略, 方针, 原则, 理念 …).

Output: figures_unlabelled.csv and slogans_unlabelled.csv (p_value, p_value_max, p_unit and p_approx
are the numeral converter's reading, a help for the annotator, checked for every labelled figure).

Run from this folder: python candidates.py
"""

from __future__ import annotations

import csv
import math
import random
import re
from pathlib import Path

from splitter import paragraphs, sentences

HERE = Path(__file__).resolve().parent
CORPUS = Path("/work/shared/corpora/political")
FIGURE_SENTENCES = 200
SLOGAN_SENTENCES = 330
SEED = 12

# ---------------------------------------------------------------- numerals

CN_DIGIT = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_SMALL = {"十": 10, "百": 100, "千": 1000}
CN_BIG = {"万": 10_000, "亿": 100_000_000}
CN_CHARS = "零〇○一二两三四五六七八九十百千万亿"

# measure words and units, longest first
UNITS = sorted(
    set(
        """
个百分点 百分点 万人次 人次 户次 家次 车次 架次 批次 场次 班次 件次 课时 学时 个月 个工作日 工作日 个小时 小时 分钟
平方公里 平方千米 平方米 公里 千米 公顷 千瓦时 千瓦 微克/立方米 毫克/立方米 立方米 公斤 千克 星期 季度 学期 周年
% ％ ‰ 名 人 位 个 项 次 场 期 件 起 家 户 元 年 月 日 天 周 岁 批 条 篇 份 本 册 套 台 辆 座 所 处 支 队 组 类 种
堂 节 课 张 幅 块 间 米 亩 吨 斤 头 只 棵 株 字 首 部 集 轮 届 级 层 村 镇 乡 例 宗 笔 门 栋 床 枚 面 股 成 倍 番
点 道 段 片 盏 趟 遍 回 分 秒 代 度 号 栏 章 则 款 卷 言 根 票 款 对 颗 粒 架 艘 列 网 站 厘米 毫米 美元 港元 斤
""".split()
    ),
    key=len,
    reverse=True,
)
UNIT_RE = "|".join(re.escape(u) for u in UNITS)

ARABIC = r"\d+(?:[,，]\d{3})*(?: ?[.．·] ?\d+)?"  # 19·5％ and 8 ．8 ％ occur in old reports
CNRUN = f"(?:(?!千[瓦米克])[{CN_CHARS}几])+(?:点[{CN_CHARS[:-4]}]+)?"  # 百万千瓦: 千 is the unit's
MULT = "(?:[万亿]|[千百](?![瓦米克]))"  # 1500万千瓦: 千 belongs to the unit
ONE_NUM = f"(?:{ARABIC}(?:[多余几]?{MULT}(?:{ARABIC})?)*|{CNRUN})"
NUM = f"(?:百分之)?{ONE_NUM}[多余]?(?:[万亿][多余]?)?"
RANGE = f"{NUM}(?:(?:至|到|-|—|~|～|－){NUM})?"
FIG_RE = re.compile(
    rf"(?P<date>\d{{4}}年\d{{1,2}}月(?:\d{{1,2}}日)?|\d{{1,2}}月\d{{1,2}}日)"
    rf"|(?P<cohort>\d{{2}}后)"
    rf"|(?P<frac>\d+/\d+|(?!百分之)[{CN_CHARS}]+分之[{CN_CHARS}]+)"
    rf"|(?P<num>{RANGE})(?P<sp> ?)(?P<unit>{UNIT_RE})?"
)


def cn_to_number(s: str) -> float | None:
    """Chinese numerals to a number: 一万二千三百四十五 → 12345, 二〇二三 → 2023, 三点二 → 3.2,
    十几 → 10, 百 → 100. Returns None when it cannot read the run."""
    s = s.replace("几", "")
    if not s:
        return None
    if "点" in s:
        a, _, b = s.partition("点")
        ia = cn_to_number(a) if a else 0
        if ia is None or not all(c in CN_DIGIT for c in b):
            return None
        return float(f"{int(ia)}.{''.join(str(CN_DIGIT[c]) for c in b)}")
    if all(c in CN_DIGIT for c in s):  # digit string: 二〇二三, 三五 (read as digits)
        if len(s) == 1:
            return CN_DIGIT[s]
        return int("".join(str(CN_DIGIT[c]) for c in s))
    total, section, digit = 0, 0, None
    for c in s:
        if c in CN_DIGIT:
            digit = CN_DIGIT[c]
        elif c in CN_SMALL:
            section += (1 if digit is None else digit) * CN_SMALL[c]
            digit = None
        elif c in CN_BIG:
            section += digit if digit is not None else (0 if section or total else 1)
            total = (total + section) * CN_BIG[c] if c == "亿" or total == 0 else total + section * CN_BIG[c]
            section, digit = 0, None
        else:
            return None
    return total + section + (digit or 0)


def _arabic(s: str) -> float:
    return float(re.sub(r"[,， ]", "", s).replace("．", ".").replace("·", "."))


def read_number(s: str) -> tuple[float | None, str]:
    """Read one number (Arabic, Chinese or mixed). A trailing 万/亿 (with 多/余 before or after it)
    stays with the unit, as written (36万多元 → 36, 万元; 近百万元 → 100, 万元); inside the number
    it multiplies (1万600 → 10600; 一万二千三百四十五 → 12345). Returns (value, multiplier)."""
    s = s.replace("百分之", "")
    s = re.sub(r"[多余]", "", s)
    mult = ""
    if s and s[-1] in "万亿" and len(s) > 1:
        mult, s = s[-1], s[:-1]
    if not s:
        return None, mult
    if re.fullmatch(ARABIC, s):
        return _arabic(s), mult
    m = re.fullmatch(rf"({ARABIC})([万亿千百])({ARABIC})?", s)
    if m:
        base = {"万": 10_000, "亿": 100_000_000, "千": 1000, "百": 100}[m.group(2)]
        rest = _arabic(m.group(3)) if m.group(3) else 0
        return _arabic(m.group(1)) * base + rest, mult
    if all(c in CN_CHARS + "几点" for c in s):
        return cn_to_number(s), mult
    return None, mult


def parse_figure(text: str) -> dict:
    out = {"p_value": "", "p_value_max": "", "p_unit": "", "p_approx": 0}
    if text.startswith("第"):
        return out
    tail = ""
    if re.search("成[一二三四五六七八九]$", text):
        text, tail = text[:-1], text[-1]
    m = FIG_RE.fullmatch(text)
    if m and m.group("frac"):  # 1/3, 三分之一 → 0.333 (no unit)
        a, b = re.split("/|分之", text)
        if "分之" in text:  # 三分之一: the denominator comes first
            a, b = b, a
        num, den = (read_number(a)[0], read_number(b)[0])
        if num is not None and den:
            out.update(p_value=f"{num / den:.3g}")
        return out
    if not m or not m.group("num"):
        return out
    num, unit = m.group("num"), m.group("unit") or ""
    parts = re.split(r"至|到|-|—|~|～|－", num)
    if (
        len(parts) == 1
        and len(num) == 2
        and all(c in CN_DIGIT for c in num)
        and 0 < CN_DIGIT[num[1]] - CN_DIGIT[num[0]] <= 2
        and CN_DIGIT[num[0]] > 0
    ):
        parts = list(num)  # 三五分钟 → 3-5
    vals = [read_number(p) for p in parts]
    mult = vals[-1][1] or vals[0][1]
    lo, hi = vals[0][0], (vals[1][0] if len(vals) > 1 else None)
    if tail and lo is not None:
        lo = lo + CN_DIGIT[tail] / 10

    def fmt(v):
        return "" if v is None else (str(int(v)) if float(v).is_integer() else f"{v:g}")

    percent = "百分之" in num
    out.update(
        p_value=fmt(lo),
        p_value_max=fmt(hi),
        p_unit=("%" if percent and not unit else mult + unit),
        p_approx=int(bool(re.search("[多余几]", num))),
    )
    return out


def figure_candidates(sentence: str) -> list[tuple[int, int, str]]:
    out = []
    for m in FIG_RE.finditer(sentence):
        text = m.group(0)
        if m.group("num"):
            num = m.group("num")
            if not re.search(r"\d", num):
                core = num.replace("百分之", "")
                if not core.strip("多余几"):
                    continue
                before = sentence[m.start() - 1] if m.start() else ""
                ok = m.group("unit") or before == "第" or num.startswith("百分之") or len(re.sub("[多余几]", "", core)) >= 2
                if not ok:
                    continue
                if core in ("几",):
                    continue
            text = text.rstrip(" ") if not m.group("unit") else text
        start, end = m.start(), m.start() + len(text)
        if m.group("unit") == "成" and re.match("[一二三四五六七八九]", sentence[end : end + 1]):
            end += 1  # 九成五
        if start and sentence[start - 1] == "第":
            start -= 1  # ordinals keep their 第
        out.append((start, end, sentence[start:end]))
    return out


# ---------------------------------------------------------------- slogans

QUOTE_PAIRS = [("“", "”"), ("‘", "’"), ("「", "」"), ("『", "』"), ("《", "》")]
CJK = r"\u4e00-\u9fff"
NUMC = "一二两三四五六七八九十百千万双"
CUE_VERBS = (
    "坚持",
    "践行",
    "贯彻",
    "实施",
    "推进",
    "推动",
    "实现",
    "深化",
    "弘扬",
    "树立",
    "打赢",
    "围绕",
    "通过",
    "落实",
    "做到",
    "坚定",
    "增强",
    "倡导",
    "发扬",
    "奉行",
    "遵循",
    "执行",
    "实行",
    "推行",
    "开展",
    "加强",
)
CUE_NOUNS = (
    "战略",
    "方针",
    "原则",
    "理念",
    "精神",
    "思想",
    "要求",
    "攻坚战",
    "工作法",
    "格局",
    "以来",
    "路线",
    "政策",
    "方略",
    "制度",
    "机制",
    "目标",
    "总要求",
    "思路",
)
STOP_FIRST = "的了是在和与及等把将对从为向于以而并也就都又所之其这那该各每"


def quoted_spans(s: str) -> list[tuple[int, int, str, bool, str]]:
    """(start, end, inner text, is_title, mark) for every quoted or 《》 span, nested ones included."""
    out = []
    for o, c in QUOTE_PAIRS:
        depth_start = []
        for i, ch in enumerate(s):
            if ch == o:
                depth_start.append(i)
            elif ch == c and depth_start:
                st = depth_start.pop()
                out.append((st, i + 1, s[st + 1 : i], o == "《", o))
    # ASCII double quotes, paired in order
    pos = [i for i, ch in enumerate(s) if ch == '"']
    for a, b in zip(pos[0::2], pos[1::2]):
        out.append((a, b + 1, s[a + 1 : b], False, '"'))
    return sorted(out)


def mask_quotes(s: str) -> str:
    """Replace every quoted or titled span (marks included) by ■ so that shapes are looked for in
    unquoted text only; the length is kept."""
    chars = list(s)
    for st, en, _, _, _ in quoted_spans(s):
        for i in range(st, en):
            chars[i] = "■"
    return "".join(chars)


def _common_prefix(items):
    p = items[0]
    for it in items[1:]:
        while not it.startswith(p):
            p = p[:-1]
    return p


def _common_suffix(items):
    r = _common_prefix([x[::-1] for x in items])
    return r[::-1]


def parallel_runs(masked: str) -> list[tuple[int, int]]:
    out = []
    # 、-runs inside a clause
    for cm in re.finditer(r"[^，。；：！？,;:!?■（）()]+", masked):
        clause, base = cm.group(0), cm.start()
        if "、" not in clause:
            continue
        raw = clause.split("、")
        # positions of the items
        pos, p = [], 0
        for it in raw:
            pos.append([p, p + len(it)])
            p += len(it) + 1
        # split the last item at 和/与/及/以及/或 when it gives a short item
        last = raw[-1]
        mm = re.search(r"以及|和|与|及|或", last)
        if mm and 1 <= mm.start() <= 10:
            a0, a1 = pos[-1]
            pos[-1] = [a0, a0 + mm.start()]
            pos.append([a0 + mm.end(), a1])
        items = [clause[a:b] for a, b in pos]
        if not 2 <= len(items) <= 8:
            continue
        mids = items[1:-1]
        if any(len(x) > 10 or len(x) == 0 for x in mids):
            continue
        # trim the first item on the left, the last one on the right
        lastp = clause[pos[-1][0] : pos[-1][1]]
        lastp2 = re.split(r"等|的", lastp)[0] or lastp
        pref = _common_prefix(mids + [lastp2])
        first = items[0]
        if pref and pref in first:
            cut = first.rfind(pref)
        else:
            ref = max(len(x) for x in mids) if mids else len(lastp2)
            ref = min(max(ref, 2), 10)
            cut = max(0, len(first) - ref)
        pos[0][0] += cut
        suf = _common_suffix([clause[pos[0][0] : pos[0][1]]] + mids)
        if suf and suf in lastp2:
            end = lastp2.find(suf) + len(suf)
        else:
            ref = max(len(x) for x in mids) if mids else len(clause[pos[0][0] : pos[0][1]])
            ref = min(max(ref, 2), 10)
            end = min(len(lastp2), ref)
        pos[-1][1] = pos[-1][0] + end
        items = [clause[a:b] for a, b in pos]
        if any(not x or len(x) > 10 or re.search(r"\d", x) or not re.search(f"(?![{CN_CHARS}])[{CJK}A-Za-z]", x) for x in items):
            continue
        out.append((base + pos[0][0], base + pos[-1][1]))
    # ，-runs of short clauses
    parts = [(m.start(), m.end()) for m in re.finditer(r"[^，。；：！？,;:!?]+", masked)]
    run: list[tuple[int, int]] = []

    def flush():
        if 2 <= len(run) <= 8:
            out.append((run[0][0], run[-1][1]))

    for a, b in parts:
        seg = masked[a:b]
        ok = 2 <= len(seg) <= 8 and "■" not in seg and re.fullmatch(f"[{CJK}]+", seg) and b < len(masked) and masked[b] in "，,"
        prev_ok = run and masked[run[-1][1]] in "，," and run[-1][1] + 1 == a
        if 2 <= len(seg) <= 8 and "■" not in seg and re.fullmatch(f"[{CJK}]+", seg) and (ok or prev_ok):
            lens = [y - x for x, y in run] + [len(seg)]
            if run and (not prev_ok or max(lens) - min(lens) > 2):
                flush()
                run = []
            run.append((a, b))
        else:
            flush()
            run = []
    flush()
    return out


_NN = f"(?:(?![{CN_CHARS}双几第])[{CJK}])"  # a CJK character that is not a numeral
TIME_UNITS = set("年月日天次名人元个号时岁期届")
SHAPES = [
    # 四个意识, 两个维护 (not 一个: the indefinite article)
    re.compile(f"(?<![0-9{CN_CHARS}第])[二两三四五六七八九十]个(?![多月小])[{CJK}]{{2}}"),
    # 三会一课, 一岗双责, 四不两直, 三重一大
    re.compile(f"(?<![0-9{CN_CHARS}第])[{NUMC}]{_NN}{{1,2}}?[{NUMC}]{_NN}"),
    re.compile(f"双[{CJK}]{{2}}"),  # 双培养
    re.compile(f"[{CJK}A-Za-z]{{1,5}}(?:[+＋][{CJK}A-Za-z]{{1,6}})+"),  # 党建+合作社
    re.compile(f"(?:以|抓)(?![确促带进])[{CJK}]{{1,4}}?(?:促|带)[{CJK}]{{1,4}}"),  # 以进促稳, 抓党建促…
    re.compile(f"党管[{CJK}]{{2}}"),  # 党管干部
    re.compile(f"([{CJK}]{{2}})(?:与|和)自我\\1"),  # 批评与自我批评
    re.compile(f"过[紧苦好][{CJK}]?日子"),  # 过紧日子
    # 用心用情用力, 从严从实, 宜居宜业宜游: AxAy with a head that opens such formulas
    re.compile(f"([用从宜边即有真严全多大共同先早学亮比抓互无不零能可各敢善讲重])({_NN})\\1({_NN})(?:\\1{_NN})*"),
    # 应建尽建, 宜种则种
    re.compile(f"[应能该宜愿要可]({_NN})[尽就则必即到]\\1"),
    re.compile(f"{_NN}有所{_NN}(?=[，。；、的”■]|$)"),  # 学有所教
]
BOUNDARY = r"[，。；：！？,;:!?、■（）()的地得“”\s]"
ZHI_BAD_PREV = set("机体编控限抵法管压遏研节专税学币牵克复绘定印反录改强规创抑自建")
ZHI_CUT = re.compile("行|立|持|善|全|推|的|和|与|及|是|在|把|将|对|按|施|化|执|用|格|项|以")


def shape_candidates(masked: str) -> list[tuple[int, int]]:
    out = []
    for rx in SHAPES:
        for m in rx.finditer(masked):
            t = m.group(0)
            if "■" in t or t[0] in STOP_FIRST:
                continue
            if rx is SHAPES[1] and (t[-1] in TIME_UNITS or t[1] in TIME_UNITS):
                continue
            if rx is SHAPES[8] and len(t) == 4:  # AxAy: a word edge on one side at least
                before = masked[m.start() - 1] if m.start() else "，"
                after = masked[m.end()] if m.end() < len(masked) else "。"
                if not (re.match(BOUNDARY, before) or re.match(BOUNDARY, after)):
                    continue
            out.append((m.start(), m.end()))
    # X制
    for m in re.finditer("制", masked):
        i = m.start()
        if i < 2 or masked[i - 1] in ZHI_BAD_PREV or masked[i + 1 : i + 2] in set("度定约造止作订衡品服剂式成"):
            continue
        st = i
        while st > 0 and i - st < 5 and re.match(f"[{CJK}]", masked[st - 1]):
            st -= 1
        x = masked[st:i]
        cuts = [c.end() for c in ZHI_CUT.finditer(x)]
        if cuts:
            st += cuts[-1]
        if i - st >= 2:
            out.append((st, i + 1))
    # the whole rest of a clause after a policy verb, when it is short (坚持精准扶贫，)
    for cue in CUE_VERBS:
        for m in re.finditer(cue, masked):
            rest = re.match(r"[^，。；：！？,;:!?、■（）()]*", masked[m.end() :]).group(0)
            if not 3 <= len(rest) <= 7 or rest[0] in STOP_FIRST + CN_CHARS or not re.fullmatch(f"[{CJK}]+", rest):
                continue
            out.append((m.end(), m.end() + len(rest)))
    # the words before a policy noun, back to a policy verb or the clause start (乡村振兴战略)
    for cue in CUE_NOUNS:
        for m in re.finditer(cue, masked):
            st = m.start()
            head = re.search(r"[^，。；：！？,;:!?、■（）()]*$", masked[:st]).group(0)
            for v in CUE_VERBS:
                k = head.rfind(v)
                if k >= 0:
                    head = head[k + len(v) :]
            end = st - (len(head) - len(head.rstrip("的")))
            head = head.rstrip("的")
            if not 3 <= len(head) <= 6 or head[0] in STOP_FIRST or not re.fullmatch(f"[{CJK}]+", head):
                continue
            out.append((end - len(head), end))
    return out


def slogan_candidates(sentence: str) -> list[tuple[str, int, str]]:
    """(cand_text, quoted, origin) per sentence, first occurrence order, each text once."""
    found = []
    for st, _en, inner, is_title, _mark in quoted_spans(sentence):
        if not inner.strip():
            continue
        text = f"《{inner}》" if is_title else inner
        found.append((st, text, 0 if is_title else 1, "title" if is_title else "quote"))
    masked = mask_quotes(sentence)
    for a, b in parallel_runs(masked):
        found.append((a, sentence[a:b], 0, "parallel"))
    figs = figure_candidates(sentence)
    for a, b in shape_candidates(masked):
        if b - a >= 2 and not any(fa <= a and b <= fb for fa, fb, _ in figs):  # not inside a number
            found.append((a, sentence[a:b], 0, "shape"))
    found.sort(key=lambda x: (x[0], -len(x[1])))
    seen, out = set(), []
    for _, text, q, origin in found:
        if text in seen:
            continue
        seen.add(text)
        out.append((text, q, origin))
    return out


# ---------------------------------------------------------------- sources


def written_sentences(folder: Path, source: str) -> list[dict]:
    out = []
    for path in sorted(folder.glob("*.txt")):
        n = 0
        for para in paragraphs(path.read_text(encoding="utf-8")):
            for s in sentences(para):
                out.append({"source": source, "doc": path.name, "sent": n, "sentence": s})
                n += 1
    return out


def political_sentences(
    corpus: Path = CORPUS,
    seed: int = SEED,
    n_figures: int = FIGURE_SENTENCES,
    n_slogans: int = SLOGAN_SENTENCES,
    skip_files: tuple[str, ...] = ("clauses.csv",),
) -> list[dict]:
    """Political sentences drawn per report (share by the square root of its length) from those with a
    figure candidate (``n_figures``) and with a slogan candidate (``n_slogans``), skipping the
    political sentences of ``skip_files``."""
    from sample_political import load  # OpenCC t2s and the same cleaning as the measure sample

    docs = load(corpus)
    taken = set()
    for name in skip_files:
        cpath = HERE / name
        if cpath.exists():
            for r in csv.DictReader(open(cpath, encoding="utf-8")):
                if r["source"] == "political":
                    taken.add((r["doc"], int(r["sent"])))
    rng = random.Random(seed)
    weights = [math.sqrt(d["len"]) for d in docs]

    def quotas(total: int) -> list[int]:
        raw = [total * w / sum(weights) for w in weights]
        q = [int(r) for r in raw]
        for i in sorted(range(len(docs)), key=lambda i: raw[i] - int(raw[i]), reverse=True)[: total - sum(q)]:
            q[i] += 1
        return q

    out = []
    for doc, qf, qs in zip(docs, quotas(n_figures), quotas(n_slogans)):
        fig_pool, slo_pool = [], []
        for idx, text, _work, heading in doc["sents"]:
            if (doc["doc"], idx) in taken:
                continue
            if not heading and not 10 <= len(text) <= 220:
                continue
            if heading and len(text) > 40:
                continue
            if figure_candidates(text):
                fig_pool.append((idx, text))
            if slogan_candidates(text):
                slo_pool.append((idx, text))
        picked: dict[int, str] = {}
        for pool, q in ((fig_pool, qf), (slo_pool, qs)):
            for _ in range(q):
                left = [p for p in pool if p[0] not in picked]
                if not left:
                    break
                idx, text = left[rng.randrange(len(left))]
                picked[idx] = text
        for idx in sorted(picked):
            out.append({"source": "political", "doc": doc["doc"], "sent": idx, "sentence": picked[idx]})
    return out


FIG_FIELDS = ["source", "doc", "sent", "sentence", "cand_start", "cand_end", "cand_text", "p_value", "p_value_max", "p_unit", "p_approx"]


def figure_rows(sentences: list[dict]) -> list[dict]:
    """One row per figure candidate of each sentence record, with the rules' reading of it."""
    return [
        {**s, "cand_start": a, "cand_end": b, "cand_text": t, **parse_figure(t)}
        for s in sentences
        for a, b, t in figure_candidates(s["sentence"])
    ]


def write_figure_rows(name: str, rows: list[dict]) -> None:
    """Write unlabelled figure candidates to ``name`` in this folder."""
    with open(HERE / name, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, FIG_FIELDS)
        w.writeheader()
        w.writerows(rows)


SLO_FIELDS = ["source", "doc", "sent", "sentence", "cand_no", "cand_text", "quoted", "origin"]


def main() -> None:
    sents = political_sentences() + written_sentences(HERE / "written", "written") + written_sentences(HERE / "written2", "written2")
    figs, slos = [], []
    for s in sents:
        for a, b, t in figure_candidates(s["sentence"]):
            figs.append({**s, "cand_start": a, "cand_end": b, "cand_text": t, **parse_figure(t)})
        for k, (t, q, origin) in enumerate(slogan_candidates(s["sentence"])):
            slos.append({**s, "cand_no": k, "cand_text": t, "quoted": q, "origin": origin})
    for name, rows, fields in (("figures_unlabelled.csv", figs, FIG_FIELDS), ("slogans_unlabelled.csv", slos, SLO_FIELDS)):
        with open(HERE / name, "w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fields)
            w.writeheader()
            w.writerows(rows)

    def by(rows, src):
        return sum(1 for r in rows if r["source"] == src)

    for src in ("political", "written", "written2"):
        print(
            f"{src}: {sum(1 for s in sents if s['source'] == src)} sentences, "
            f"{by(figs, src)} figure candidates, {by(slos, src)} slogan candidates"
        )


if __name__ == "__main__":
    main()
