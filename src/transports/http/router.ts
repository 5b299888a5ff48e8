// A segment trie: lookup cost depends on the path's depth, not on how many routes exist.
import type { Route } from '../../seam/http.js';

interface Node {
  literal: Map<string, Node>;
  param: { name: string; node: Node } | null;
  routes: Map<string, Route>;
}

const newNode = (): Node => ({ literal: new Map(), param: null, routes: new Map() });

export type Match =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  | { kind: 'method_not_allowed'; allowed: string[] }
  | { kind: 'not_found' };

export class Router {
  private readonly root = newNode();

  add(route: Route): void {
    let node = this.root;
    for (const seg of route.path.split('/').filter(Boolean)) {
      if (seg.startsWith(':')) {
        const name = seg.slice(1);
        if (node.param && node.param.name !== name) {
          throw new Error(
            `route ${route.path}: parameter :${name} clashes with :${node.param.name}`,
          );
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
    if (node.routes.has(route.method))
      throw new Error(`duplicate route ${route.method} ${route.path}`);
    node.routes.set(route.method, route);
  }

  /** Every route's method and path pattern, in no particular order (for tests and docs). */
  list(): { method: string; path: string }[] {
    const out: { method: string; path: string }[] = [];
    const walk = (node: Node, prefix: string) => {
      for (const method of node.routes.keys()) out.push({ method, path: prefix || '/' });
      for (const [seg, next] of node.literal) walk(next, `${prefix}/${seg}`);
      if (node.param) walk(node.param.node, `${prefix}/:${node.param.name}`);
    };
    walk(this.root, '');
    return out;
  }

  match(method: string, path: string): Match {
    const params: Record<string, string> = {};
    let node: Node | undefined = this.root;
    for (const seg of path.split('/').filter(Boolean)) {
      const lit: Node | undefined = node.literal.get(seg);
      if (lit) node = lit;
      else if (node.param) {
        params[node.param.name] = decodeURIComponent(seg);
        node = node.param.node;
      } else return { kind: 'not_found' };
    }
    if (node.routes.size === 0) return { kind: 'not_found' };
    const route =
      node.routes.get(method) ?? (method === 'HEAD' ? node.routes.get('GET') : undefined);
    if (!route) return { kind: 'method_not_allowed', allowed: [...node.routes.keys()] };
    return { kind: 'found', route, params };
  }
}
