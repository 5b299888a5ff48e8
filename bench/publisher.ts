// Publisher process: open-loop. For each step it computes the send time of every message
// from the rate, sends whatever is due on each timer tick, and stamps each update with its
// scheduled time, so a lagging server (or publisher) shows up as latency.
import type { FromPublisher, ToPublisher } from './ipc.js';
import { findTarget } from './registry.js';
import { dueBy, type Schedule, scheduledAt, totalMessages } from './schedule.js';
import type { IngestConnection } from './targets.js';
import { nowUs, SPORTS } from './workload.js';

let ingest: IngestConnection | null = null;
let seq = 0;

function send(msg: FromPublisher): void {
  process.send?.(msg);
}

function runStep(id: number, rate: number, durationMs: number, startUs?: number): void {
  const conn = ingest;
  if (!conn) throw new Error('publisher not initialised');
  // Start slightly ahead so the first message is not already late (unless the harness chose
  // the start, to announce it to clients that time frames by seq).
  const s: Schedule = { startUs: startUs ?? nowUs() + 2000, rate, durationUs: durationMs * 1000 };
  const total = totalMessages(s);
  const perSport = SPORTS.map(() => 0);
  let sent = 0;
  let lateUs = 0;
  const tick = (): void => {
    const now = nowUs();
    const due = dueBy(s, now);
    for (; sent < due; sent++) {
      const t = scheduledAt(s, sent);
      const sportIndex = seq % SPORTS.length;
      conn.send({ seq, sport: SPORTS[sportIndex]!, t });
      perSport[sportIndex]! += 1;
      seq += 1;
      if (now - t > lateUs) lateUs = now - t;
    }
    conn.flush?.();
    if (sent < total) setTimeout(tick, 1);
    else {
      const durability = conn.durability?.();
      send({ type: 'done', id, sent, perSport, lateUs, ...(durability ? { durability } : {}) });
    }
  };
  setTimeout(tick, 2);
}

process.on('message', (msg: ToPublisher) => {
  switch (msg.type) {
    case 'init':
      findTarget(msg.target)
        .ingest(msg.ports)
        .then(
          (c) => {
            ingest = c;
            send({ type: 'ready' });
          },
          (err: Error) => send({ type: 'ready', error: err.message }),
        );
      break;
    case 'run':
      runStep(msg.id, msg.rate, msg.durationMs, msg.startUs);
      break;
    case 'stop':
      ingest?.close();
      process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));
