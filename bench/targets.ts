// A target is a server under test: how to start it, how a client talks to it, how the
// publisher feeds it. Baselines and Linecast implement the same shape; the harness never
// branches on a target's name.
import type { SeqClock } from './seq-clock.js';
import type { BenchUpdate, Filter } from './workload.js';

/** Loopback ports the harness allocated for one run of a target. */
export interface Ports {
  host: '127.0.0.1';
  /** Where clients connect. */
  port: number;
  /** Where the publisher connects (a target may ignore it and ingest on `port`). */
  ingestPort: number;
}

export interface ServerSpec {
  command: string;
  args: string[];
  env?: Record<string, string>;
  /** A stdout substring meaning "listening"; without it the harness polls `port` and `ingestPort`. */
  readyLine?: string;
}

/** What a load client needs to know, per connection. */
export interface ClientDialect {
  /** Request path (with query) of the WebSocket upgrade; `ports` says which server run. */
  path(filter: Filter, ports: Ports): string;
  /** Text frames sent right after the upgrade, e.g. a subscribe frame. */
  onOpen(filter: Filter): readonly string[];
  /** True when the connection is subscribed once `onOpen` frames are sent. */
  readyOnOpen: boolean;
  /**
   * A text frame that carries no timestamp marker (handshake, ping, ack): frames to send
   * back and whether the connection is now subscribed.
   */
  onText?(text: string, filter: Filter): { reply?: readonly string[]; ready?: boolean };
  /** Text right before the publish timestamp (an integer) in an update frame. */
  timestampMarker?: string;
  /**
   * Microseconds per unit of that integer: 1 (default) when the server forwards microseconds,
   * 1000 when it carries milliseconds (Linecast's `sourceAt`).
   */
  timestampScale?: number;
  /**
   * Instead of `timestampMarker`, for frames without a usable timestamp: the scheduled publish
   * time (µs) of the update frame in `data[start..end)`, or -1 for any other frame (not
   * counted). Typically `clock.scheduledAt(seq)` with the seq the frame carries; the harness
   * then announces each step's clock to the clients and needs `Target.headSeq`. Update frames
   * of a step the harness did not announce get -1 from the clock and are not counted.
   */
  timestampOf?(data: Buffer, start: number, end: number, clock: SeqClock): number;
  /**
   * Whether a connection with `filter` receives the updates of bench `sport`; by default exactly
   * everything or its one sport. A dialect that filters more coarsely (TickOdds by sport, not
   * league) or lacks a sport says so here, so expected deliveries stay exact.
   */
  receives?(filter: Filter, sport: string): boolean;
}

export interface IngestConnection {
  /** Queues one update; never waits (the publisher is open-loop). */
  send(update: BenchUpdate): void;
  /**
   * Called once per publisher tick after that tick's `send`s: a batching ingest sends
   * everything due in the tick as one message here.
   */
  flush?(): void;
  /**
   * Send-to-acknowledgement times since the last call (a durable ingest only): durability
   * latency, reported on its own rather than inside fan-out latency.
   */
  durability?(): Durability;
  close(): void;
}

export interface Durability {
  p50Us: number;
  p99Us: number;
  /** Batches acknowledged in the period. */
  batches: number;
}

export interface Target {
  name: string;
  kind: 'baseline' | 'linecast';
  description: string;
  server(ports: Ports): ServerSpec;
  client: ClientDialect;
  /** Opens the publisher's ingest connection; runs inside the publisher process. */
  ingest(ports: Ports): Promise<IngestConnection>;
  /** Removes what `server` left behind (data directory), after the server was killed. */
  cleanup?(ports: Ports): void;
  /**
   * The seq of the server's latest Change. Required when `client.timestampOf` is set: the
   * harness reads it once the publisher is ready and checks it before every step.
   */
  headSeq?(ports: Ports): Promise<number>;
}

/** Every target the harness knows. Baselines first, then Linecast. */
