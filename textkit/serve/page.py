"""The single page of ``textkit serve``: drop files or a folder, see the ranked verdicts, open pages, download the sheet.

Self-contained: inline CSS and script, nothing from the network. The script sends each file with
its relative path as its name (a dropped or chosen folder keeps its layout; a ``.zip`` is unpacked
by the server), polls ``/api/results`` while screening runs and draws the ranked list.
"""

from __future__ import annotations

import json

from textkit.render.charts import FONT_STACK
from textkit.serve.uploads import UploadLimits, megabytes

CSS = f"""
*{{box-sizing:border-box}}
body{{margin:0;padding:24px 32px;font-family:{FONT_STACK};color:#1f2328;line-height:1.6;font-size:15px}}
h1{{font-size:24px;margin:0 0 12px}} a{{color:#0b57d0}}
#drop{{border:2px dashed #8aa4c8;border-radius:10px;padding:28px;text-align:center;background:#f6f9fd}}
#drop.over{{background:#e3edfb;border-color:#0b57d0}}
.hint{{color:#666;font-size:13px}}
button,.button{{font:inherit;padding:5px 14px;margin:4px;border:1px solid #8aa4c8;border-radius:6px;background:#fff;cursor:pointer;text-decoration:none;color:#1f2328;display:inline-block}}
button:hover,.button:hover{{background:#e3edfb}} .button.disabled{{pointer-events:none;opacity:.4}}
#status{{margin:14px 0;min-height:1.6em}} #status.error{{color:#c62828;font-weight:bold}}
table{{border-collapse:collapse;width:100%;font-size:14px}} td,th{{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}}
th{{background:#f4f6f8}} td.num{{text-align:right;font-weight:bold}}
.score-high{{color:#2e7d32}} .score-mid{{color:#ef8f00}} .score-low{{color:#c62828}}
.flag{{display:inline-block;margin:1px 3px;padding:0 6px;border-radius:4px;background:#fdf1f1;border:1px solid #e8b4b4;font-size:13px}}
.verdict{{font-weight:bold}} .reasons{{margin:2px 0 0 16px;padding:0;font-size:13px;color:#444}}
.source{{color:#666;font-size:12px;word-break:break-all}}
"""

