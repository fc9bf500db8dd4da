// conformance.json → index.html: one self-contained page (inline CSS and a few lines of inline
// script, a CSP that forbids every fetch). Sections: gate, engines, the matrix of areas × engines,
// the trend of the last runs (--history, html-trend.ts), verify mode's flaky checks, the interop
// view (interop.ts), a drill-down per deviation / error (diff, late events, minimal scenario,
// prediction, observation), the results that caught late events (with a drill-down for those that
// passed), the explainer's claims against spec and engines, the proposals, and every check (with a
// search and filter).
import type { Engine, VerdictKind } from '../contract/index.js';
import { AREAS, ENGINES } from '../contract/index.js';
import type { BaselineRef, CheckEntry, CheckResult, ConformanceReport, GateStatus, HistoryEntry } from './types.js';
import { escapeHtml } from './html-escape.js';
import { trendSection } from './html-trend.js';
import { interopRows, type InteropKind } from './interop.js';

export { escapeHtml };

const h = escapeHtml;

function json(x: unknown): string {
  return h(JSON.stringify(x, null, 2) ?? 'undefined');
}

function compact(x: unknown, max = 240): string {
  const s = JSON.stringify(x) ?? 'undefined';
  return s.length > max ? s.slice(0, max - 1) + '…' : s;
}

const VERDICT_SIGN: Record<VerdictKind, string> = { pass: '✓', deviation: '≠', unsupported: '∅', error: '!' };
const VERDICTS: VerdictKind[] = ['pass', 'deviation', 'unsupported', 'error'];

/** Engines shown as columns: the three engines always, in order (an engine that did not run says so). */
function columns(_report: ConformanceReport): Engine[] {
  return [...ENGINES];
}

function anchorFor(report: ConformanceReport): (id: string, engine: Engine) => string {
  const map = new Map<string, string>();
  let n = 0;
  for (const c of report.checks) {
    for (const e of ENGINES) {
      if (c.results[e]) map.set(`${e}\u0000${c.id}`, `d${n++}-${e}-${c.id.replace(/[^A-Za-z0-9_-]/g, '_')}`);
    }
  }
  return (id, engine) => map.get(`${engine}\u0000${id}`) ?? 'missing';
}

function verdictBadge(r: CheckResult | undefined, link?: string): string {
  if (!r) return '<span class="v none" title="not run">–</span>';
  const text = `${VERDICT_SIGN[r.verdict]} ${r.verdict}`;
  const inner = link ? `<a href="#${h(link)}">${h(text)}</a>` : h(text);
  // A flaky gate is shown by the flaky badge itself (with the verdicts seen).
  const gate = r.gate === 'ok' || r.gate === 'flaky' ? '' : ` <span class="g ${r.gate}" title="${h(gateTitle(r.gate, r.baseline))}">${r.gate}</span>`;
  const seen = r.runs ? `verdicts in run order: ${r.runs.verdicts.join(' ')} (${r.runs.flips} flip${r.runs.flips === 1 ? '' : 's'})` : 'attempts disagreed';
  const flaky = r.flaky ? ` <span class="g flaky" title="${h(seen)}" data-flips="${r.runs?.flips ?? ''}">flaky${r.runs ? ` ${r.runs.flips}↺` : ''}</span>` : '';
  return `<span class="v ${r.verdict}"${r.detail ? ` title="${h(r.detail)}"` : ''}>${inner}</span>${gate}${flaky}`;
}

function gateTitle(g: GateStatus, ref: BaselineRef | undefined): string {
  const why = ref ? `baseline: ${ref.reason}${ref.link ? ` (${ref.link})` : ''}` : '';
  switch (g) {
    case 'expected':
      return `known deviation; ${why}`;
    case 'stale':
      return `passes although listed in the baseline; ${why}`;
    case 'regression':
      return 'not in the baseline: fails the run';
    case 'flaky':
      return 'the verdict changed between runs and the baseline does not list it as known flaky: fails the run';
    default:
      return 'ok';
  }
}

function refText(ref: BaselineRef): string {
  const what = ref.check !== undefined ? `check ${ref.check}${ref.expect ? ` (expect ${ref.expect}${ref.verdicts ? `: ${ref.verdicts.join(', ')}` : ''})` : ''}` : `quirk ${ref.quirk ?? ''}`;
  return `${h(what)} [${h(ref.engine)}]: ${h(ref.reason)}${ref.link ? ` — <a href="${h(ref.link)}" rel="noreferrer">${h(ref.link)}</a>` : ''}`;
}

function specList(spec: string[]): string {
  return spec.length ? spec.map((s) => h(s)).join('<br>') : '<span class="muted">—</span>';
}

