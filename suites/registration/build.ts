// register() rows, shared by the registration table and the scope table (the default and given
// scopes a registration gets): one register() from a page, the script served as a worker.
import type { Area, HttpOptions, Scenario } from '../../contract/index.js';
import { registerScenario, smoke } from '../harness/build.js';

export const SR = (step: string) => `sw.bs § Start Register step ${step}`;
export const RJ = (step: string) => `sw.bs § Register step ${step}`;
export const UP = (step: string) => `sw.bs § Update, fetch hook step ${step}`;

export const PAGE = '{a}/registration/page.html';

export interface RegisterRow {
  /** The case; the check id is "<area>/<id>". */
  id: string;
  title: string;
  spec: string[];
  /** The registering page (default PAGE). */
  page?: string;
  script: string;
  scope?: string;
  http?: HttpOptions;
  smoke?: boolean;
}

export function registerRow(area: Area, r: RegisterRow): Scenario {
  const s = registerScenario(
    { id: `${area}/${r.id}`, area, title: r.title, spec: r.spec },
    { page: r.page ?? PAGE, script: r.script, ...(r.scope !== undefined ? { scope: r.scope } : {}), ...(r.http ? { http: r.http } : {}) },
  );
  return smoke(s, r.smoke === true);
}