SCRIPT = r"""
const $ = (id) => document.getElementById(id);
const HEADERS = {'X-Textkit': '1'};
let polling = false;

function esc(s) { const d = document.createElement('div'); d.textContent = s == null ? '' : String(s); return d.innerHTML; }
function status(text, error) { const s = $('status'); s.textContent = text; s.className = error ? 'error' : ''; }
function scoreClass(n) { return n >= 70 ? 'score-high' : n >= 40 ? 'score-mid' : 'score-low'; }

function verdictHtml(v) {
  if (v == null) return '';
  if (typeof v !== 'object') return '<span class="verdict">' + esc(v) + '</span>';
  const name = v.label || v.verdict || v.decision || v.name || v.code || '';
  const reasons = (v.reasons || []).map(r => '<li>' + esc(typeof r === 'object' ? (r.message || r.label || r.code || JSON.stringify(r)) : r) + '</li>').join('');
  return '<span class="verdict">' + esc(name) + '</span>' + (reasons ? '<ul class="reasons">' + reasons + '</ul>' : '');
}

function flagsHtml(flags) {
  return (flags || []).map(f => '<span class="flag" title="' + esc(f.message || '') + '">' + esc(f.label || f.name || f.code) + '</span>').join('');
}

function draw(data) {
  const rows = data.rows || [];
  const hasVerdict = rows.some(r => r.verdict != null);
  const head = '<tr><th>排名</th><th>得分</th>' + (hasVerdict ? '<th>结论</th>' : '') + '<th>材料</th><th>提示</th></tr>';
  const body = rows.map(r => '<tr class="row">' +
    '<td class="num">' + r.rank + '</td>' +
    '<td class="num ' + scoreClass(r.score) + '">' + (r.error ? '—' : r.score) + '</td>' +
    (hasVerdict ? '<td>' + verdictHtml(r.verdict) + '</td>' : '') +
    '<td><a class="page" href="/pages/' + encodeURIComponent(r.page) + '">' + esc(r.title || r.source) + '</a><div class="source">' + esc(r.source) + '</div></td>' +
    '<td>' + flagsHtml(r.flags) + (r.error ? '<div class="source">' + esc(r.error) + '</div>' : '') + '</td></tr>').join('');
  $('results').innerHTML = rows.length ? '<table>' + head + body + '</table>' : '';
  $('xlsx').classList.toggle('disabled', !data.xlsx);
  $('index').classList.toggle('disabled', !data.xlsx);
}

async function poll() {
  if (polling) return;
  polling = true;
  try {
    for (;;) {
      const data = await (await fetch('/api/results', {cache: 'no-store'})).json();
      if (data.state === 'running') {
        const p = data.progress || {};
        status('正在筛查…' + (p.total ? ' ' + p.done + ' / ' + p.total : ''));
        await new Promise(r => setTimeout(r, 300));
        continue;
      }
      draw(data);
      if (data.state === 'failed') status('筛查出错：' + data.error, true);
      else if (data.state === 'done') status('已筛查 ' + data.rows.length + ' 份材料，用时 ' + data.seconds + ' 秒。');
      else status('');
      document.body.dataset.state = data.state;
      return;
    }
  } finally { polling = false; }
}

async function upload(items) {
  if (!items.length) return;
  const total = items.reduce((n, [f]) => n + f.size, 0);
  if (total > LIMITS.request) { status('所选文件共 ' + (total / 1048576).toFixed(1) + ' MB，超过单次上限 ' + LIMITS.requestText + '，请分批上传。', true); return; }
  const form = new FormData();
  for (const [file, name] of items) form.append('files', file, name);
  document.body.dataset.state = 'uploading';
  status('正在上传 ' + items.length + ' 个文件…');
  let resp;
  try { resp = await fetch('/api/upload', {method: 'POST', body: form, headers: HEADERS}); }
  catch (e) { status('上传失败：' + e, true); return; }
  const data = await resp.json().catch(() => ({error: resp.statusText}));
  if (!resp.ok) { status('上传被拒绝：' + data.error, true); document.body.dataset.state = 'refused'; return; }
  if (data.skipped && data.skipped.length) $('skipped').textContent = '已跳过：' + data.skipped.join('；');
  else $('skipped').textContent = '';
  await poll();
}

function fileList(input) { return [...input.files].map(f => [f, f.webkitRelativePath || f.name]); }

async function droppedFiles(dataTransfer) {
  const entries = [...dataTransfer.items].map(i => i.webkitGetAsEntry ? i.webkitGetAsEntry() : null);
  if (entries.some(e => !e)) return [...dataTransfer.files].map(f => [f, f.name]);
  const out = [];
  async function walk(entry, prefix) {
    if (entry.isFile) { out.push([await new Promise((ok, bad) => entry.file(ok, bad)), prefix + entry.name]); return; }
    const reader = entry.createReader();
    for (;;) {
      const batch = await new Promise((ok, bad) => reader.readEntries(ok, bad));
      if (!batch.length) break;
      for (const e of batch) await walk(e, prefix + entry.name + '/');
    }
  }
  for (const e of entries) await walk(e, '');
  return out;
}

const drop = $('drop');
drop.addEventListener('dragover', e => { e.preventDefault(); drop.classList.add('over'); });
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', async e => { e.preventDefault(); drop.classList.remove('over'); await upload(await droppedFiles(e.dataTransfer)); });
$('files').addEventListener('change', async e => { await upload(fileList(e.target)); e.target.value = ''; });
$('folder').addEventListener('change', async e => { await upload(fileList(e.target)); e.target.value = ''; });
$('clear').addEventListener('click', async () => {
  const resp = await fetch('/api/clear', {method: 'POST', headers: HEADERS});
  const data = await resp.json();
  if (!resp.ok) { status(data.error, true); return; }
  $('skipped').textContent = '';
  draw({rows: [], xlsx: null});
  status('已清除上传的文件和结果。');
});
poll();
"""


def app_page(limits: UploadLimits) -> str:
    """The HTML of the page, with the upload limits it shows and checks."""
    js_limits = json.dumps({"request": limits.max_request_bytes, "requestText": megabytes(limits.max_request_bytes)})
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>textkit 材料筛查</title><style>{CSS}</style></head>
<body data-state="idle">
<h1>材料筛查</h1>
<div id="drop">
  <p>把材料文件或整个文件夹拖到这里，或
    <label class="button">选择文件<input id="files" type="file" multiple hidden></label>
    <label class="button">选择文件夹<input id="folder" type="file" webkitdirectory multiple hidden></label></p>
  <p class="hint">支持 .txt .docx .pdf .html .md，以及文件夹的 .zip 压缩包。单个文件不超过 {megabytes(limits.max_file_bytes)}，
  每次上传不超过 {megabytes(limits.max_request_bytes)}。文件只保存在本机的临时文件夹，点“清除”或关闭服务后删除。</p>
</div>
<div id="status"></div>
<div id="skipped" class="hint"></div>
<p><a id="xlsx" class="button disabled" href="/screen.xlsx" download>下载 Excel 表（screen.xlsx）</a>
<a id="index" class="button disabled" href="/pages/index.html">排名页</a>
<button id="clear" type="button">清除</button></p>
<div id="results"></div>
<script>const LIMITS = {js_limits};
{SCRIPT}</script>
</body></html>
"""
