// Small builders that keep suites as tables of data. They only assemble Scenario values.
import type { Area, ExplainerClaim, HttpOptions, Resource, Scenario, Step, WorkerBehaviour } from '../../model/scenario.js';

/** A generated worker script resource. */
export function worker(version: string, behaviour: Omit<WorkerBehaviour, 'version'> = {}, http?: HttpOptions): Resource {
  return { kind: 'worker', behaviour: { version, ...behaviour }, ...(http ? { http } : {}) };
}

/**
 * The "{role}/path" key under which the fixture server must serve `url` when a document at
 * `page` requests it: relative URLs resolve against the page; query and fragment are dropped.
 * Returns undefined for URLs that never reach the fixture server (other schemes, unparsable).
 */
export function resourceKey(page: string, url: string): string | undefined {
  const roles = ['a', 'b', 'insecure'] as const;
  const fake = (r: string) => `http://${r}.role.invalid`;
  const toFake = (s: string) => roles.reduce((acc, r) => acc.split(`{${r}}`).join(fake(r)), s);
  let resolved: URL;
  try {
    resolved = new URL(toFake(url), toFake(page));
  } catch {
    return undefined;
  }
  const role = roles.find((r) => resolved.origin === fake(r));
  return role ? `{${role}}${resolved.pathname}` : undefined;
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
  const key = resourceKey(page, o.script);
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
