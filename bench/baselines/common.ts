// What the baseline servers share: ports from the environment, a newline-JSON ingest
// listener, the ready line, and exiting when the harness goes away.
import { createServer, type Server } from 'node:net';

export const READY_LINE = 'BENCH_READY';

export function envPort(name: string): number {
  const v = Number(process.env[name]);
  if (!Number.isInteger(v) || v <= 0) throw new Error(`${name} must be a port number`);
  return v;
}

/** Calls `onLine` with each newline-terminated line (without the newline) from any ingest peer. */
export function listenLines(port: number, onLine: (line: Buffer) => void): Server {
  const server = createServer((socket) => {
    let rest: Buffer | null = null;
    socket.on('error', () => {});
    socket.on('data', (chunk: Buffer) => {
      const buf: Buffer = rest ? Buffer.concat([rest, chunk]) : chunk;
      let from = 0;
      for (let nl = buf.indexOf(10, from); nl >= 0; nl = buf.indexOf(10, from)) {
        onLine(buf.subarray(from, nl));
        from = nl + 1;
      }
      rest = from < buf.length ? Buffer.from(buf.subarray(from)) : null;
    });
  });
  server.listen(port, '127.0.0.1');
  return server;
}

/** Sport of an update body; parses it once, as a real server would. */
export function sportOf(body: Buffer): string {
  const parsed = JSON.parse(body.toString('utf8')) as { sport?: unknown };
  return typeof parsed.sport === 'string' ? parsed.sport : '';
}

/** Prints the ready line once every listener is up, and exits when the harness disconnects. */
export function announce(servers: Server[]): void {
  let waiting = servers.length;
  for (const s of servers) {
    const done = (): void => {
      waiting -= 1;
      if (waiting === 0) process.stdout.write(`${READY_LINE}\n`);
    };
    if (s.listening) done();
    else s.once('listening', done);
  }
  process.on('disconnect', () => process.exit(0));
  process.on('SIGTERM', () => process.exit(0));
}
