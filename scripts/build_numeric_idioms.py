"""Build textkit/data/numeric_idioms.txt: fixed expressions with numerals that are not figures.

Idioms (POS i) and set phrases (POS l) from jieba's dictionary that contain a Chinese numeral,
plus a short hand-written list of the discourse's own (最后一公里, 一刀切 …).
Run: python scripts/build_numeric_idioms.py
"""

from __future__ import annotations

import os
from pathlib import Path

import jieba

NUMERALS = set("一二两三四五六七八九十百千万")
EXTRA = """最后一公里 一刀切 一把手 第一线 一线 一班人 一肩挑 一票否决 一站式 一窗式 一盘棋 一张蓝图 一体化
一本账 一条龙 一揽子 一对一 一帮一 一岗双责 一体推进 一以贯之 一如既往 一视同仁 一马当先 一锤定音 一抓到底
一竿子插到底 一张网 一张图 一码通 一网通办 一件事 一次办 一次性 一部分 一系列 一方面 一段时间 一个时期
两手抓 两手硬 三番五次 三令五申 四面八方 五湖四海 千家万户 千方百计 千头万绪 万众一心 万无一失 百花齐放
一点一滴 一言一行 一举一动 一心一意 一针一线 一草一木 一砖一瓦 一朝一夕 七上八下 七嘴八舌 十全十美
一清二楚 三心二意 半边天 百尺竿头 九牛一毛 一传十 十传百 四平八稳 一五一十 说一不二 独一无二 心无二用
"""


def main() -> None:
    words = set(EXTRA.split())
    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 3 and parts[2] in ("i", "l") and NUMERALS & set(parts[0]) and len(parts[0]) >= 3:
                words.add(parts[0])
    out = Path(__file__).resolve().parents[1] / "textkit" / "data" / "numeric_idioms.txt"
    out.write_text("\n".join(sorted(words)) + "\n", encoding="utf-8")
    print(f"{len(words)} entries → {out}")


if __name__ == "__main__":
    main()
