// Replays a recorded NDJSON Change file through ingest, at recorded speed times `speed`.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Change } from '../model/types.js';
import type { IngestItem } from './ingest/schema.js';

/** The ingest item that reproduces a Change's `after` state. */
export function changeToItem(c: Change): IngestItem {
  if (c.kind === 'event') {
    const { id, sport, league, home, away, players, startsAt, status, live } = c.after;
    return {
      type: 'event',
      id,
      sport,
      league,
      home,
      away,
      startsAt,
      status,
      ...(players ? { players } : {}),
      ...(live ? { live } : {}),
    };
  }
  const v = c.after;
  const p = v.price;
  const price =
    p === null
      ? null
      : p.american !== undefined
        ? { american: p.american }
        : { decimal: p.decimal };
  return {
    type: 'quote',
    ...c.key,
    price,
    status: v.status,
    main: v.main,
    sourceAt: v.sourceAt,
    ...(v.reason === undefined ? {} : { reason: v.reason }),
    ...(v.limit === undefined ? {} : { limit: v.limit }),
  };
}

export interface ReplayOptions {
  /** 1 = recorded pace; 10 = ten times faster; Infinity = as fast as ingest acknowledges. */
  speed: number;
  /** Items per ingest batch. */
  batchSize: number;
  send: (items: IngestItem[]) => Promise<void>;
  /** After each batch: items sent so far and bytes of the file read. */
  onProgress?: (sent: number, bytesRead: number) => void;
  sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Streams the file line by line, so a large recording never sits in memory. Returns items sent. */
export async function replayFile(path: string, opts: ReplayOptions): Promise<number> {
  const sleep = opts.sleep ?? realSleep;
  const input = createReadStream(path);
  const lines = createInterface({ input, crlfDelay: Infinity });
  let batch: IngestItem[] = [];
  let firstAt: number | null = null;
  let startedAt = 0;
  let sent = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const items = batch;
    batch = [];
    await opts.send(items);
    sent += items.length;
    opts.onProgress?.(sent, input.bytesRead);
  };
  let lineNo = 0;
  for await (const line of lines) {
    lineNo++;
    if (line.trim() === '') continue;
    let change: Change;
    try {
      change = JSON.parse(line) as Change;
    } catch {
      throw new Error(`line ${lineNo} is not JSON`);
    }
    if (firstAt === null) {
      firstAt = change.at;
      startedAt = Date.now();
    }
    if (Number.isFinite(opts.speed)) {
      const due = startedAt + (change.at - firstAt) / opts.speed;
      const wait = due - Date.now();
      if (wait > 0) {
        await flush();
        await sleep(wait);
      }
    }
    batch.push(changeToItem(change));
    if (batch.length >= opts.batchSize) await flush();
  }
  await flush();
  return sent;
}
