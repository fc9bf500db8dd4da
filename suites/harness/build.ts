// Small builders that keep suites as tables of data. They only assemble Scenario values.
import { resourceKeyFor, type Area, type ExplainerClaim, type HttpOptions, type Resource, type Scenario, type Step, type WorkerBehaviour } from '../../contract/index.js';

/** A generated worker script resource. */
export function worker(version: string, behaviour: Omit<WorkerBehaviour, 'version'> = {}, http?: HttpOptions): Resource {
  return { kind: 'worker', behaviour: { version, ...behaviour }, ...(http ? { http } : {}) };
}

export interface CheckMeta {
  id: string;
  area: Area;
  title: string;
  spec: string[];
  explainer?: ExplainerClaim;
}

export function scenario(meta: CheckMeta, steps: Step[], resources: Record<string, Resource> = {}): Scenario {
  return { ...meta, resources, steps };
}

/** register() from a page, the script served as a worker with the given HTTP options. */
export function registerScenario(
  meta: CheckMeta,
  o: {
    page?: string;
    script: string;
    scope?: string;
    http?: HttpOptions;
    /** Serve this resource at the script's URL instead of a worker (e.g. a redirect). */
    resource?: Resource;
    settle?: boolean;
    type?: 'classic' | 'module';
    after?: Step[];
  },
): Scenario {
  const page = o.page ?? '{a}/registration/page.html';
  const key = resourceKeyFor(page, o.script);
  const resources: Record<string, Resource> = {};
  if (key) resources[key] = o.resource ?? worker('v1', {}, o.http);
  const register: Step = {
    do: 'register',
    client: 'c1',
    script: o.script,
    ...(o.scope !== undefined ? { scope: o.scope } : {}),
    ...(o.type ? { type: o.type } : {}),
    ...(o.settle ? { settle: true } : {}),
  };
  return scenario(meta, [{ do: 'open', client: 'c1', url: page }, register, ...(o.after ?? [])], resources);
}

/** Tag for the small representative subset that `npm test` runs. */
export const SMOKE = '@smoke';

/** The row in that subset (`smoke: true`) when `when` holds; a generator passes the test for its representative row. */
export function smoke(row: Scenario, when = true): Scenario {
  return when ? { ...row, smoke: true } : row;
}
