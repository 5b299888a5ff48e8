// What a person at a terminal sees once the server is ready: where everything is and the key to
// try it with. Only a terminal gets it: logs and pipes never carry the key.
import type { Surface } from '../transports/http/home.js';

export interface BannerFacts {
  url: string;
  version: string;
  dashboardUrl?: string;
  demoKey: string | null;
  demoKeyFile: string | null;
  dataDir: string;
  surfaces: readonly Surface[];
}

export function banner(f: BannerFacts): string {
  const row = (label: string, text: string) => `  ${label.padEnd(14)}${text}`;
  const lines = [
    '',
    `  Linecast ${f.version} is ready at ${f.url}  (open it: it links everything)`,
    '',
  ];
  if (f.dashboardUrl) {
    const key = f.demoKey ? `?key=${f.demoKey}` : '?key=<your key>';
    lines.push(row('Dashboard', `${f.dashboardUrl}${key}`));
  }
  if (f.demoKey) lines.push(row('Demo API key', `${f.demoKey}  (stored in ${f.demoKeyFile})`));
  lines.push(row('Ingest', `POST ${f.url}/v1/ingest  (token in ${f.dataDir}/ingest-token)`));
  lines.push(row('API docs', `${f.url}/openapi.json  ${f.url}/asyncapi.yaml`));
  lines.push('', '  Streams by dialect (each takes the key; see /):');
  const width = Math.max(...f.surfaces.map((s) => s.dialect.length)) + 2;
  for (const s of f.surfaces) {
    const streams = [...s.websocket, ...s.sse];
    const shown = streams.slice(0, 3).join('  ');
    const more = streams.length > 3 ? `  (+${streams.length - 3} more)` : '';
    lines.push(`    ${s.dialect.padEnd(width)}${shown}${more}`);
  }
  return `${lines.join('\n')}\n\n`;
}
