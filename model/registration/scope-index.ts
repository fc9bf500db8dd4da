// An index over a set of scope strings that answers "the longest member that the given string
// starts with" — the question at the heart of Match Service Worker Registration step 6 — without
// scanning every scope. It is a radix tree (a trie whose edges carry strings): a lookup walks
// from the root along the client URL, one edge per branch point, remembering the last node that
// ends a scope. The cost depends on the URL and the branching, not on the number of scopes.
//
// Strings are compared as sequences of UTF-16 code units, i.e. exactly like
// String.prototype.startsWith, which is the spec's "starts with" for serialized (ASCII) URLs.

class RadixNode {
  /** The edge label from the parent to this node (empty only for the root). */
  label: string;
  /** The scope string that ends at this node, or null. */
  scope: string | null = null;
  /** Children keyed by the first code unit of their label. */
  children: Map<number, RadixNode> | null = null;

  constructor(label: string) {
    this.label = label;
  }
}

function commonPrefixLength(a: string, aStart: number, b: string): number {
  const max = Math.min(a.length - aStart, b.length);
  let i = 0;
  while (i < max && a.charCodeAt(aStart + i) === b.charCodeAt(i)) i++;
  return i;
}

export class ScopeIndex {
  readonly #root = new RadixNode('');
  #size = 0;

  /** Number of scope strings in the index. */
  get size(): number {
    return this.#size;
  }

  /** Add a non-empty scope string (no effect if present). */
  add(scope: string): void {
    if (scope === '') throw new RangeError('ScopeIndex: the empty string is not a scope');
    let node = this.#root;
    let pos = 0;
    for (;;) {
      if (pos === scope.length) {
        if (node.scope === null) {
          node.scope = scope;
          this.#size++;
        }
        return;
      }
      const first = scope.charCodeAt(pos);
      node.children ??= new Map();
      const child = node.children.get(first);
      if (child === undefined) {
        const leaf = new RadixNode(scope.slice(pos));
        leaf.scope = scope;
        node.children.set(first, leaf);
        this.#size++;
        return;
      }
      const k = commonPrefixLength(scope, pos, child.label);
      if (k < child.label.length) {
        // Split the edge: node → mid (common part) → child (rest of its label).
        const mid = new RadixNode(child.label.slice(0, k));
        child.label = child.label.slice(k);
        mid.children = new Map([[child.label.charCodeAt(0), child]]);
        node.children.set(first, mid);
        node = mid;
      } else {
        node = child;
      }
      pos += k;
    }
  }

  /** Remove a scope string; true if it was present. */
  delete(scope: string): boolean {
    const path: RadixNode[] = [this.#root];
    let node = this.#root;
    let pos = 0;
    while (pos < scope.length) {
      const child = node.children?.get(scope.charCodeAt(pos));
      if (child === undefined || !scope.startsWith(child.label, pos)) return false;
      pos += child.label.length;
      node = child;
      path.push(node);
    }
    if (node.scope !== scope) return false;
    node.scope = null;
    this.#size--;
    // Compact: drop a childless node, then merge a scope-less node that has a single child.
    const parent = path[path.length - 2];
    if (parent !== undefined && (node.children === null || node.children.size === 0)) {
      parent.children?.delete(node.label.charCodeAt(0));
      if (parent !== this.#root && parent.scope === null) this.#mergeSingleChild(parent);
    } else if (parent !== undefined) {
      this.#mergeSingleChild(node);
    }
    return true;
  }

  #mergeSingleChild(node: RadixNode): void {
    if (node.scope !== null || node.children === null || node.children.size !== 1) return;
    const only = node.children.values().next().value as RadixNode;
    node.label += only.label;
    node.scope = only.scope;
    node.children = only.children;
  }

  /** True when `scope` is in the index. */
  has(scope: string): boolean {
    let node = this.#root;
    let pos = 0;
    while (pos < scope.length) {
      const child = node.children?.get(scope.charCodeAt(pos));
      if (child === undefined || !scope.startsWith(child.label, pos)) return false;
      pos += child.label.length;
      node = child;
    }
    return node.scope === scope;
  }

  /** The longest scope string that `s` starts with, or null when none does. */
  longestPrefixOf(s: string): string | null {
    let node = this.#root;
    let pos = 0;
    let best: string | null = null;
    const length = s.length;
    for (;;) {
      const children = node.children;
      if (children === null || pos >= length) return best;
      const child = children.get(s.charCodeAt(pos));
      if (child === undefined || !s.startsWith(child.label, pos)) return best;
      pos += child.label.length;
      node = child;
      if (node.scope !== null) best = node.scope;
    }
  }
}