const CSS = `
:root{--pass:#1a7f37;--dev:#cf222e;--uns:#6e7781;--err:#9a6700;--bg:#fff;--fg:#1f2328;--line:#d0d7de;--soft:#f6f8fa}
*{box-sizing:border-box}body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg);margin:0 auto;padding:16px 24px;max-width:1400px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}h3{font-size:15px;margin:18px 0 6px}h4{font-size:13px;margin:12px 0 4px}
.meta{color:#59636e;margin:0 0 8px}.muted{color:#8c959f}
table{border-collapse:collapse;margin:6px 0}th,td{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}thead th{background:var(--soft)}
#matrix td{min-width:200px;white-space:nowrap}#matrix th[scope=row]{text-transform:none}
.n{display:inline-block;min-width:44px;padding:1px 6px;margin-right:2px;border-radius:10px;font-variant-numeric:tabular-nums;text-align:center}
.n.pass{background:#dafbe1;color:var(--pass)}.n.deviation{background:#ffebe9;color:var(--dev)}.n.unsupported{background:#eaeef2;color:var(--uns)}.n.error{background:#fff8c5;color:var(--err)}.n.zero{opacity:.35}
.v.pass{color:var(--pass)}.v.deviation{color:var(--dev);font-weight:600}.v.unsupported{color:var(--uns)}.v.error{color:var(--err);font-weight:600}.v.none{color:#8c959f}
.g{font-size:11px;padding:0 5px;border-radius:8px;border:1px solid currentColor;margin-left:2px}.g.expected{color:#59636e}.g.regression{color:var(--dev)}.g.stale{color:#8250df}.g.flaky{color:var(--err)}
#gate{font-size:16px;padding:8px 12px;border-radius:6px;margin:10px 0}#gate.pass{background:#dafbe1}#gate.fail{background:#ffebe9}
details.drill{border:1px solid var(--line);border-radius:6px;margin:6px 0;background:#fff}details.drill>summary{cursor:pointer;padding:6px 10px;background:var(--soft);border-radius:6px}
details.drill[open]>summary{border-bottom:1px solid var(--line);border-radius:6px 6px 0 0}details.drill .body{padding:6px 12px 12px}
pre{background:var(--soft);border:1px solid var(--line);border-radius:6px;padding:8px;overflow:auto;max-height:420px;font-size:12px;margin:4px 0}
code{font-size:12.5px}.cols{display:grid;grid-template-columns:1fr 1fr;gap:12px}.cols>div{min-width:0}
table.trend td.t{font-variant-numeric:tabular-nums;white-space:nowrap}.worse{background:#ffebe9}.better{background:#dafbe1}
#filter{display:flex;gap:12px;flex-wrap:wrap;align-items:center;margin:6px 0}#filter input{width:260px}#filter-count{color:#59636e}
td.odd{background:#fff8c5}.grp{display:inline-block;min-width:16px;text-align:center;border-radius:8px;background:#eaeef2;font-size:11px}ul.groups{margin:4px 0;padding-left:16px;font-size:12px}
table.diff td:first-child{font-family:monospace}table.diff td,table.late td{font-family:monospace;font-size:12px;max-width:520px;word-break:break-word}
`;

const SCRIPT = `
function openTarget(){var id=decodeURIComponent(location.hash.slice(1));if(!id)return;var el=document.getElementById(id);if(el&&el.tagName==='DETAILS'){el.open=true;el.scrollIntoView();}}
window.addEventListener('hashchange',openTarget);window.addEventListener('DOMContentLoaded',openTarget);
// The filter of the checks table: text (id, title, spec), area, engine, verdict (or flaky).
function filterChecks(){var f=document.getElementById('filter');if(!f)return;var q=f.q.value.trim().toLowerCase(),area=f.area.value,engine=f.engine.value,verdict=f.verdict.value,shown=0,rows=document.querySelectorAll('#checks tbody tr');
for(var i=0;i<rows.length;i++){var r=rows[i],ok=(!q||(r.cells[0].textContent+' '+r.cells[1].textContent+' '+r.cells[2].textContent).toLowerCase().indexOf(q)>=0)&&(!area||r.getAttribute('data-area')===area);
if(ok&&(engine||verdict)){var cells=r.querySelectorAll('td[data-engine]'),hit=false;for(var j=0;j<cells.length;j++){var c=cells[j];if(engine&&c.getAttribute('data-engine')!==engine)continue;if(!c.hasAttribute('data-verdict'))continue;if(!verdict||c.getAttribute('data-verdict')===verdict||(verdict==='flaky'&&c.hasAttribute('data-flaky')))hit=true;}ok=hit;}
r.hidden=!ok;if(ok)shown++;}
document.getElementById('filter-count').textContent=shown+' of '+rows.length+' checks';if(q||area||engine||verdict)document.getElementById('all-checks').open=true;}
window.addEventListener('DOMContentLoaded',function(){var f=document.getElementById('filter');if(!f)return;f.addEventListener('input',filterChecks);f.addEventListener('change',filterChecks);f.addEventListener('submit',function(e){e.preventDefault();});});
`;

