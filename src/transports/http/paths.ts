// Path patterns in a segment trie: lookup cost depends on the path's depth, not on how many
// patterns exist. `/v1/ws/odds/:sport` matches `/v1/ws/odds/nba` with params { sport: 'nba' };
// a literal segment wins over a parameter at the same depth.

interface Node<T> {
  literal: Map<string, Node<T>>;
  param: { name: string; node: Node<T> } | null;
  value: T | undefined;
}

const newNode = <T>(): Node<T> => ({ literal: new Map(), param: null, value: undefined });

export class PathTrie<T> {
  private readonly root = newNode<T>();

  /** The value at `pattern`, created with `make` if absent. Parameter names must agree. */
  upsert(pattern: string, make: () => T): T {
    let node = this.root;
    for (const seg of pattern.split('/').filter(Boolean)) {
      if (seg.startsWith(':')) {
        const name = seg.slice(1);
        if (node.param && node.param.name !== name) {
          throw new Error(`route ${pattern}: parameter :${name} clashes with :${node.param.name}`);
        }
        node.param ??= { name, node: newNode() };
        node = node.param.node;
      } else {
        let next = node.literal.get(seg);
        if (!next) {
          next = newNode();
          node.literal.set(seg, next);
        }
        node = next;
      }
    }
    node.value ??= make();
    return node.value;
  }

  /** Adds a value that must be alone at its pattern: nothing may silently shadow another. */
  add(pattern: string, value: T, what = 'route'): void {
    let fresh = false;
    this.upsert(pattern, () => {
      fresh = true;
      return value;
    });
    if (!fresh) throw new Error(`duplicate ${what} ${pattern}`);
  }

  /** Throws URIError for a parameter that is not valid percent-encoding. */
  match(path: string): { value: T; params: Record<string, string> } | null {
    const params: Record<string, string> = {};
    let node: Node<T> | undefined = this.root;
    for (const seg of path.split('/').filter(Boolean)) {
      const lit: Node<T> | undefined = node.literal.get(seg);
      if (lit) node = lit;
      else if (node.param) {
        params[node.param.name] = decodeURIComponent(seg);
        node = node.param.node;
      } else return null;
    }
    return node.value === undefined ? null : { value: node.value, params };
  }
}
