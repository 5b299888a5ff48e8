// A set of load-client processes sharing one range of connection indices.
import type { ChildProcess } from 'node:child_process';
import { Histogram } from './histogram.js';
import type { ClientCounters, FromClient, ToClient } from './ipc.js';
import { waitFor } from './messages.js';
import type { Children } from './procs.js';
import type { SeqStep } from './seq-clock.js';
import type { Ports } from './targets.js';

type Opened = Extract<FromClient, { type: 'opened' }>;
type Snap = Extract<FromClient, { type: 'snapshot' }>;
type Clocked = Extract<FromClient, { type: 'clocked' }>;
const isOpened = (m: unknown): m is Opened => (m as { type?: string })?.type === 'opened';

export interface GroupSnapshot extends ClientCounters {
  hist: Histogram;
  /** CPU microseconds of each client process, cumulative. */
  cpuByProc: number[];
}

export interface GroupOptions {
  target: string;
  ports: Ports;
  from: number;
  count: number;
  procs: number;
  readBytesPerSec?: number;
  /** Subscribed to nothing the publisher sends (connected load without deliveries). */
  idle?: boolean;
  /** Connection-open budget. */
  timeoutMs?: number;
}

const CLIENT_MODULE = new URL('./client.js', import.meta.url).pathname;

export class ClientGroup {
  private snapId = 0;
  private clockId = 0;
  private stopped = false;
  /** Latest once-a-second stats of each process. */
  readonly latest: ClientCounters[];

  private constructor(
    private readonly children: Children,
    private readonly procs: ChildProcess[],
  ) {
    this.latest = procs.map(() => ({ updates: 0, bytes: 0, open: 0, lost: 0, cpuUs: 0, lagUs: 0 }));
    for (const [i, p] of procs.entries()) {
      p.on('message', (m: FromClient) => {
        if (m.type === 'stats') this.latest[i] = m;
      });
    }
  }

  static async start(children: Children, o: GroupOptions): Promise<ClientGroup> {
    const procs: ChildProcess[] = [];
    const opens: Promise<Opened>[] = [];
    let from = o.from;
    for (let i = 0; i < o.procs; i++) {
      const count = Math.floor(o.count / o.procs) + (i < o.count % o.procs ? 1 : 0);
      const child = children.fork(CLIENT_MODULE);
      procs.push(child);
      opens.push(waitFor(child, isOpened, o.timeoutMs ?? 60_000, 'opening connections'));
      const init: ToClient = { type: 'init', target: o.target, ports: o.ports, from, count };
      if (o.readBytesPerSec) init.readBytesPerSec = o.readBytesPerSec;
      if (o.idle) init.idle = true;
      child.send(init);
      from += count;
    }
    const group = new ClientGroup(children, procs);
    const opened = await Promise.all(opens);
    const open = opened.reduce((a, r) => a + r.open, 0);
    const ready = opened.reduce((a, r) => a + r.ready, 0);
    if (open < o.count || ready < open) {
      await group.stop();
      const err = opened.find((r) => r.error)?.error ?? 'not subscribed in time';
      throw new Error(`only ${open}/${o.count} connections open, ${ready} ready: ${err}`);
    }
    return group;
  }

  reset(): void {
    for (const p of this.procs) p.send({ type: 'reset' } satisfies ToClient);
  }

  /**
   * Tells every process the clock of the next step (dialects that time frames by seq) and
   * resolves once all have it, so no frame of the step arrives before its clock.
   */
  async announce(step: SeqStep): Promise<void> {
    if (this.stopped) return;
    const id = ++this.clockId;
    const isClocked = (m: unknown): m is Clocked =>
      (m as { type?: string })?.type === 'clocked' && (m as { id?: number }).id === id;
    await Promise.all(
      this.procs.map((p) => {
        const answer = waitFor(p, isClocked, 10_000, 'step clock');
        p.send({ type: 'clock', id, step } satisfies ToClient);
        return answer;
      }),
    );
  }

  async snapshot(): Promise<GroupSnapshot> {
    const id = ++this.snapId;
    const isSnap = (m: unknown): m is Snap =>
      (m as { type?: string })?.type === 'snapshot' && (m as { id?: number }).id === id;
    const snaps = await Promise.all(
      this.procs.map((p) => {
        const answer = waitFor(p, isSnap, 10_000, 'snapshot');
        p.send({ type: 'snapshot', id } satisfies ToClient);
        return answer;
      }),
    );
    const hist = new Histogram();
    const out: GroupSnapshot = {
      hist,
      cpuByProc: snaps.map((s) => s.cpuUs),
      updates: 0,
      bytes: 0,
      open: 0,
      lost: 0,
      cpuUs: 0,
      lagUs: 0,
    };
    for (const s of snaps) {
      hist.addSparse(s.hist, s.max);
      out.updates += s.updates;
      out.bytes += s.bytes;
      out.open += s.open;
      out.lost += s.lost;
      out.cpuUs += s.cpuUs;
      out.lagUs = Math.max(out.lagUs, s.lagUs);
    }
    return out;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const p of this.procs) if (p.connected) p.send({ type: 'stop' } satisfies ToClient);
    await Promise.all(this.procs.map((p) => this.children.kill(p, 3000)));
  }
}
