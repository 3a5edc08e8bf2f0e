"""The frame every HTML page shares: the page skeleton, its inline CSS and highlight colours.

Pages are self-contained (inline CSS, no scripts, fonts or styles from the network) and use the
system's CJK fonts (``FONT_STACK``).
"""

from __future__ import annotations

from html import escape

from textkit.labels import THEME_COLOURS
from textkit.render.charts import FONT_STACK

SLOGAN_COLOUR = "#ffe14d"
FIGURE_COLOUR = "#1d4ed8"
COPIED_COLOUR = "#e02424"

CSS = f"""
*{{box-sizing:border-box}}
body{{margin:0;padding:24px 32px;font-family:{FONT_STACK};color:#1f2328;background:#fff;line-height:1.75;font-size:16px}}
a{{color:#0b57d0}} h1{{font-size:24px;margin:0 0 4px}} h2{{font-size:19px;margin:28px 0 8px;border-bottom:1px solid #ddd}}
.source{{color:#666;font-size:13px;word-break:break-all}}
.top{{display:flex;gap:24px;align-items:flex-start;flex-wrap:wrap}} .top>.head-main{{flex:1 1 400px;min-width:0}}
.score{{font-size:44px;font-weight:bold;width:110px;height:110px;border-radius:12px;display:flex;align-items:center;justify-content:center;color:#fff}}
.score-high{{background:#2e7d32}} .score-mid{{background:#ef8f00}} .score-low{{background:#c62828}}
table{{border-collapse:collapse;font-size:14px}} td,th{{border:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}}
th{{background:#f4f6f8}} td.num{{text-align:right}}
ul.flags{{list-style:none;padding:0;margin:8px 0}} ul.flags li{{margin:4px 0;padding:6px 10px;border-left:4px solid #c62828;background:#fdf1f1}}
ul.flags li.ok{{border-left-color:#2e7d32;background:#eff8f0}}
code{{font-family:"DejaVu Sans Mono",Consolas,monospace;font-size:12px;background:#eee;padding:1px 4px;border-radius:3px}}
.legend span.key{{display:inline-block;margin:2px 10px 2px 0;padding:0 6px;font-size:14px}}
.doc p{{margin:0 0 10px;text-indent:2em}} .doc h3{{font-size:18px;margin:18px 0 8px}}
.measure{{border-radius:2px;padding:1px 0}}
.theme-education{{background-color:{THEME_COLOURS["education"]}}} .theme-mechanism{{background-color:{THEME_COLOURS["mechanism"]}}}
.theme-supervision{{background-color:{THEME_COLOURS["supervision"]}}} .theme-service{{background-color:{THEME_COLOURS["service"]}}}
.theme-other{{background-color:{THEME_COLOURS["other"]}}}
.measure.general{{border-bottom:2px dotted #9a9a9a}}
.status-prescribed{{background-image:repeating-linear-gradient(135deg,rgba(255,255,255,.6) 0 3px,transparent 3px 7px)}}
.slogan{{background-color:{SLOGAN_COLOUR};background-image:none;font-weight:bold}}
.figure{{color:{FIGURE_COLOUR};font-weight:bold}}
.copied{{border-bottom:3px solid {COPIED_COLOUR}}}
.passage{{font-size:14px;color:#333;background:#fafafa;border-left:3px solid {COPIED_COLOUR};padding:4px 8px;margin:4px 0}}
.badge{{display:inline-block;font-size:11px;padding:0 5px;margin:1px 2px;border-radius:3px;background:#fde2e2;color:#8a1c1c;white-space:nowrap}}
.badge.note{{background:#eceff1;color:#455a64}}
.muted{{color:#777;font-size:13px}}
.verdict{{font-size:26px;font-weight:bold;width:110px;height:56px;border-radius:12px;display:flex;align-items:center;justify-content:center;color:#fff;margin-top:8px}}
.vb{{display:inline-block;padding:0 6px;border-radius:3px;color:#fff;font-weight:bold;white-space:nowrap}}
.verdict-pass{{background:#2e7d32}} .verdict-review{{background:#ef8f00}} .verdict-return{{background:#c62828}}
ul.reasons li.action-review{{border-left-color:#ef8f00;background:#fff7e6}} p.reasons-title{{margin:8px 0 0;font-weight:bold}}
.sc{{display:inline-block;min-width:2.4em;text-align:center;color:#fff;border-radius:3px;font-weight:bold}}
"""


def page(title: str, body: str) -> str:
    """A complete HTML page (``lang="zh-CN"``, UTF-8, the shared CSS) around ``body``."""
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )
