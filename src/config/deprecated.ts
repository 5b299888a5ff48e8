// Settings that moved. The old key still works: its value is carried to the new key (unless
// that is set too) and a warning names both. Listed in docs/configuration.md.

type Tree = Record<string, unknown>;

export const MOVED: Record<string, string> = {
  'stream.heartbeatMs': 'dialects.native.heartbeatMs',
  'stream.budgetBytes': 'dialects.native.budgetBytes',
  'stream.snapshotSegment': 'dialects.native.snapshotSegment',
};

const isTree = (v: unknown): v is Tree => typeof v === 'object' && v !== null && !Array.isArray(v);

function take(tree: Tree, path: string[]): { found: boolean; value?: unknown } {
  const [head, ...rest] = path;
  if (head === undefined || !(head in tree)) return { found: false };
  if (rest.length === 0) {
    const value = tree[head];
    delete tree[head];
    return { found: true, value };
  }
  const next = tree[head];
  return isTree(next) ? take(next, rest) : { found: false };
}

function has(tree: Tree, path: string[]): boolean {
  let node: unknown = tree;
  for (const p of path) {
    if (!isTree(node) || !(p in node)) return false;
    node = node[p];
  }
  return true;
}

function put(tree: Tree, path: string[], value: unknown): void {
  let node = tree;
  for (const p of path.slice(0, -1)) {
    const next = node[p];
    if (isTree(next)) node = next;
    else {
      const created: Tree = {};
      node[p] = created;
      node = created;
    }
  }
  node[path.at(-1)!] = value;
}

/** Moves old keys to their new place in a raw config tree; returns one warning per old key. */
export function migrate(tree: Tree): string[] {
  const warnings: string[] = [];
  for (const [from, to] of Object.entries(MOVED)) {
    const old = take(tree, from.split('.'));
    if (!old.found) continue;
    if (!has(tree, to.split('.'))) put(tree, to.split('.'), old.value);
    warnings.push(`config key ${from} is deprecated: use ${to}`);
  }
  return warnings;
}