function header(report: ConformanceReport): string {
  const r = report.run;
  const shard = r.shard ? ` · shard ${r.shard.current}/${r.shard.total}` : '';
  const g = report.gate;
  const flaky = g.flaky?.length ?? 0;
  const failing = g.regressions.length + g.stale.length + g.staleQuirks.length + flaky + g.otherFailures.length;
  const gateText =
    g.status === 'pass'
      ? `Gate: PASS — the run matches the baseline (${g.counts.expected} known deviation${g.counts.expected === 1 ? '' : 's'})`
      : `Gate: FAIL — ${g.regressions.length} regression${g.regressions.length === 1 ? '' : 's'}, ${g.stale.length + g.staleQuirks.length} stale baseline entr${g.stale.length + g.staleQuirks.length === 1 ? 'y' : 'ies'}, ${flaky} flaky, ${g.otherFailures.length} other failure${g.otherFailures.length === 1 ? '' : 's'}`;
  return `<header>
<h1>Service Workers conformance</h1>
<p class="meta">${h(r.date)} · ${h(r.mode)}${h(shard)} · commit ${r.gitCommit ? `<code>${h(r.gitCommit.slice(0, 12))}</code>` : 'unknown'} · Playwright ${h(r.playwrightVersion)} · baseline <code>${h(r.baseline)}</code> · ${report.checks.length} checks</p>
<p id="gate" class="${g.status}" data-failing="${failing}">${h(gateText)}</p>
<p id="late-count" class="meta" data-results="${report.lateEvents.results}">${report.lateEvents.results ? `<a href="#late-events">${report.lateEvents.results} result${report.lateEvents.results === 1 ? '' : 's'} with late events</a>` : 'No result with late events'} (worker reports that arrived after the outcome was first read)</p>${
    r.playwrightStatus === 'interrupted' || r.playwrightStatus === 'timedout'
      ? `\n<p id="run-status" class="fail">This run was ${r.playwrightStatus === 'interrupted' ? 'interrupted (Ctrl-C)' : 'stopped by its global time limit'}: the checks that had not ended are listed as not run.</p>`
      : ''
  }
</header>`;
}

function gateSection(report: ConformanceReport, anchor: (id: string, e: Engine) => string): string {
  const g = report.gate;
  const parts: string[] = [];
  if (g.regressions.length) {
    parts.push(`<h3>Regressions (not in the baseline)</h3><ul id="regressions">${g.regressions
      .map((i) => `<li><a href="#${h(anchor(i.check, i.engine))}"><code>${h(i.check)}</code></a> [${h(i.engine)}] ${h(i.verdict)}${i.detail ? `: ${h(i.detail)}` : ''}</li>`)
      .join('')}</ul>`);
  }
  if (g.flaky?.length) {
    parts.push(`<h3>Flaky (the verdict changed between runs; not known flaky)</h3><ul id="flaky">${g.flaky
      .map((i) => `<li><a href="#${h(anchor(i.check, i.engine))}"><code>${h(i.check)}</code></a> [${h(i.engine)}] ${h((i.verdicts ?? [i.verdict]).join(' '))}</li>`)
      .join('')}</ul>`);
  }
  if (g.stale.length || g.staleQuirks.length) {
    parts.push(`<h3>Stale baseline entries (now passing)</h3><ul id="stale">${[
      ...g.stale.map((i) => `<li><code>${h(i.check)}</code> [${h(i.engine)}] is ${h(i.verdict)}${i.baseline ? ` — ${refText(i.baseline)}` : ''}</li>`),
      ...g.staleQuirks.map((q) => `<li>${refText(q)} — no fuzz check reported this quirk</li>`),
    ].join('')}</ul>`);
  }
  if (g.otherFailures.length) {
    parts.push(`<h3>Other failures</h3><ul id="other-failures">${g.otherFailures.map((f) => `<li>${f.project ? `[${h(f.project)}] ` : ''}${h(f.title)}: <code>${h(f.message)}</code></li>`).join('')}</ul>`);
  }
  if (g.unverified.length) {
    parts.push(`<details><summary>${g.unverified.length} baseline entr${g.unverified.length === 1 ? 'y' : 'ies'} not exercised by this run</summary><ul>${g.unverified.map((r) => `<li>${refText(r)}</li>`).join('')}</ul></details>`);
  }
  if (g.needsTriage?.length) {
    parts.push(`<details id="needs-triage"><summary>${g.needsTriage.length} baseline entr${g.needsTriage.length === 1 ? 'y needs' : 'ies need'} triage (no link, or still “TODO: triage”)</summary><ul>${g.needsTriage.map((t) => `<li>${refText(t.entry)} — <strong>${h(t.problems.join(', '))}</strong></li>`).join('')}</ul></details>`);
  }
  if (!parts.length) return '';
  return `<section id="gate-details"><h2>Gate</h2>${parts.join('\n')}</section>`;
}

