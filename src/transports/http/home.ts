// GET /: where everything is. A small HTML page for a browser (dashboard, API descriptions,
// each dialect's streams and REST), the same as JSON for a client that asks for JSON.
import type { HttpRequest, Route } from '../../seam/http.js';

/** What one dialect serves, where. */
export interface Surface {
  dialect: string;
  /** Base URL of the listener it serves on. */
  base: string;
  /** Full URLs of its WebSocket and SSE endpoints. */
  websocket: string[];
  sse: string[];
  rest: { method: string; path: string }[];
}

export interface Home {
  version: string;
  surfaces: Surface[];
  dashboard: boolean;
}

const LINKS = [
  ['/openapi.json', 'OpenAPI 3.1: native, admin and ingest REST (also /openapi.yaml)'],
  ['/asyncapi.yaml', 'AsyncAPI: the native WebSocket and SSE protocol'],
  ['/readyz', 'Readiness'],
  ['/metrics', 'Prometheus metrics'],
] as const;

const html = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Whether the client prefers JSON to HTML (an API client, not a browser). */
function wantsJson(req: HttpRequest): boolean {
  const accept = String(req.headers.accept ?? '');
  return /application\/json/.test(accept) && !/text\/html/.test(accept);
}

function page(home: Home): string {
  const li = (href: string, text: string) =>
    `<li><a href="${html(href)}">${html(href)}</a> ${html(text)}</li>`;
  const rows = home.surfaces.map((s) => {
    const streams = [...s.websocket, ...s.sse].map((u) => `<code>${html(u)}</code>`).join('<br>');
    const rest = s.rest
      .map((r) => `<code>${html(r.method)} ${html(s.base + r.path)}</code>`)
      .join('<br>');
    return `<tr><th>${html(s.dialect)}</th><td>${streams}</td><td>${rest}</td></tr>`;
  });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Linecast ${html(home.version)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem}
table{border-collapse:collapse}th,td{border-top:1px solid #ddd;padding:.4rem .8rem;text-align:left;vertical-align:top}
code{font-size:13px}</style></head><body>
<h1>Linecast ${html(home.version)}</h1>
<p>A real-time odds streaming server. Streams and REST take an API key (<code>?key=</code> or
<code>Authorization: Bearer</code>); the first start writes a demo key to <code>&lt;data-dir&gt;/demo-key</code>.</p>
<ul>
${home.dashboard ? li('/dashboard', 'Dashboard (open with ?key=YOUR_KEY)') : ''}
${LINKS.map(([href, text]) => li(href, text)).join('\n')}
</ul>
<h2>Endpoints by dialect</h2>
<table><tr><th>Dialect</th><th>Streams</th><th>REST</th></tr>
${rows.join('\n')}
</table>
<p>Guides: <code>README.md</code> and <code>docs/</code> in the source tree.</p>
</body></html>
`;
}

export function homeRoutes(home: () => Home): Route[] {
  return [
    {
      method: 'GET',
      path: '/',
      handler: (req) => {
        const h = home();
        if (wantsJson(req)) {
          return {
            status: 200,
            body: {
              name: 'linecast',
              version: h.version,
              ...(h.dashboard ? { dashboard: '/dashboard' } : {}),
              docs: Object.fromEntries(LINKS.map(([href, text]) => [href, text])),
              dialects: h.surfaces,
            },
          };
        }
        return {
          status: 200,
          headers: { 'content-type': 'text/html; charset=utf-8' },
          body: page(h),
        };
      },
    },
  ];
}
