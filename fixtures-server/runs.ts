// Per-run state: the scenario's resources, the worker script versions served, and the log.
// Runs come into being when first named (by a request on one of their origins or by the control
// API) and are kept in least-recently-used order, bounded by limits.maxRuns.

import { HttpError } from './errors.js';
import type { Limits } from './limits.js';
import { ObservationLog } from './log.js';
import type { Resource, WorkerBehaviour } from './protocol.js';
import { jsonBytes, UNLIMITED, type MemoryBudget } from './budget.js';

export class Run {
  resources = new Map<string, Resource>();
  /** Per worker resource key: index of the version served (0 = behaviour, i = next[i - 1]). */
  readonly versions = new Map<string, number>();
  readonly log: ObservationLog;
  readonly createdAt = Date.now();
  /** Area "caches" (offline.ts): the run's scenario requests fail as network errors while false. */
  online = true;
  /** Budgeted bytes per resource key (the sum is this run's share of the memory budget for resources). */
  private resourceBytes = new Map<string, number>();

  constructor(
    readonly id: string,
    limits: Limits,
    private readonly budget: MemoryBudget = UNLIMITED(),
  ) {
    this.log = new ObservationLog(limits.maxEntriesPerRun, budget);
  }

  /**
   * Sizes the incoming resources and settles the difference with the budget before anything
   * changes, so a refused PUT/PATCH (413 "budget") leaves the run as it was.
   */
  private reserve(resources: Map<string, Resource>, replacesAll: boolean): Map<string, number> {
    const sizes = new Map<string, number>();
    let delta = 0;
    for (const [key, resource] of resources) {
      const size = jsonBytes(resource, 'resources') + key.length;
      sizes.set(key, size);
      delta += size - (replacesAll ? 0 : (this.resourceBytes.get(key) ?? 0));
    }
    if (replacesAll) for (const size of this.resourceBytes.values()) delta -= size;
    if (delta > 0) this.budget.take(delta, `the resources of run ${this.id}`);
    else this.budget.give(-delta);
    return sizes;
  }

  /** PUT: these resources replace all others; every worker script starts over at its first version. */
  setResources(resources: Map<string, Resource>): void {
    this.resourceBytes = this.reserve(resources, true);
    this.resources = resources;
    this.versions.clear();
  }

  /**
   * PATCH (the "serve" step): these resources replace the ones with the same keys, which start over
   * at their first version; every other resource keeps what it serves.
   */
  mergeResources(resources: Map<string, Resource>, max: number): void {
    let added = 0;
    for (const key of resources.keys()) if (!this.resources.has(key)) added++;
    if (this.resources.size + added > max) {
      throw new HttpError(400, `resources: more than ${max} resources in run ${this.id}`, 'resources');
    }
    const sizes = this.reserve(resources, false);
    for (const [key, resource] of resources) {
      this.resources.set(key, resource);
      this.resourceBytes.set(key, sizes.get(key)!);
      this.versions.delete(key);
    }
  }

  /** Gives this run's whole share back to the budget (the run is deleted or evicted). */
  release(): void {
    this.log.close();
    let bytes = 0;
    for (const size of this.resourceBytes.values()) bytes += size;
    this.budget.give(bytes);
    this.resourceBytes.clear();
  }

  /** The behaviour served now for a worker resource. */
  currentBehaviour(key: string, resource: Extract<Resource, { kind: 'worker' }>): WorkerBehaviour {
    const index = this.versions.get(key) ?? 0;
    return index === 0 ? resource.behaviour : resource.next![index - 1]!;
  }

  /** The bumpScript step: serve the next version from now on. */
  bump(key: string): { index: number; version: string } {
    const resource = this.resources.get(key);
    if (!resource) throw new HttpError(404, `run ${this.id} has no resource ${key}`, 'url');
    if (resource.kind !== 'worker') {
      throw new HttpError(400, `${key} is a ${resource.kind} resource; only worker resources have versions`, 'url');
    }
    const index = (this.versions.get(key) ?? 0) + 1;
    const available = resource.next?.length ?? 0;
    if (index > available) {
      throw new HttpError(409, `${key} has no version after index ${index - 1} (next[] has ${available})`, 'url');
    }
    this.versions.set(key, index);
    return { index, version: this.currentBehaviour(key, resource).version };
  }
}

export class RunStore {
  private readonly runs = new Map<string, Run>();

  constructor(
    private readonly limits: Limits,
    /** Shared by every run of the server (limits.memoryBudgetBytes). */
    private readonly budget: MemoryBudget = UNLIMITED(),
  ) {}

  get size(): number {
    return this.runs.size;
  }

  ids(): string[] {
    return [...this.runs.keys()];
  }

  peek(id: string): Run | undefined {
    return this.runs.get(id);
  }

  /** The run, created if needed; marks it most recently used and evicts the least recently used beyond the bound. */
  get(id: string): Run {
    let run = this.runs.get(id);
    if (run) {
      this.runs.delete(id);
      this.runs.set(id, run);
      return run;
    }
    run = new Run(id, this.limits, this.budget);
    this.runs.set(id, run);
    while (this.runs.size > this.limits.maxRuns) {
      const oldest = this.runs.keys().next().value as string;
      this.delete(oldest);
    }
    return run;
  }

  delete(id: string): boolean {
    const run = this.runs.get(id);
    if (!run) return false;
    this.runs.delete(id);
    run.release();
    return true;
  }

  clear(): void {
    for (const id of this.ids()) this.delete(id);
  }
}
