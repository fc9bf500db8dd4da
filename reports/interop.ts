// The interop view: checks where the engines disagree with each other, whatever the model says.
// Pure. Each engine's result becomes a behaviour; engines with the same behaviour form a group:
//  - pass: the model's behaviour (every passing engine behaves alike as far as the spec fixes);
//  - deviation: what it observed where it differs from the model (its diff entries' observed
//    sides; two engines deviating the same way have the same entries, since the prediction is the
//    same);
//  - unsupported: the feature named.
// A harness error says nothing about the engine, so it is never compared ("undetermined"), and
// neither is a result on a scenario of its own (a fuzz counterexample found in that engine only).
import { ENGINES, type Area, type Engine } from '../contract/index.js';
import type { CheckResult, ConformanceReport } from './types.js';

export type InteropKind =
  /** Every engine behaves the same, and not as the model: a question for the model or the spec. */
  | 'engines-agree-model-differs'
  /** All but one engine behave alike: likely that engine's bug (or the others', if it alone passes). */
  | 'one-engine-differs'
  /** No majority: two engines that differ, or three that all differ. */
  | 'engines-disagree';

export interface InteropGroup {
  engines: Engine[];
  /** The group behaves as the model predicts. */
  model: boolean;
  /** One line: "as the model", "unsupported: X", or the first observed difference. */
  behaviour: string;
}

export interface InteropRow {
  check: string;
  area: Area;
  title: string;
  kind: InteropKind;
  /** one-engine-differs: the engine alone. */
  odd?: Engine;
  /** Largest group first. */
  groups: InteropGroup[];
  /** Engines whose result cannot be compared (harness error, own scenario). */
  undetermined: Engine[];
}

function behaviourOf(r: CheckResult): { key: string; model: boolean; label: string } | undefined {
  // A fuzz result on its own counterexample ran another scenario than the other engines did.
  if (r.verdict === 'error' || (r.fuzz !== undefined && r.scenario !== undefined)) return undefined;
  if (r.verdict === 'pass') return { key: 'pass', model: true, label: 'as the model predicts' };
  if (r.verdict === 'unsupported') return { key: `unsupported\u0000${r.detail ?? ''}`, model: false, label: `unsupported${r.detail ? `: ${r.detail}` : ''}` };
  const seen = (r.diff ?? []).map((d) => [d.path, d.observedAbsent || !('observed' in d) ? '(absent)' : d.observed]);
  const key = `deviation\u0000${JSON.stringify(seen.length ? seen : (r.observed ?? null))}`;
  const first = seen[0];
  const label = first ? `${String(first[0])} = ${JSON.stringify(first[1])}${seen.length > 1 ? ` (+${seen.length - 1} more)` : ''}` : 'deviates';
  return { key, model: false, label };
}

export function interopRows(report: ConformanceReport): InteropRow[] {
  const rows: InteropRow[] = [];
  for (const c of report.checks) {
    const groups = new Map<string, InteropGroup>();
    const undetermined: Engine[] = [];
    let determined = 0;
    for (const e of ENGINES) {
      const r = c.results[e];
      if (!r) continue;
      const b = behaviourOf(r);
      if (!b) {
        undetermined.push(e);
        continue;
      }
      determined++;
      const g = groups.get(b.key) ?? { engines: [], model: b.model, behaviour: b.label };
      g.engines.push(e);
      groups.set(b.key, g);
    }
    if (determined < 2) continue;
    const list = [...groups.values()].sort((a, b) => b.engines.length - a.engines.length);
    let kind: InteropKind;
    let odd: Engine | undefined;
    if (list.length === 1) {
      // All alike: nothing to see when they match the model, or when the feature is absent everywhere.
      if (list[0]!.model || list[0]!.behaviour.startsWith('unsupported')) continue;
      kind = 'engines-agree-model-differs';
    } else if (list.length === 2 && list[1]!.engines.length === 1 && list[0]!.engines.length >= 2) {
      kind = 'one-engine-differs';
      odd = list[1]!.engines[0]!;
    } else {
      kind = 'engines-disagree';
    }
    rows.push({ check: c.id, area: c.area, title: c.title, kind, ...(odd ? { odd } : {}), groups: list, undetermined });
  }
  return rows;
}