function enginesSection(report: ConformanceReport): string {
  const rows = columns(report)
    .map((e) => {
      const info = report.engines[e];
      if (!info) return `<tr data-engine="${e}"><th scope="row">${e}</th><td colspan="4" class="muted">not run</td></tr>`;
      return `<tr data-engine="${e}"><th scope="row">${e}</th><td>${h(info.project)}</td><td>${info.version ? h(info.version) : '<span class="muted">unknown</span>'}</td><td>${info.driver ? h(info.driver) : '<span class="muted">unknown</span>'}</td><td>${info.executable ? `<code>${h(info.executable)}</code>` : ''}</td></tr>`;
    })
    .join('\n');
  return `<section id="engines"><h2>Engines</h2><table><thead><tr><th>Engine</th><th>Project</th><th>Version</th><th>Driven by</th><th>Executable</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

/** Verify mode (--repeat N): per engine, how many checks ran more than once, how many flipped, and the flips. */
function verifySection(report: ConformanceReport, anchor: (id: string, e: Engine) => string): string {
  const repeated = report.checks.some((c) => Object.values(c.results).some((r) => r?.runs));
  if (!report.run.repeat && !repeated) return '';
  const rows = columns(report)
    .filter((e) => report.engines[e])
    .map((e) => {
      const results = report.checks.map((c) => [c, c.results[e]] as const).filter(([, r]) => r?.runs);
      const flaky = results.filter(([, r]) => r!.flaky);
      const flips = flaky.reduce((n, [, r]) => n + r!.runs!.flips, 0);
      const list = flaky.map(([c, r]) => `<a href="#${h(anchor(c.id, e))}"><code>${h(c.id)}</code></a> ${r!.runs!.flips}↺${r!.gate === 'expected' ? ' <small>(known)</small>' : ''}`).join(', ');
      return `<tr data-engine="${e}" data-flaky="${flaky.length}"><th scope="row">${e}</th><td>${results.length}</td><td>${flaky.length}</td><td>${flips}</td><td>${list || '<span class="muted">none</span>'}</td></tr>`;
    })
    .join('');
  return `<section id="verify"><h2>Verify${report.run.repeat ? ` (every check ${report.run.repeat}×)` : ''}</h2><p class="meta">A check whose verdict changes between runs is flaky; it fails the gate unless the baseline lists it with <code>"expect": "flaky"</code> and a reason.</p><table><thead><tr><th>Engine</th><th>Checks run more than once</th><th>Flaky</th><th>Flips</th><th>Which</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

function matrixSection(report: ConformanceReport): string {
  const cols = columns(report);
  const head = cols
    .map((e) => {
      const info = report.engines[e];
      const sub = info ? `<br><small>${h(info.version ?? 'version unknown')}${info.driver ? ` · ${h(info.driver)}` : ''}</small>` : '<br><small class="muted">not run</small>';
      return `<th scope="col" data-engine="${e}">${e}${sub}</th>`;
    })
    .join('');
  const rows = AREAS.map((area) => {
    const s = report.summary.find((x) => x.area === area);
    const total = report.checks.filter((c) => c.area === area).length;
    const cells = cols
      .map((e) => {
        const c = s?.engines[e];
        if (!c || !report.engines[e]) return `<td data-engine="${e}" class="muted">not run</td>`;
        if (VERDICTS.every((v) => c[v] === 0)) return `<td data-engine="${e}" class="muted">no checks</td>`;
        const badges = VERDICTS.map((v) => {
          const n = c[v];
          const label = `${VERDICT_SIGN[v]} ${n}`;
          const body = n && (v === 'deviation' || v === 'error') ? `<a href="#dev-${area}">${label}</a>` : label;
          return `<span class="n ${v}${n ? '' : ' zero'}" data-verdict="${v}" data-count="${n}" title="${v}">${body}</span>`;
        }).join('');
        return `<td data-engine="${e}">${badges}</td>`;
      })
      .join('');
    return `<tr data-area="${area}"><th scope="row">${area} <small class="muted">(${total})</small></th>${cells}</tr>`;
  }).join('\n');
  const legend = VERDICTS.map((v) => `<span class="n ${v}">${VERDICT_SIGN[v]} ${v}</span>`).join(' ');
  return `<section><h2>Matrix</h2><p class="meta">${legend}</p><table id="matrix"><thead><tr><th scope="col">Area</th>${head}</tr></thead><tbody>\n${rows}\n</tbody></table></section>`;
}

/** The late events of an observation (Outcome.lateEvents), as a table. */
function lateTable(r: CheckResult): string {
  const late = r.observed?.lateEvents;
  if (!late?.length) return '';
  return `<h4>Late events (read after the outcome was first read; part of the observation)</h4><table class="late"><thead><tr><th>Event</th><th>Worker</th><th>Detail</th><th>After the read</th></tr></thead><tbody>${late
    .map((l) => `<tr><td>${h(l.type)}</td><td><code>${h(l.worker)}</code></td><td>${l.detail !== undefined ? `<code>${h(l.detail)}</code>` : ''}</td><td>${l.afterReadMs} ms</td></tr>`)
    .join('')}</tbody></table>`;
}

function drill(c: CheckEntry, e: Engine, r: CheckResult, id: string): string {
  const diff = r.diff?.length
    ? `<h4>Diff (model vs ${e})</h4><table class="diff"><thead><tr><th>Path</th><th>Model</th><th>${e}</th></tr></thead><tbody>${r.diff
        .map((d) => `<tr><td>${h(d.path)}</td><td>${'predicted' in d ? h(compact(d.predicted, 400)) : '<span class="muted">(absent)</span>'}</td><td>${'observed' in d ? h(compact(d.observed, 400)) : '<span class="muted">(absent)</span>'}</td></tr>`)
        .join('')}</tbody></table>`
    : '';
  const scenario = r.scenario ?? c.scenario;
  const predicted = r.predicted ?? c.predicted;
  const fuzz = r.fuzz
    ? `<p>Fuzz: seed <code>${r.fuzz.seed}</code>${r.fuzz.path !== undefined ? `, path <code>${h(r.fuzz.path)}</code>` : ''}, ${r.fuzz.runs} runs${r.fuzz.quirk ? `, quirk <code>${h(r.fuzz.quirk)}</code>` : ''}${r.fuzz.quirks?.length ? `, quirks met <code>${h(r.fuzz.quirks.join(', '))}</code>` : ''}</p>`
    : '';
  return `<details class="drill" id="${h(id)}" data-check="${h(c.id)}" data-engine="${e}" data-verdict="${r.verdict}" data-gate="${r.gate}">
<summary><code>${h(c.id)}</code> · ${e} · ${verdictBadge(r)} — ${h(c.title)}</summary>
<div class="body">
${r.detail ? `<p class="detail">${h(r.detail)}</p>` : ''}
${r.baseline ? `<p>Baseline: ${refText(r.baseline)}</p>` : ''}
${r.runs ? `<p class="runs">Ran ${r.runs.verdicts.length} times: ${h(r.runs.verdicts.join(' → '))} (${r.runs.flips} flip${r.runs.flips === 1 ? '' : 's'}; the worst verdict counts)</p>` : ''}
<p>Spec: ${specList(c.spec)}</p>
${fuzz}${diff}${lateTable(r)}
<h4>Minimal scenario</h4>${scenario ? `<pre class="scenario">${json(scenario)}</pre>` : '<p class="muted">no scenario recorded (the harness failed before producing a record)</p>'}
<div class="cols"><div><h4>Model predicts</h4>${predicted ? `<pre>${json(predicted)}</pre>` : '<p class="muted">—</p>'}</div>
<div><h4>${e} observed</h4>${r.observed ? `<pre>${json(r.observed)}</pre>` : '<p class="muted">nothing observed</p>'}</div></div>
</div></details>`;
}

function deviationsSection(report: ConformanceReport, anchor: (id: string, e: Engine) => string): string {
  const groups: string[] = [];
  for (const area of AREAS) {
    const items: string[] = [];
    for (const c of report.checks) {
      if (c.area !== area) continue;
      for (const e of ENGINES) {
        const r = c.results[e];
        if (r && (r.verdict === 'deviation' || r.verdict === 'error' || r.flaky)) items.push(drill(c, e, r, anchor(c.id, e)));
      }
    }
    if (items.length) groups.push(`<div id="dev-${area}" class="dev-area" data-area="${area}"><h3>${area}</h3>\n${items.join('\n')}</div>`);
  }
  return `<section id="deviations"><h2>Deviations and errors</h2>${groups.length ? groups.join('\n') : '<p class="muted">None: every engine matched the model.</p>'}</section>`;
}

const INTEROP_LABEL: Record<InteropKind, string> = {
  'engines-agree-model-differs': 'engines agree, the model differs',
  'one-engine-differs': 'one engine differs',
  'engines-disagree': 'engines disagree',
};

/**
 * Checks where the engines disagree with each other (or all agree against the model), grouped by
 * area (reports/interop.ts). Per engine the verdict and the letter of its behaviour group, so a
 * reader sees who does what alike; below, each group's behaviour.
 */
function interopSection(report: ConformanceReport, anchor: (id: string, e: Engine) => string): string {
  const rows = interopRows(report);
  const cols = columns(report);
  const counts = (Object.keys(INTEROP_LABEL) as InteropKind[]).map((k) => `<span data-kind="${k}" data-count="${rows.filter((r) => r.kind === k).length}">${INTEROP_LABEL[k]}: ${rows.filter((r) => r.kind === k).length}</span>`).join(' · ');
  const areas = AREAS.filter((a) => rows.some((r) => r.area === a))
    .map((area) => {
      const body = rows
        .filter((r) => r.area === area)
        .map((r) => {
          const letter = (e: Engine) => {
            const i = r.groups.findIndex((g) => g.engines.includes(e));
            return i < 0 ? '' : String.fromCharCode(65 + i);
          };
          const cells = cols
            .map((e) => {
              const res = report.checks.find((c) => c.id === r.check)!.results[e];
              const l = letter(e);
              const link = res && (res.verdict === 'deviation' || res.verdict === 'error') ? anchor(r.check, e) : undefined;
              return `<td data-engine="${e}"${l ? ` data-group="${l}"` : ''}${r.odd === e ? ' class="odd"' : ''}>${verdictBadge(res, link)}${l ? ` <b class="grp">${l}</b>` : res ? ' <small class="muted">not compared</small>' : ''}</td>`;
            })
            .join('');
          const groups = r.groups.map((g, i) => `<li><b class="grp">${String.fromCharCode(65 + i)}</b> ${g.engines.join(', ')}: ${g.model ? 'as the model predicts' : h(g.behaviour)}</li>`).join('');
          return `<tr data-check="${h(r.check)}" data-kind="${r.kind}"${r.odd ? ` data-odd="${r.odd}"` : ''}><td><code>${h(r.check)}</code><br><small>${h(r.title)}</small></td><td>${INTEROP_LABEL[r.kind]}${r.odd ? `: <strong>${r.odd}</strong>` : ''}<ul class="groups">${groups}</ul></td>${cells}</tr>`;
        })
        .join('\n');
      return `<h3>${area}</h3><table class="interop" data-area="${area}"><thead><tr><th>Check</th><th>Engines</th>${cols.map((e) => `<th data-engine="${e}">${e}</th>`).join('')}</tr></thead><tbody>\n${body}\n</tbody></table>`;
    })
    .join('\n');
  return `<section id="interop"><h2>Interop</h2><p class="meta">Checks where the engines do not all behave alike, whatever the model says, and where they all agree but not with the model. Engines with the same letter behave the same way; a harness error is never compared. ${counts}</p>${areas || '<p class="muted">Every engine behaves alike in every check.</p>'}</section>`;
}

function explainerSection(report: ConformanceReport, anchor: (id: string, e: Engine) => string): string {
  const claims = report.checks.filter((c) => c.explainer);
  if (!claims.length) return '';
  const cols = columns(report);
  const rows = claims
    .map((c) => {
      const x = c.explainer!;
      const cells = cols.map((e) => `<td data-engine="${e}">${verdictBadge(c.results[e], c.results[e] && c.results[e]!.verdict !== 'pass' && c.results[e]!.verdict !== 'unsupported' ? anchor(c.id, e) : undefined)}</td>`).join('');
      return `<tr data-check="${h(c.id)}"><td><code>${h(c.id)}</code><br>${h(c.title)}</td><td>${h(x.section)}</td><td>${h(x.claim)}</td><td>${h(x.predicts)}</td><td class="${x.specAgrees ? 'agree' : 'disagree'}">${x.specAgrees ? 'agrees' : '<strong>differs</strong>'}<br><small>${specList(c.spec)}</small></td>${cells}</tr>`;
    })
    .join('\n');
  return `<section><h2>Explainer claims</h2><p class="meta">Where the explainer made a claim: what it predicts, whether today's spec (the model) agrees, and what each engine does.</p>
<table id="explainer"><thead><tr><th>Check</th><th>Section</th><th>Explainer claim</th><th>Explainer predicts</th><th>Spec</th>${cols.map((e) => `<th data-engine="${e}">${e}</th>`).join('')}</tr></thead><tbody>\n${rows}\n</tbody></table></section>`;
}

/** The per-design rows, in the seed's order, then today's platform. */
const DESIGN_ORDER = ['navigator-connect', 'local-lookaside-fetch', 'universal-lookaside-fetch', 'stashed-message-ports', 'plain-cross-origin-fetch'];

/** What the native check of a design says about an engine. */
function nativeLabel(r: CheckResult | undefined): string {
  if (!r) return '';
  switch (r.verdict) {
    case 'unsupported':
      return `native: absent${r.detail ? ` (${h(r.detail)})` : ''}`;
    case 'pass':
      return 'native: present, behaves as the model';
    case 'deviation':
      return 'native: present, deviates from the model';
    case 'error':
      return 'native: not determined (harness error)';
  }
}

function worstOf(results: CheckResult[]): CheckResult | undefined {
  const rank: Record<VerdictKind, number> = { error: 3, deviation: 2, unsupported: 1, pass: 0 };
  return [...results].sort((a, b) => rank[b.verdict] - rank[a.verdict])[0];
}

/**
 * One row per design (checks whose records carry `proposal`): the design's model and what the
 * model predicts for each of its checks; per engine the shim's verdicts (worst first, and how many
 * pass) and the native check's verdict, with the design's history.
 */
function designRows(checks: CheckEntry[], cols: Engine[], anchor: (id: string, e: Engine) => string): string {
  const byDesign = new Map<string, CheckEntry[]>();
  for (const c of checks) {
    if (!c.proposal) continue;
    const list = byDesign.get(c.proposal.design) ?? [];
    list.push(c);
    byDesign.set(c.proposal.design, list);
  }
  if (!byDesign.size) return '';
  const order = [...byDesign.keys()].sort((a, b) => (DESIGN_ORDER.indexOf(a) + 1 || 99) - (DESIGN_ORDER.indexOf(b) + 1 || 99) || (a < b ? -1 : 1));
  const rows = order.map((design) => {
    const list = byDesign.get(design)!;
    const p = list[0]!.proposal!;
    const native = list.find((c) => c.proposal!.via === 'native');
    const shim = list.filter((c) => c.proposal!.via !== 'native');
    const story = native?.proposal?.native;
    const history = story
      ? `<p><small>${h(story.summary)}</small></p><details><summary>history</summary><ul>${story.history
          .map((e) => `<li>${h(e.date)} — ${h(e.what)} <a href="${h(e.source)}" rel="noreferrer">source</a>${e.unsure ? ' <small>(unsure)</small>' : ''}</li>`)
          .join('')}</ul></details>`
      : '';
    const model = `<p>${h(p.model)}</p><ul>${list
      .map((c) => `<li><code>${h(c.id.replace(/^proposals\//, ''))}</code>: <code>${h(compact(c.predicted?.steps[c.predicted.steps.length - 1] ?? null, 120))}</code></li>`)
      .join('')}</ul>`;
    const cells = cols
      .map((e) => {
        const parts: string[] = [];
        const results = shim.map((c) => c.results[e]).filter((r): r is CheckResult => r !== undefined);
        if (shim.length) {
          const worst = worstOf(results);
          const bad = shim.find((c) => c.results[e] && (c.results[e]!.verdict === 'deviation' || c.results[e]!.verdict === 'error'));
          const passed = results.filter((r) => r.verdict === 'pass').length;
          const label = p.design === 'plain-cross-origin-fetch' ? 'platform' : 'shim';
          parts.push(`<span data-part="shim">${label}: ${verdictBadge(worst, bad ? anchor(bad.id, e) : undefined)} <small>${passed}/${shim.length} pass</small></span>`);
        }
        if (native) {
          const r = native.results[e];
          const link = r && (r.verdict === 'deviation' || r.verdict === 'error') ? anchor(native.id, e) : undefined;
          parts.push(`<span data-part="native">${r ? verdictBadge(r, link) : verdictBadge(undefined)}<br><small>${nativeLabel(r)}</small></span>`);
        }
        return `<td data-engine="${e}">${parts.join('<br>')}</td>`;
      })
      .join('');
    return `<tr data-design="${h(design)}"><td><strong>${h(p.title)}</strong><br><small>seed lines ${h(p.seedLines)}</small>${history}</td><td>${model}</td>${cells}</tr>`;
  });
  return `<table id="proposal-designs"><thead><tr><th>Design</th><th>Model</th>${cols.map((e) => `<th data-engine="${e}">${e}</th>`).join('')}</tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

function proposalsSection(report: ConformanceReport, anchor: (id: string, e: Engine) => string): string {
  const designs = report.checks.filter((c) => c.area === 'proposals');
  if (!designs.length) return '';
  const cols = columns(report);
  const rows = designs
    .map((c) => {
      const cells = cols
        .map((e) => {
          const r = c.results[e];
          // A check that names its design says what it ran; an older record is read as a native check.
          const via = c.proposal?.via;
          const native = !r ? '' : via === undefined ? (r.verdict === 'unsupported' ? `<br><small>native: absent${r.detail ? ` (${h(r.detail)})` : ''}</small>` : r.verdict === 'error' ? '' : '<br><small>native: present</small>') : via === 'native' ? `<br><small>${nativeLabel(r)}</small>` : `<br><small>${h(via)}</small>`;
          return `<td data-engine="${e}">${verdictBadge(r, r && (r.verdict === 'deviation' || r.verdict === 'error') ? anchor(c.id, e) : undefined)}${native}</td>`;
        })
        .join('');
      const model = c.predicted ? `<code>${h(compact(c.predicted.steps))}</code>` : '<span class="muted">—</span>';
      return `<tr data-check="${h(c.id)}"><td><code>${h(c.id)}</code><br>${h(c.title)}</td><td>${model}</td>${cells}</tr>`;
    })
    .join('\n');
  const perDesign = designRows(designs, cols, anchor);
  return `<section><h2>Proposals</h2><p class="meta">One row per design: what the model of the proposal predicts, the verdicts of the shim that implements it on today's platform, and whether the engine supports it natively (absent: unsupported, with the design's history).</p>
${perDesign}
<h3>Every proposals check</h3>
<table id="proposals"><thead><tr><th>Check</th><th>Model predicts</th>${cols.map((e) => `<th data-engine="${e}">${e}</th>`).join('')}</tr></thead><tbody>\n${rows}\n</tbody></table></section>`;
}

/** Every result that caught late events: a link to its drill-down among the deviations, or a drill-down here. */
function lateSection(report: ConformanceReport, anchor: (id: string, e: Engine) => string): string {
  const items = report.lateEvents.items;
  if (!items.length) return '';
  const rows = items.map((i) => {
    const c = report.checks.find((x) => x.id === i.check);
    const r = c?.results[i.engine];
    if (!c || !r) return '';
    if (r.verdict === 'deviation' || r.verdict === 'error') {
      return `<p data-check="${h(c.id)}" data-engine="${i.engine}" data-late="${i.events}"><a href="#${h(anchor(c.id, i.engine))}"><code>${h(c.id)}</code></a> · ${i.engine} · ${verdictBadge(r)} — ${i.events} late event${i.events === 1 ? '' : 's'} (see its drill-down above)</p>`;
    }
    return drill(c, i.engine, r, `late-${anchor(c.id, i.engine)}`);
  });
  return `<section id="late-events"><h2>Late events</h2><p class="meta">${items.length} result${items.length === 1 ? '' : 's'} whose observation caught worker reports after the outcome was first read (the end rule's late read): they are compared like any other observation.</p>
${rows.join('\n')}</section>`;
}

function allChecksSection(report: ConformanceReport, anchor: (id: string, e: Engine) => string): string {
  const cols = columns(report);
  const rows = report.checks
    .map((c) => {
      const cells = cols
        .map((e) => {
          const r = c.results[e];
          const attrs = r ? ` data-verdict="${r.verdict}"${r.flaky ? ' data-flaky=""' : ''}` : '';
          return `<td data-engine="${e}"${attrs}>${verdictBadge(r, r && (r.verdict === 'deviation' || r.verdict === 'error') ? anchor(c.id, e) : undefined)}</td>`;
        })
        .join('');
      return `<tr data-check="${h(c.id)}" data-area="${c.area}"><td><code>${h(c.id)}</code></td><td>${h(c.title)}</td><td><small>${specList(c.spec)}</small></td>${cells}</tr>`;
    })
    .join('\n');
  const options = (name: string, label: string, values: readonly string[]) => `<label>${label} <select name="${name}"><option value="">any</option>${values.map((v) => `<option>${h(v)}</option>`).join('')}</select></label>`;
  const areas = AREAS.filter((a) => report.checks.some((c) => c.area === a));
  const filter = `<form id="filter" role="search"><label>Search <input name="q" type="search" placeholder="id, title or spec section"></label> ${options('area', 'Area', areas)} ${options('engine', 'Engine', cols)} ${options('verdict', 'Verdict', [...VERDICTS, 'flaky'])} <output id="filter-count">${report.checks.length} of ${report.checks.length} checks</output></form>`;
  return `<section><h2>All checks</h2>${filter}<details id="all-checks"><summary>${report.checks.length} checks</summary>
<table id="checks"><thead><tr><th>Check</th><th>Title</th><th>Spec</th>${cols.map((e) => `<th data-engine="${e}">${e}</th>`).join('')}</tr></thead><tbody>\n${rows}\n</tbody></table></details></section>`;
}

export interface HtmlExtras {
  /** The runs of the history folder to show as a trend, oldest first, this run last (--history). */
  trend?: readonly HistoryEntry[];
}

export function renderHtml(report: ConformanceReport, extras: HtmlExtras = {}): string {
  const anchor = anchorFor(report);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>Service Workers conformance — ${h(report.gate.status.toUpperCase())}</title>
<style>${CSS}</style>
<script>${SCRIPT}</script>
</head>
<body>
${header(report)}
${gateSection(report, anchor)}
${enginesSection(report)}
${matrixSection(report)}
${trendSection(extras.trend ?? [])}
${verifySection(report, anchor)}
${interopSection(report, anchor)}
${deviationsSection(report, anchor)}
${lateSection(report, anchor)}
${explainerSection(report, anchor)}
${proposalsSection(report, anchor)}
${allChecksSection(report, anchor)}
</body>
</html>
`;
}
