// naive-ws: the `ws` package used the way most code uses it: one `ws.send` per message per
// socket. Clients subscribe with `{"op":"sub","sport":"<name>|*"}`; the publisher feeds
// text frames on `/ingest`.
import { createServer } from 'node:http';
import { type WebSocket, WebSocketServer } from 'ws';
import { announce, envPort, sportOf } from './common.js';

const subs = new Map<WebSocket, string | null>();
const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });

function publish(body: Buffer): void {
  const sport = sportOf(body);
  for (const [ws, want] of subs) {
    if (want === '*' || want === sport) ws.send(body, { binary: false });
  }
}

const http = createServer((_req, res) => res.writeHead(404).end());
http.on('upgrade', (req, socket, head) => {
  wss.handleUpgrade(req, socket, head, (ws) => {
    if (req.url === '/ingest') {
      ws.on('message', (data) => publish(data as Buffer));
      return;
    }
    subs.set(ws, null);
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as { op?: string; sport?: string };
      if (msg.op === 'sub' && typeof msg.sport === 'string') subs.set(ws, msg.sport);
    });
    ws.on('close', () => subs.delete(ws));
    ws.on('error', () => {});
  });
});
http.listen(envPort('BENCH_PORT'), '127.0.0.1', 2048);
announce([http]);
