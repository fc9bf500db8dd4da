// conformance.json → JUnit XML for CI systems, reflecting the gate rather than raw verdicts:
// one <testsuite> per engine, one <testcase> per check. A regression is a <failure> (deviation)
// or an <error> (harness error), a stale baseline entry a <failure>, an unsupported feature
// <skipped>; a known deviation passes with the baseline's reason in <system-out>. Failures the
// baseline cannot excuse (tests without a check id, global errors) go into a suite "other".
import { ENGINES } from '../contract/index.js';
import type { CheckResult, ConformanceReport } from './types.js';

function x(s: string): string {
  // XML 1.0 forbids most control characters even when escaped.
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

function diffText(r: CheckResult): string {
  return (r.diff ?? []).map((d) => `${d.path}: model ${'predicted' in d ? JSON.stringify(d.predicted) : '(absent)'} ≠ observed ${'observed' in d ? JSON.stringify(d.observed) : '(absent)'}`).join('\n');
}

export function renderJunit(report: ConformanceReport): string {
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let errors = 0;
  let skipped = 0;
  for (const engine of ENGINES) {
    const cases: string[] = [];
    let sf = 0;
    let se = 0;
    let ss = 0;
    for (const c of report.checks) {
      const r = c.results[engine];
      if (!r) continue;
      const name = `${c.id}: ${c.title}`;
      const time = (r.durationMs / 1000).toFixed(3);
      let body = '';
      if (r.gate === 'regression' && r.verdict === 'error') {
        se++;
        body = `<error message="${x(`harness error: ${r.detail ?? ''}`)}" type="error">${x(r.detail ?? '')}</error>`;
      } else if (r.gate === 'regression') {
        sf++;
        body = `<failure message="${x(`new deviation from the model in ${engine}`)}" type="deviation">${x(diffText(r) || r.detail || '')}</failure>`;
      } else if (r.gate === 'flaky') {
        sf++;
        body = `<failure message="${x(`flaky: the verdict changed between runs in ${engine} (${(r.runs?.verdicts ?? [r.verdict]).join(' ')}); not in the baseline as known flaky`)}" type="flaky">${x(diffText(r) || r.detail || '')}</failure>`;
      } else if (r.gate === 'stale') {
        sf++;
        body = `<failure message="${x(`stale baseline entry: ${c.id} is ${r.verdict} in ${engine}; update the baseline`)}" type="stale">${x(r.baseline?.reason ?? '')}</failure>`;
      } else if (r.verdict === 'unsupported') {
        ss++;
        body = `<skipped message="${x(`unsupported${r.detail ? `: ${r.detail}` : ''}`)}"/>`;
      } else if (r.gate === 'expected') {
        body = `<system-out>${x(`known ${r.verdict} (baseline: ${r.baseline?.reason ?? ''}${r.baseline?.link ? ` ${r.baseline.link}` : ''})\n${diffText(r) || r.detail || ''}`)}</system-out>`;
      }
      cases.push(`    <testcase classname="${x(`${engine}.${c.area}`)}" name="${x(name)}" time="${time}">${body}</testcase>`);
    }
    if (!cases.length) continue;
    tests += cases.length;
    failures += sf;
    errors += se;
    skipped += ss;
    suites.push(`  <testsuite name="${engine}" tests="${cases.length}" failures="${sf}" errors="${se}" skipped="${ss}">\n${cases.join('\n')}\n  </testsuite>`);
  }
  const g = report.gate;
  const otherCases = [
    ...g.staleQuirks.map((q) => `    <testcase classname="baseline" name="${x(`quirk ${q.quirk ?? ''} [${q.engine}]`)}"><failure message="${x('stale baseline quirk: no fuzz check reported it')}" type="stale">${x(q.reason)}</failure></testcase>`),
    ...g.otherFailures.map((f) => `    <testcase classname="${x(f.project || 'run')}" name="${x(f.title)}"><failure message="${x(f.message)}" type="other"/></testcase>`),
  ];
  if (otherCases.length) {
    tests += otherCases.length;
    failures += otherCases.length;
    suites.push(`  <testsuite name="other" tests="${otherCases.length}" failures="${otherCases.length}" errors="0" skipped="0">\n${otherCases.join('\n')}\n  </testsuite>`);
  }
  const time = (report.run.durationMs / 1000).toFixed(3);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="sw-conformance" tests="${tests}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${time}">\n${suites.join('\n')}\n</testsuites>\n`;
}
