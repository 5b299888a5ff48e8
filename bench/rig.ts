// One target under test: its server process on fresh loopback ports, and the publisher that
// feeds it. Scenarios build on this and on ClientGroup. For a target whose clients time frames
// by seq (`ClientDialect.timestampOf`), the rig also chooses each step's start and announces
// the step's clock to the attached client groups before publishing.
import type { ChildProcess } from 'node:child_process';
import { connect, createServer, type Server } from 'node:net';
import type { ClientGroup } from './client-group.js';
import type { FromPublisher, ToPublisher } from './ipc.js';
import { waitFor } from './messages.js';
import type { Children } from './procs.js';
import type { SeqStep } from './seq-clock.js';
import type { Ports, Target } from './targets.js';
import { nowUs } from './workload.js';

type Done = Extract<FromPublisher, { type: 'done' }>;
type Ready = Extract<FromPublisher, { type: 'ready' }>;

const PUBLISHER_MODULE = new URL('./publisher.js', import.meta.url).pathname;
/**
 * How far ahead of now a seq-timed step starts: room for announcing its clock to every client
 * process (one IPC round trip each) and for the `run` message to reach the publisher.
 */
const CLOCK_LEAD_US = 50_000;

export async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  const ports: number[] = [];
  for (let i = 0; i < count; i++) {
    const s = createServer();
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    servers.push(s);
    const addr = s.address();
    if (addr && typeof addr === 'object') ports.push(addr.port);
  }
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

export class Rig {
  private publisher: ChildProcess | null = null;
  private runId = 0;
  /** Client groups that get each step's clock (seq-timed targets only). */
  private readonly clocked: ClientGroup[] = [];
  /** The server's head seq once the publisher was ready: before the first update's Change. */
  private seqBase = 0;
  /** Updates published so far: the publisher's next `seq`. */
  private published = 0;
  private warnedHead = false;

  private constructor(
    private readonly children: Children,
    readonly target: Target,
    readonly ports: Ports,
    readonly server: ChildProcess,
    readonly serverPid: number,
  ) {}

  /** Starts the target's server and waits until it accepts connections. */
  static async start(children: Children, target: Target, timeoutMs = 60_000): Promise<Rig> {
    if (target.client.timestampOf && !target.headSeq)
      throw new Error(`${target.name}: a dialect with timestampOf needs Target.headSeq`);
    const [port, ingestPort] = await freePorts(2);
    const ports: Ports = { host: '127.0.0.1', port: port!, ingestPort: ingestPort! };
    const spec = target.server(ports);
    const server = children.spawn(spec.command, spec.args, spec.env);
    let output = '';
    let ready = false;
    const onOut = (chunk: Buffer): void => {
      output = (output + chunk.toString()).slice(-4000);
      if (spec.readyLine && output.includes(spec.readyLine)) ready = true;
    };
    server.stdout?.on('data', onOut);
    server.stderr?.on('data', onOut);
    let exited = false;
    server.once('exit', () => {
      exited = true;
    });
    const deadline = Date.now() + timeoutMs;
    while (!ready) {
      if (exited) {
        target.cleanup?.(ports);
        throw new Error(`${target.name} server exited:\n${output}`);
      }
      if (Date.now() > deadline) {
        await children.kill(server);
        target.cleanup?.(ports);
        throw new Error(`${target.name} server not ready in ${timeoutMs} ms:\n${output}`);
      }
      if (!spec.readyLine)
        ready = (await canConnect(ports.port)) && (await canConnect(ports.ingestPort));
      await new Promise((r) => setTimeout(r, 50));
    }
    return new Rig(children, target, ports, server, server.pid!);
  }

  async startPublisher(): Promise<void> {
    const p = this.children.fork(PUBLISHER_MODULE);
    this.publisher = p;
    const ready = waitFor(
      p,
      (m): m is Ready => (m as Ready)?.type === 'ready',
      15_000,
      'publisher',
    );
    p.send({ type: 'init', target: this.target.name, ports: this.ports } satisfies ToPublisher);
    const r = await ready;
    if (r.error) throw new Error(`publisher could not connect to ${this.target.name}: ${r.error}`);
    // The publisher's ingest is ready once its setup (Linecast: one event per league) is
    // acknowledged, so every Change from here on is one update of this publisher, whose own
    // numbering starts at 0.
    this.published = 0;
    if (this.seqTimed) this.seqBase = await this.target.headSeq!(this.ports);
  }

  /** Whether the target's clients compute latency from a step clock (`timestampOf`). */
  get seqTimed(): boolean {
    return this.target.client.timestampOf !== undefined;
  }

  /**
   * Makes `group` receive each step's clock before the step starts. Every group whose latency
   * counts must be attached; a no-op for targets whose frames carry their own timestamp.
   */
  attach(group: ClientGroup): void {
    if (this.seqTimed) this.clocked.push(group);
  }

  /**
   * The next step's clock: its first update becomes Change `seqBase + published + 1`. Checks
   * the head: past that, something other than the publisher made Changes and the seq -> time
   * mapping is off (below it, earlier updates are still in flight, which is fine).
   */
  private async announce(rate: number): Promise<number> {
    const seq0 = this.seqBase + this.published;
    const head = await this.target.headSeq!(this.ports);
    if (head > seq0 && !this.warnedHead) {
      this.warnedHead = true;
      console.error(
        `bench: ${this.target.name} head ${head} is past ${seq0} before a step: Changes the ` +
          'publisher did not make; latencies computed from seqs are off',
      );
    }
    let step: SeqStep = { seq0, startUs: 0, rate };
    // Announce again (same seq0, later start) if announcing took most of the lead.
    for (let attempt = 0; attempt < 3; attempt++) {
      step = { seq0, startUs: nowUs() + CLOCK_LEAD_US, rate };
      await Promise.all(this.clocked.map((g) => g.announce(step)));
      if (nowUs() < step.startUs - CLOCK_LEAD_US / 2) break;
    }
    return step.startUs;
  }

  /** Publishes at `rate` msgs/s for `durationMs`; resolves when the last one is sent. */
  async publish(rate: number, durationMs: number): Promise<Done> {
    const p = this.publisher;
    if (!p) throw new Error('publisher not started');
    const startUs = this.seqTimed ? await this.announce(rate) : undefined;
    const id = ++this.runId;
    const done = waitFor(
      p,
      (m): m is Done => (m as Done)?.type === 'done' && (m as Done).id === id,
      durationMs + 30_000,
      'publishing',
    );
    const run: ToPublisher = { type: 'run', id, rate, durationMs };
    if (startUs !== undefined) run.startUs = startUs;
    p.send(run);
    const d = await done;
    this.published += d.sent;
    return d;
  }

  serverAlive(): boolean {
    return this.server.exitCode === null && this.server.signalCode === null;
  }

  async stop(): Promise<void> {
    if (this.publisher) await this.children.kill(this.publisher);
    await this.children.kill(this.server);
    this.target.cleanup?.(this.ports);
  }
}
