// A Linecast WebSocket ingest connection from the bench's side: batches are JSON arrays of
// canonical items, each answered by one ack (or error) once durable. It counts acks, keeps at
// most `maxPending` batches unacknowledged (the server closes the socket past its own limit),
// and coalesces whatever is queued meanwhile into the next batch.
import type { Socket } from 'node:net';
import { Histogram } from '../histogram.js';
import type { IngestConnection, Ports } from '../targets.js';
import { connectWebSocket } from '../wire/connect.js';
import { FrameParser, OP_CLOSE, OP_PING, OP_PONG, OP_TEXT } from '../wire/frame-parser.js';
import { clientFrame } from '../wire/frames.js';
import { type BenchUpdate, nowUs } from '../workload.js';
import { INGEST_TOKEN, MAX_BATCH_ITEMS, MAX_PENDING_BATCHES } from './server.js';
import { eventItems, ingestReply, quoteItem } from './wire.js';

/** What a feeder publishes: its events (sent once, first) and the quote of each update. */
export interface FeedWorkload {
  events(now: number): string;
  quote(u: BenchUpdate): string;
}

/** Pre-match: one scheduled event per league an hour ahead, quotes of seven books. */
export const SCHEDULED: FeedWorkload = {
  events: (now) => eventItems(now + 3_600_000),
  quote: quoteItem,
};

export interface FeederCounts {
  batchesSent: number;
  itemsSent: number;
  accepted: number;
  rejected: number;
  errors: number;
  /** Accepted items that changed nothing (a repeated price): a workload bug if above 0. */
  unchanged: number;
  /** Head seq from the latest ack. */
  headSeq: number;
  firstError?: string;
}

export class LinecastFeeder {
  readonly counts: FeederCounts = {
    batchesSent: 0,
    itemsSent: 0,
    accepted: 0,
    rejected: 0,
    errors: 0,
    unchanged: 0,
    headSeq: -1,
  };
  pending = 0;
  closed = false;
  /** Called after every ack or error reply. */
  onReply: (() => void) | null = null;
  private queued: string[] = [];
  /** Send time (µs) of each unacknowledged batch, oldest first: acks come in order. */
  private readonly sentAt: number[] = [];
  /** Send-to-ack time of batches, µs: how long durability takes, its own figure. */
  readonly ackLatency = new Histogram();

  private constructor(
    private readonly socket: Socket,
    readonly maxPending: number,
  ) {}

  /** Connects, sends one event per bench league and waits for its ack. */
  static async open(
    ports: Ports,
    maxPending = MAX_PENDING_BATCHES - 16,
    workload: FeedWorkload = SCHEDULED,
  ): Promise<LinecastFeeder> {
    const { socket, head } = await connectWebSocket(
      ports.host,
      ports.port,
      `/v1/ingest/ws?token=${INGEST_TOKEN}`,
    );
    const f = new LinecastFeeder(socket, maxPending);
    const parser = new FrameParser((opcode, _fin, data, start, end) => {
      if (opcode === OP_TEXT) f.reply(data.toString('utf8', start, end));
      else if (opcode === OP_PING)
        socket.write(clientFrame(OP_PONG, Buffer.from(data.subarray(start, end))));
      else if (opcode === OP_CLOSE) socket.destroy();
    });
    socket.on('data', (chunk: Buffer) => parser.push(chunk));
    socket.on('error', () => {});
    socket.on('close', () => {
      f.closed = true;
    });
    if (head.length > 0) parser.push(head);
    await new Promise<void>((resolve, reject) => {
      f.onReply = () => {
        f.onReply = null;
        if (f.counts.accepted === 10 && f.counts.rejected === 0) resolve();
        else reject(new Error(`events not accepted: ${f.counts.firstError ?? 'rejected items'}`));
      };
      socket.once('close', () => reject(new Error('ingest socket closed')));
      f.sendRaw(workload.events(Date.now()), 10);
    });
    f.counts.accepted = 0;
    f.counts.itemsSent = 0;
    f.counts.batchesSent = 0;
    return f;
  }

  private reply(text: string): void {
    const r = ingestReply(text);
    if (r.kind === 'other') return;
    this.pending -= 1;
    const sent = this.sentAt.shift();
    if (sent !== undefined) this.ackLatency.record(nowUs() - sent);
    if (r.kind === 'ack') {
      this.counts.accepted += r.accepted;
      this.counts.rejected += r.rejected;
      this.counts.unchanged += countOf(text, '"unchanged"');
      if (r.seq > this.counts.headSeq) this.counts.headSeq = r.seq;
      if (r.rejected > 0 && this.counts.firstError === undefined) {
        const at = text.indexOf('"ok":false');
        this.counts.firstError = text.slice(at, at + 200);
      }
    } else {
      this.counts.errors += 1;
      this.counts.firstError ??= text.slice(0, 300);
    }
    if (this.queued.length > 0) this.flush();
    this.onReply?.();
  }

  private sendRaw(json: string, items: number): void {
    this.pending += 1;
    this.sentAt.push(nowUs());
    this.counts.batchesSent += 1;
    this.counts.itemsSent += items;
    this.socket.write(clientFrame(OP_TEXT, Buffer.from(json)));
  }

  /** Queues one item (canonical JSON); sent by the next `flush`. */
  queue(item: string): void {
    this.queued.push(item);
    if (this.queued.length >= MAX_BATCH_ITEMS) this.flush();
  }

  /** Sends everything queued as one batch, unless too many batches await their ack. */
  flush(): boolean {
    if (this.queued.length === 0 || this.pending >= this.maxPending || this.closed) return false;
    const items = this.queued.splice(0, MAX_BATCH_ITEMS);
    this.sendRaw(`[${items.join(',')}]`, items.length);
    return true;
  }

  get queuedItems(): number {
    return this.queued.length;
  }

  close(): void {
    this.socket.destroy();
  }
}

function countOf(text: string, needle: string): number {
  let n = 0;
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) n++;
  return n;
}

/**
 * Batches the open-loop publisher keeps unacknowledged: deep, so fan-out is measured the way the
 * baselines are fed, without waiting on durability. Linecast applies each batch as it arrives
 * and only its ack waits for the commit (src/transports/websocket/ingest.ts), so a shallow
 * window would put commit time into fan-out latency. Send-to-ack time is reported on its own
 * (`durability`). Below the bench server's `ingest.maxPendingBatches` (4,096).
 */
export const PUBLISHER_WINDOW = 512;

/** The open-loop publisher's connection: one batch per publisher tick, a deep window. */
export async function linecastIngest(
  ports: Ports,
  workload: FeedWorkload = SCHEDULED,
): Promise<IngestConnection> {
  const f = await LinecastFeeder.open(ports, PUBLISHER_WINDOW, workload);
  f.ackLatency.reset();
  let warned = false;
  f.onReply = () => {
    const c = f.counts;
    if (!warned && (c.rejected > 0 || c.errors > 0 || c.unchanged > 0)) {
      warned = true;
      console.error(
        `linecast ingest: rejected ${c.rejected}, errors ${c.errors}, unchanged ${c.unchanged}: ${c.firstError ?? ''}`,
      );
    }
  };
  return {
    send: (u: BenchUpdate) => f.queue(workload.quote(u)),
    flush: () => void f.flush(),
    close: () => f.close(),
    durability: () => {
      const h = f.ackLatency;
      const out = { p50Us: h.percentile(50), p99Us: h.percentile(99), batches: h.total };
      h.reset();
      return out;
    },
  };
}
