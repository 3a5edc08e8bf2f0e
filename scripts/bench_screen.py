"""Time ``textkit screen`` at scale: N submissions against M reference documents.

Documents are synthetic: party-building reports recombined from clause fragments written for
this script (subjects, times, actions with figures, purposes, place names), so that unrelated
documents share little more than stock phrases. Some submissions are planted copies of a
reference document (whole or half, some in traditional script, or one paragraph pasted into own text) or of
another submission; the
script checks that screening finds them and prints the time of each stage.

    python scripts/bench_screen.py                       # 1,000 submissions vs 10,000 references
    python scripts/bench_screen.py --submissions 100 --reference 1000
    python scripts/bench_screen.py --submissions 200 --reference 2000 --pool 1000   # paragraphs reused: many copy pairs

With ``--pool N`` the body paragraphs of every document are drawn from N paragraphs, as in a
corpus assembled from a fixed set of real paragraphs: each submission then shares passages with
dozens of references, and the passage comparisons, not the candidate search, are the work.
Times are CPU seconds of this process (wall-clock seconds vary with the machine's load).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import tempfile
import time
from pathlib import Path

PLACE_A = list("青石柳杨桃李金银凤龙云霞松竹梅兰溪河湖山岭坪湾桥塘泉林峰川苑城港")
PLACE_B = list("华兴安宁丰盛和平新光明德阳春秋东西南北源水田园庄岗台堡")
PLACE_KIND = ["镇", "村", "社区", "街道", "乡", "开发区", "工业园区"]
ORGS = [
    "党委",
    "党支部",
    "机关党支部",
    "党总支",
    "联合党支部",
    "中心小学党支部",
    "卫生院党支部",
    "供电所党支部",
    "税务分局党支部",
    "派出所党支部",
    "农业农村局党组",
    "国有企业党委",
]
SUBJECTS = [
    "支部",
    "党委",
    "支委会",
    "党小组",
    "支部书记",
    "党员志愿服务队",
    "纪检委员",
    "组织委员",
    "宣传委员",
    "青年党员突击队",
    "网格党小组",
    "离退休党支部",
    "第一书记",
    "驻村工作队",
    "党群服务中心",
    "党员骨干",
    "各党小组",
    "机关各支部",
]
TIMES = [
    "全年",
    "今年以来",
    "上半年",
    "每月",
    "每季度",
    "每周",
    "年初",
    "三月份",
    "七一前后",
    "国庆期间",
    "汛期",
    "春节前",
    "年底",
    "近三年",
]
# (object, measure word, verbs that fit it): actions are verb + object + number + measure word.
OBJECTS = [
    ("集中学习", "次", "组织 开展 安排"),
    ("主题党日活动", "次", "开展 组织 举办"),
    ("支委会", "次", "召开 组织"),
    ("专题党课", "次", "讲授 组织 安排"),
    ("困难群众", "户", "走访 慰问 帮扶 结对"),
    ("矛盾纠纷", "件", "排查 化解 调处"),
    ("廉政谈话", "人次", "开展 进行"),
    ("警示教育片", "部", "观看 组织观看"),
    ("规章制度", "项", "修订 制定 清理 完善"),
    ("预备党员", "名", "发展 吸收 考察"),
    ("入党积极分子", "名", "确定 培养 考察"),
    ("群众意见建议", "条", "收集 梳理 办理"),
    ("民生实事", "件", "办结 办理 落实"),
    ("志愿服务", "场", "开展 组织"),
    ("上门服务", "人次", "提供 开展"),
    ("用工难题", "个", "解决 协调"),
    ("农技培训班", "期", "举办 开办"),
    ("惠民资金", "万元", "发放 兑付 落实"),
    ("便民服务点", "个", "新建 设立 改造"),
    ("人居环境问题", "处", "整治 排查 整改"),
    ("防汛值守", "天", "开展 坚持"),
    ("脱贫户", "户", "帮扶 走访 结对"),
    ("财务凭证", "份", "抽查 审核 检查"),
    ("党务村务事项", "项", "公开 公示"),
    ("民主评议党员大会", "次", "召开 组织"),
    ("优秀共产党员", "名", "评选 表彰 推荐"),
    ("挂职干部", "人", "选派 接收"),
    ("党员联系户台账", "本", "建立 更新"),
    ("安全生产检查", "次", "开展 组织"),
    ("村级活动场所", "处", "修缮 新建 改造"),
    ("路灯", "盏", "安装 维修 更换"),
    ("村组道路", "公里", "硬化 拓宽 修建"),
    ("无偿献血", "人次", "组织 参加"),
    ("读书分享会", "期", "举办 开展"),
    ("青年干部讲堂", "期", "举办 开设"),
    ("作风巡查", "次", "开展 组织"),
    ("党费", "元", "收缴 上缴"),
    ("群众来访", "批次", "接待 办理"),
    ("老旧小区改造", "个", "完成 推进"),
    ("电梯", "部", "加装 更新"),
    ("党员示范岗", "个", "设立 评选"),
    ("共建协议", "份", "签订 续签"),
    ("红色研学", "批", "组织 开展"),
    ("送医下乡", "次", "开展 组织"),
    ("突发事件", "起", "处置 应对"),
    ("邻里纠纷", "起", "调处 化解"),
    ("老党员", "人", "慰问 走访 看望"),
    ("巡察反馈问题", "个", "整改 销号"),
    ("农家书屋", "个", "建成 改造"),
    ("特色产业基地", "个", "培育 建成"),
    ("招商项目", "个", "引进 落地 签约"),
    ("留守儿童", "名", "结对 关爱 帮扶"),
    ("独居老人", "人", "探访 照料 结对"),
    ("消防隐患", "处", "排查 整改 消除"),
    ("政策宣讲", "场", "开展 举办"),
    ("业务骨干", "名", "培养 选拔"),
    ("信访积案", "件", "化解 办结"),
    ("流动党员", "名", "联系 管理 登记"),
    ("微心愿", "个", "认领 实现 收集"),
    ("法律咨询", "人次", "提供 开展"),
]
PURPOSES = [
    "党员理论水平明显提高",
    "群众反映强烈的问题得到解决",
    "支部凝聚力不断增强",
    "工作流程更加规范",
    "群众满意度持续提升",
    "干部作风进一步转变",
    "村集体经济实现增收",
    "邻里关系更加和谐",
    "党员先锋作用充分发挥",
    "基层治理效能稳步提升",
    "廉洁风险点得到有效防控",
    "服务企业的能力不断增强",
    "营商环境持续优化",
    "青年党员成长更快",
    "老年人办事更方便",
]
SURNAMES = list(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = list(
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂华兰红玉凤云春林建国志成海波宁晓燕雪梅琳斌鹏飞宇浩然俊峰亮辉文博"
    "思远嘉怡欣悦瑞婷颖佳晨阳丹蕾晶莹彬鑫宏庆德荣昌盛永福安康泰和顺兴旺光辉荣耀清源"
)
PROJECTS = ["工程", "行动", "计划", "服务站", "工作室", "驿站", "课堂", "联盟", "品牌", "先锋队"]
HEADINGS = [
    "抓实理论学习，筑牢思想根基",
    "健全制度机制，规范组织生活",
    "强化监督执纪，推进作风建设",
    "践行为民宗旨，办好民生实事",
    "建强组织体系，夯实基层基础",
    "深化党建融合，服务中心大局",
    "加强队伍建设，激发干事活力",
    "推进阵地建设，提升服务能力",
]
INTROS = [
    "一年来，{unit}在上级党委的坚强领导下，紧紧围绕中心工作，扎实推进党建各项工作，现将有关情况报告如下。",
    "今年以来，{unit}坚持以习近平新时代中国特色社会主义思想为指导，认真落实全面从严治党要求，各项工作取得新进展。",
    "{unit}现有党员{n}名，下设党小组{m}个。一年来，支部把党建工作与业务工作同谋划、同部署、同落实。",
]
OUTROS = [
    "下一步，{unit}将继续加强党员教育管理，切实提高组织生活质量，为完成全年目标任务提供坚强保证。",
    "我们也清醒地看到，工作中还存在一些不足，今后将进一步改进工作方法，推动党建工作再上新台阶。",
]


def place(rng: random.Random) -> str:
    return rng.choice(PLACE_A) + rng.choice(PLACE_B) + rng.choice(PLACE_KIND)


def name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))


def action(rng: random.Random) -> str:
    obj, unit, verbs = rng.choice(OBJECTS)
    return f"{rng.choice(verbs.split())}{obj}{rng.randint(2, 480)}{unit}"


def sentence(rng: random.Random) -> str:
    parts = [rng.choice(SUBJECTS) + rng.choice(TIMES)]
    for _ in range(rng.randint(1, 3)):
        parts.append(action(rng))
    r = rng.random()
    if r < 0.35:
        parts.append(f"在{place(rng)}{rng.choice(['开展', '举办', '推广', '先行'])}试点")
    elif r < 0.7:
        parts.append(f"由{name(rng)}同志牵头实施“{''.join(rng.choice(GIVEN) for _ in range(2))}{rng.choice(PROJECTS)}”")
    if rng.random() < 0.6:
        parts.append(rng.choice(PURPOSES))
    return "，".join(parts) + "。"


def paragraph(rng: random.Random) -> str:
    return "".join(sentence(rng) for _ in range(rng.randint(4, 7)))


def document(rng: random.Random, year: int = 2023, pool: list[str] | None = None) -> str:
    """A synthetic report; its body paragraphs are new, or drawn from ``pool`` when one is given."""
    unit = place(rng) + rng.choice(ORGS)
    lines = [f"{unit}{year}年党建工作总结", "", rng.choice(INTROS).format(unit=unit, n=rng.randint(12, 300), m=rng.randint(2, 9)), ""]
    for k, head in enumerate(rng.sample(HEADINGS, 4)):
        lines.append(f"{'一二三四'[k]}、{head}")
        lines.append(rng.choice(pool) if pool else paragraph(rng))
    lines.append(rng.choice(OUTROS).format(unit=unit))
    return "\n".join(lines) + "\n"


def half(text: str) -> str:
    """The first half of a document (by characters, at a line break)."""
    cut = text.find("\n", len(text) // 2)
    return text[: cut if cut > 0 else len(text)] + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--submissions", type=int, default=1000)
    ap.add_argument("--reference", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--pool", type=int, default=0, help="Draw body paragraphs from this many paragraphs (default 0: all new).")
    ap.add_argument("--keep", help="Write the corpus here and keep it (default: a temporary folder).")
    ap.add_argument("--output", help="Write the screening records here (JSON), e.g. to compare two versions.")
    args = ap.parse_args()

    from textkit.normalization import convert_script
    from textkit.screening import screen_documents

    rng = random.Random(args.seed)
    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench_screen_"))
    ref_dir, sub_dir = root / "reference", root / "submissions"
    ref_dir.mkdir(parents=True, exist_ok=True)
    sub_dir.mkdir(parents=True, exist_ok=True)
    pool = [paragraph(rng) for _ in range(args.pool)]
    refs = [document(rng, 2022, pool) for _ in range(args.reference)]
    for i, text in enumerate(refs):
        (ref_dir / f"ref{i:05d}.txt").write_text(text, encoding="utf-8")
    planted: dict[str, tuple[str, str]] = {}
    subs: list[str] = []
    for i in range(args.submissions):
        name = f"sub{i:04d}.txt"
        r = rng.random()
        if r < 0.03:  # whole template, other script
            j = rng.randrange(args.reference)
            text = convert_script(refs[j], "traditional")
            planted[name] = ("reference", f"ref{j:05d}.txt")
        elif r < 0.06:  # half a template plus own text
            j = rng.randrange(args.reference)
            own = document(rng, pool=pool)
            text = half(refs[j]) + "\n".join(own.splitlines()[6:]) + "\n"
            planted[name] = ("reference", f"ref{j:05d}.txt")
        elif r < 0.08:  # one paragraph of a template pasted into own text (about a fifth of it)
            j = rng.randrange(args.reference)
            own = document(rng, pool=pool).splitlines()
            pasted = [line for line in refs[j].splitlines() if len(line) > 80][:1]
            text = "\n".join(own[:6] + pasted + own[6:]) + "\n"
            planted[name] = ("reference", f"ref{j:05d}.txt")
        elif r < 0.10 and subs:  # another submission, lightly edited
            j = rng.randrange(len(subs))
            text = subs[j].replace("党员", "共产党员", 3)
            planted[name] = ("submission", f"sub{j:04d}.txt")
        else:
            text = document(rng, pool=pool)
        subs.append(text)
        (sub_dir / name).write_text(text, encoding="utf-8")
    chars = sum(len(t) for t in subs) + sum(len(t) for t in refs)
    print(f"corpus: {args.submissions} submissions, {args.reference} references, {chars / 1e6:.1f}M characters, in {root}")
    print(f"background: mean 5-shingle Jaccard of unrelated documents {background(refs, rng):.3f} (real reports: about 0.005)")

    marks: dict[str, float] = {}
    started = time.process_time()

    def progress(stage: str, done: int, total: int) -> None:
        if stage not in marks:
            marks[stage] = time.process_time()
        marks[stage + "_end"] = time.process_time()

    results = screen_documents([str(sub_dir)], [str(ref_dir)], progress=progress)
    total = time.process_time() - started
    ref_time = marks.get("reference_end", started) - started
    sub_time = marks.get("screen_end", started) - marks.get("reference_end", started)
    dup_time = total - ref_time - sub_time
    print(f"reference index (read, normalise, shingles): {ref_time:.1f} s")
    print(f"submissions (pipeline with extraction and themes, scores): {sub_time:.1f} s")
    print(f"duplicate search and passages: {dup_time:.1f} s")
    print(
        f"total CPU: {total:.1f} s ({total / 60:.1f} min); peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )

    found = missed = 0
    for res in results:
        name = Path(res.source).name
        if name in planted:
            kind, src = planted[name]
            ok = any(Path(d["source"]).name == src and d["kind"] == kind for d in res.duplicates)
            found += ok
            missed += not ok
            if not ok and missed <= 5:
                print(f"  missed: {name} copies {kind} {src}; found {[Path(d['source']).name for d in res.duplicates]}")
    unplanted = [res for res in results if res.duplicates and Path(res.source).name not in planted and not _is_copied(res, planted)]
    for res in unplanted[:3]:
        passage = res.duplicates[0]["passages"][0]
        print(
            f"  unplanted: {Path(res.source).name} shares {passage['chars']} characters with {Path(res.duplicates[0]['source']).name}: {passage['text'][:60]}"
        )
    false = len(unplanted)
    print(f"planted copies found: {found}/{found + missed}; unplanted submissions with duplicates: {false}")
    pairs = sum(len(res.duplicates) for res in results)
    passages = sum(len(d["passages"]) for res in results for d in res.duplicates)
    print(f"duplicate entries: {pairs}; passages: {passages}")
    if args.output:
        Path(args.output).write_text(json.dumps([r.record() for r in results], ensure_ascii=False, indent=1), encoding="utf-8")
    if not args.keep:
        shutil.rmtree(root, ignore_errors=True)


def background(texts: list[str], rng: random.Random, pairs: int = 300) -> float:
    """Mean Jaccard similarity of the shingle sets of random pairs of documents."""
    import numpy as np

    from textkit.screening.duplicates import fingerprint

    total = 0.0
    for _ in range(pairs):
        a, b = (fingerprint(t).shingles for t in rng.sample(texts, 2))
        inter = np.intersect1d(a, b).size
        total += inter / (a.size + b.size - inter)
    return total / pairs


def _is_copied(res, planted: dict[str, tuple[str, str]]) -> bool:
    """A submission that others copied is rightly reported as their duplicate."""
    name = Path(res.source).name
    return any(src == name for _, src in planted.values())


if __name__ == "__main__":
    main()
