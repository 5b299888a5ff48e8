// REST routes by method and path pattern.
import type { Route } from '../../seam/http.js';
import { PathTrie } from './paths.js';

export type Match =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  | { kind: 'method_not_allowed'; allowed: string[] }
  | { kind: 'not_found' };

export class Router {
  private readonly trie = new PathTrie<Map<string, Route>>();
  private readonly all: Route[] = [];

  add(route: Route): void {
    const methods = this.trie.upsert(route.path, () => new Map());
    if (methods.has(route.method)) throw new Error(`duplicate route ${route.method} ${route.path}`);
    methods.set(route.method, route);
    this.all.push(route);
  }

  /** Every route's method and path pattern, in the order added (for tests and docs). */
  list(): { method: string; path: string }[] {
    return this.all.map((r) => ({ method: r.method, path: r.path }));
  }

  match(method: string, path: string): Match {
    const m = this.trie.match(path);
    if (!m || m.value.size === 0) return { kind: 'not_found' };
    const route = m.value.get(method) ?? (method === 'HEAD' ? m.value.get('GET') : undefined);
    if (!route) return { kind: 'method_not_allowed', allowed: [...m.value.keys()] };
    return { kind: 'found', route, params: m.params };
  }
}
