// Ingest flood process: pushes quotes over Linecast's WebSocket ingest as fast as its acks
// allow (a fixed window of batches in flight, each refilled when its ack arrives) and reports
// how many items were acknowledged (durable in history) per second.

import type { Ports } from '../targets.js';
import { nowUs, SPORTS } from '../workload.js';
import { type FeederCounts, LinecastFeeder } from './feeder.js';
import { quoteItem } from './wire.js';

export type ToFlood =
  | { type: 'open'; ports: Ports; window: number }
  | { type: 'go'; durationMs: number; batch: number };

export type FromFlood =
  | { type: 'ready'; error?: string }
  | ({ type: 'done'; elapsedMs: number; ackedPerSec: number } & FeederCounts);

function send(msg: FromFlood): void {
  process.send?.(msg);
}

let feeder: LinecastFeeder | null = null;
let window = 1;

async function run(msg: Extract<ToFlood, { type: 'go' }>): Promise<void> {
  const f = feeder;
  if (!f) throw new Error('flood: not open');
  let seq = 0;
  const start = performance.now();
  let stopAt = start + msg.durationMs;
  const fill = (): void => {
    if (performance.now() >= stopAt) return;
    while (f.pending < window && !f.closed) {
      const t = nowUs();
      for (let i = 0; i < msg.batch; i++, seq++)
        f.queue(quoteItem({ seq, sport: SPORTS[seq % SPORTS.length]!, t }));
      f.flush();
    }
  };
  await new Promise<void>((resolve) => {
    f.onReply = () => {
      fill();
      if (f.pending === 0 && (performance.now() >= stopAt || f.closed)) resolve();
    };
    fill();
    // A socket closed by the server ends the run too.
    const timer = setInterval(() => {
      if (f.closed) {
        stopAt = 0;
        clearInterval(timer);
        resolve();
      }
      if (f.pending === 0 && performance.now() >= stopAt) {
        clearInterval(timer);
        resolve();
      }
    }, 50);
  });
  const elapsedMs = performance.now() - start;
  send({
    type: 'done',
    elapsedMs: Math.round(elapsedMs),
    ackedPerSec: Math.round((f.counts.accepted * 1000) / elapsedMs),
    ...f.counts,
  });
  f.close();
}

process.on('message', (msg: ToFlood) => {
  if (msg.type === 'open') {
    window = msg.window;
    LinecastFeeder.open(msg.ports, msg.window).then(
      (f) => {
        feeder = f;
        send({ type: 'ready' });
      },
      (e: Error) => send({ type: 'ready', error: e.message }),
    );
  } else if (msg.type === 'go') {
    void run(msg);
  }
});
process.on('disconnect', () => process.exit(0));
