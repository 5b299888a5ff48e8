// The dashboard: GET /dashboard (the page, behind a key), its built assets, and a small JSON
// health endpoint. The page is a static bundle (built by scripts/build-dashboard.mjs into
// dist/dashboard-ui/ at `npm run build`, which `npm ci` runs); the server never builds anything.
import { readFileSync } from 'node:fs';
import type { IntervalHistogram } from 'node:perf_hooks';
import type { AuthResult } from '../auth/auth.js';
import { errorBody } from '../errors/catalogue.js';
import type { HistoryStore } from '../history/types.js';
import type { Hub } from '../hub/hub.js';
import type { Position } from '../model/types.js';
import { type HttpRequest, type HttpResponse, json, type Route } from '../seam/http.js';
import type { State } from '../state/state.js';

/** Where the build puts the assets; the same from src/dashboard/ (tsx) and dist/dashboard/. */
export const ASSETS_DIR = new URL('../../dist/dashboard-ui/', import.meta.url);

const TYPES: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
};

export interface DashboardStats {
  position: Position;
  connections: number;
  subscriptions: number;
  /** Event-loop delay, p99 over the last window, ms. */
  loopLagMs: number;
  /** Changes accepted but not yet durable in history, and the age of the oldest. */
  history: { queued: number; oldestMs: number };
}

/** What the dashboard reads from the running server. */
export interface DashboardDeps {
  auth: { authenticate(key: string | undefined, dialect: string): AuthResult };
  state: Pick<State, 'position'>;
  hub: Pick<Hub, 'connectionCount' | 'subscriptionCount'>;
  history: Pick<HistoryStore, 'lag'>;
  loopDelay: Pick<IntervalHistogram, 'percentile'>;
  clock(): number;
  assetsDir?: URL;
}

export function dashboardStats(deps: DashboardDeps): DashboardStats {
  return {
    position: deps.state.position(),
    connections: deps.hub.connectionCount,
    subscriptions: deps.hub.subscriptionCount,
    loopLagMs: deps.loopDelay.percentile(99) / 1e6,
    history: deps.history.lag(),
  };
}

export function dashboardRoutes(config: { enabled: boolean }, deps: DashboardDeps): Route[] {
  if (!config.enabled) return [];
  const dir = deps.assetsDir ?? ASSETS_DIR;
  const cache = new Map<string, Buffer>();
  const asset = (name: string): HttpResponse => {
    const type = TYPES[name];
    if (!type) return json(404, { error: errorBody('LC_ERR_REQUEST_NOT_FOUND') });
    let body = cache.get(name);
    if (!body) {
      try {
        body = readFileSync(new URL(name, dir));
      } catch {
        const detail = 'dashboard assets are not built: run npm run build';
        return json(500, { error: errorBody('LC_ERR_SERVER_INTERNAL', detail) });
      }
      cache.set(name, body);
    }
    return { status: 200, headers: { 'content-type': type, 'cache-control': 'no-cache' }, body };
  };
  /** The page and its data need a key that may stream natively; the bundle itself is public. */
  const guarded =
    (fn: () => HttpResponse): ((req: HttpRequest) => HttpResponse) =>
    (req) => {
      const r = deps.auth.authenticate(req.query.get('key') ?? undefined, 'native');
      if (r.ok) return fn();
      const code =
        r.reason === 'missing'
          ? 'LC_ERR_AUTH_MISSING'
          : r.reason === 'forbidden'
            ? 'LC_ERR_AUTH_FORBIDDEN'
            : r.reason === 'revoked'
              ? 'LC_ERR_AUTH_REVOKED'
              : 'LC_ERR_AUTH_INVALID';
      return json(code === 'LC_ERR_AUTH_FORBIDDEN' ? 403 : 401, {
        error: errorBody(code, 'open /dashboard?key=<API key>'),
      });
    };
  return [
    { method: 'GET', path: '/dashboard', handler: guarded(() => asset('index.html')) },
    {
      method: 'GET',
      path: '/dashboard/stats',
      handler: guarded(() => json(200, { at: deps.clock(), ...dashboardStats(deps) })),
    },
    {
      method: 'GET',
      path: '/dashboard/assets/:name',
      handler: (req) =>
        req.params['name'] === 'index.html' ? asset('') : asset(req.params['name'] ?? ''),
    },
  ];
}
