// One target under test: its server process on fresh loopback ports, and the publisher that
// feeds it. Scenarios build on this and on ClientGroup.
import type { ChildProcess } from 'node:child_process';
import { connect, createServer, type Server } from 'node:net';
import type { FromPublisher, ToPublisher } from './ipc.js';
import { waitFor } from './messages.js';
import type { Children } from './procs.js';
import type { Ports, Target } from './targets.js';

type Done = Extract<FromPublisher, { type: 'done' }>;
type Ready = Extract<FromPublisher, { type: 'ready' }>;

const PUBLISHER_MODULE = new URL('./publisher.js', import.meta.url).pathname;

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

  private constructor(
    private readonly children: Children,
    readonly target: Target,
    readonly ports: Ports,
    readonly server: ChildProcess,
    readonly serverPid: number,
  ) {}

  /** Starts the target's server and waits until it accepts connections. */
  static async start(children: Children, target: Target, timeoutMs = 20_000): Promise<Rig> {
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
  }

  /** Publishes at `rate` msgs/s for `durationMs`; resolves when the last one is sent. */
  async publish(rate: number, durationMs: number): Promise<Done> {
    const p = this.publisher;
    if (!p) throw new Error('publisher not started');
    const id = ++this.runId;
    const done = waitFor(
      p,
      (m): m is Done => (m as Done)?.type === 'done' && (m as Done).id === id,
      durationMs + 30_000,
      'publishing',
    );
    p.send({ type: 'run', id, rate, durationMs } satisfies ToPublisher);
    return done;
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
