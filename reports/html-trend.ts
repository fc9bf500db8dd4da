// The page's Trend section: per engine, a table of areas × the last runs of the history folder
// (oldest left, this run right), each cell pass / checks with the other verdicts in its title;
// a column header names the run's date, commit and the engine's version, and a cell whose pass
// count fell (or whose deviations and errors grew) since the previous run is marked "worse".
import { AREAS, ENGINES, type Area, type Engine } from '../contract/index.js';
import { escapeHtml as h } from './html-escape.js';
import type { HistoryEntry, VerdictCounts } from './types.js';

function countsOf(run: HistoryEntry, area: Area, engine: Engine): VerdictCounts | undefined {
  return run.summary.find((s) => s.area === area)?.engines[engine];
}

function total(c: VerdictCounts): number {
  return c.pass + c.deviation + c.unsupported + c.error;
}

function cell(c: VerdictCounts | undefined, prev: VerdictCounts | undefined): string {
  if (!c || total(c) === 0) return '<td class="muted">–</td>';
  const worse = prev && total(prev) > 0 && (c.pass < prev.pass || c.deviation + c.error > prev.deviation + prev.error);
  const better = prev && total(prev) > 0 && !worse && (c.pass > prev.pass || c.deviation + c.error < prev.deviation + prev.error);
  const title = `${c.pass} pass, ${c.deviation} deviation, ${c.unsupported} unsupported, ${c.error} error`;
  return `<td class="t${worse ? ' worse' : better ? ' better' : ''}" title="${title}" data-pass="${c.pass}" data-total="${total(c)}">${c.pass}/${total(c)}${c.deviation + c.error ? ` <small>≠${c.deviation + c.error}</small>` : ''}${c.unsupported ? ` <small>∅${c.unsupported}</small>` : ''}</td>`;
}

export function trendSection(runs: readonly HistoryEntry[]): string {
  if (runs.length === 0) return '';
  const tables = ENGINES.filter((e) => runs.some((r) => r.engines[e]))
    .map((e) => {
      const head = runs
        .map((r) => {
          const v = r.engines[e] ? (r.engines[e]!.version ?? 'version unknown') : 'not run';
          return `<th scope="col" data-run="${h(r.run.id)}">${h(r.run.date.slice(0, 16).replace('T', ' '))}${r.run.gitCommit ? `<br><code>${h(r.run.gitCommit.slice(0, 8))}</code>` : ''}<br><small>${h(v)}</small>${r.run.partial ? '<br><small class="muted">partial</small>' : ''}${r.run.repeat ? `<br><small>×${r.run.repeat}, ${r.flaky[e] ?? 0} flaky</small>` : ''}</th>`;
        })
        .join('');
      const rows = AREAS.filter((a) => runs.some((r) => countsOf(r, a, e) && total(countsOf(r, a, e)!) > 0))
        .map((a) => `<tr data-area="${a}"><th scope="row">${a}</th>${runs.map((r, i) => cell(countsOf(r, a, e), i > 0 ? countsOf(runs[i - 1]!, a, e) : undefined)).join('')}</tr>`)
        .join('\n');
      return `<h3>${e}</h3><table class="trend" data-engine="${e}"><thead><tr><th scope="col">Area</th>${head}</tr></thead><tbody>\n${rows}\n</tbody></table>`;
    })
    .join('\n');
  return `<section id="trend"><h2>Trend (last ${runs.length} run${runs.length === 1 ? '' : 's'})</h2><p class="meta">Checks passing per area, oldest run left, this run right; ≠ deviations and errors, ∅ unsupported. <span class="worse">worse</span> / <span class="better">better</span> than the run before.</p>\n${tables}</section>`;
}
