// RunDiff → one self-contained HTML page (inline CSS, a CSP that forbids every load), the same
// sections as the text: engines, then regressions, fixes, improvements, changes, added, removed.
import { diffEntryText, flakyText, ORDER, sectionOf, type ResultChange, type RunDiff, type RunSide } from './diff.js';
import { escapeHtml as h } from './html-escape.js';

const CSS = `
body{font:14px/1.45 system-ui,sans-serif;color:#1f2328;margin:0 auto;padding:16px 24px;max-width:1200px}
h1{font-size:22px}h2{font-size:17px;border-bottom:1px solid #d0d7de;padding-bottom:4px;margin-top:24px}
table{border-collapse:collapse}th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}thead th{background:#f6f8fa}
.regressed{color:#cf222e;font-weight:600}.fixed,.improved{color:#1a7f37}.muted{color:#8c959f}
ul.d{margin:2px 0;padding-left:18px;font-family:monospace;font-size:12px}li.gone{color:#8c959f;text-decoration:line-through}li.new{color:#1f2328}
#verdict{font-size:16px;padding:8px 12px;border-radius:6px}#verdict.fail{background:#ffebe9}#verdict.pass{background:#dafbe1}
`;

function side(label: string, s: RunSide): string {
  return `<tr><th scope="row">${label}</th><td><code>${h(s.file)}</code></td><td>${h(s.runId)}</td><td>${h(s.date)}</td><td>${s.gitCommit ? `<code>${h(s.gitCommit.slice(0, 12))}</code>` : '<span class="muted">unknown</span>'}</td><td>${s.checks}</td></tr>`;
}

function row(ch: ResultChange): string {
  const verdict = ch.kind === 'added' ? `<span class="muted">(new)</span> ${h(ch.to ?? '')}` : ch.kind === 'removed' ? `${h(ch.from ?? '')} <span class="muted">(gone)</span>` : ch.from === ch.to ? h(ch.to ?? '') : `${h(ch.from ?? '')} → ${h(ch.to ?? '')}`;
  const details = [
    ...(ch.detail?.from !== undefined ? [`<li class="gone">${h(ch.detail.from)}</li>`] : []),
    ...(ch.detail?.to !== undefined ? [`<li class="new">${h(ch.detail.to)}</li>`] : []),
    ...ch.diffGone.map((d) => `<li class="gone">${h(diffEntryText(d, ch.engine))}</li>`),
    ...ch.diffNew.map((d) => `<li class="new">${h(diffEntryText(d, ch.engine))}</li>`),
  ];
  const flaky = ch.flaky ? ` <small>(${flakyText(ch.flaky)})</small>` : '';
  return `<tr data-check="${h(ch.check)}" data-engine="${ch.engine}" data-kind="${ch.kind}"${ch.regression ? ' data-regression="true"' : ''}><td><code>${h(ch.check)}</code></td><td>${ch.engine}</td><td class="${ch.regression ? 'regressed' : ch.kind}">${verdict}${flaky}</td><td>${details.length ? `<ul class="d">${details.join('')}</ul>` : ''}</td></tr>`;
}

export function renderDiffHtml(d: RunDiff): string {
  const engines = d.engines
    .map((e) => {
      const v = (x: string | null | undefined) => (x === undefined ? '<span class="muted">not run</span>' : x === null ? '<span class="muted">unknown</span>' : h(x));
      return `<tr data-engine="${e.engine}"${e.changed ? ' data-changed="true"' : ''}><th scope="row">${e.engine}</th><td>${v(e.from)}</td><td>${v(e.to)}</td></tr>`;
    })
    .join('');
  const sections = ORDER.map((kind) => {
    const list = sectionOf(d, kind);
    if (!list.length) return '';
    return `<section id="${kind}"><h2>${kind} (${list.length})</h2><table><thead><tr><th>Check</th><th>Engine</th><th>Verdict A → B</th><th>Detail and diff entries (gone / new)</th></tr></thead><tbody>${list.map(row).join('\n')}</tbody></table></section>`;
  }).join('\n');
  const c = d.counts;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>sw-conformance diff — ${c.regressions} regression${c.regressions === 1 ? '' : 's'}</title><style>${CSS}</style></head>
<body><h1>Service Workers conformance: run A → run B</h1>
<table id="runs"><thead><tr><th></th><th>File</th><th>Run</th><th>Date</th><th>Commit</th><th>Checks</th></tr></thead><tbody>${side('A', d.a)}${side('B', d.b)}</tbody></table>
<p id="verdict" class="${c.regressions ? 'fail' : 'pass'}" data-regressions="${c.regressions}">${c.regressions} regression${c.regressions === 1 ? '' : 's'} · ${c.fixed} fixed · ${c.improved} improved · ${c.changed} changed · ${c.added} added · ${c.removed} removed · ${c.unchanged} unchanged</p>
<h2>Engines</h2><table id="engines"><thead><tr><th>Engine</th><th>A</th><th>B</th></tr></thead><tbody>${engines}</tbody></table>
${sections || '<p class="muted">No result changed.</p>'}
</body></html>
`;
}
