// The `/ws` odds stream: subscribe per sport by message; each refresh cycle pushes the games of
// the sport that changed, whole, in the REST shape, and charges for the push when it is sent.
import { LinecastError } from '../../errors/catalogue.js';
import type { Change } from '../../model/types.js';
import type { Admission } from '../../seam/admission.js';
import type { DialectDeps } from '../../seam/core.js';
import type { Connection, ConnectionHandlers, SocketEndpoint } from '../../seam/dialect.js';
import { filterOf } from './access.js';
import { type Command, decodeCommand } from './commands.js';
import type { RapidOddsConfig } from './config.js';
import {
  connectedFrame,
  errorFrame,
  insufficientCreditsFrame,
  oddsUpdateFrame,
  subscribedFrame,
  unknownSportFrame,
  unsubscribedFrame,
} from './frames.js';
import { buildOdds, isListed } from './odds.js';
import { SlowConsumer } from './slow-consumer.js';
import type { Selection, Vocab } from './vocab.js';

export const DIALECT = 'rapidodds';

/** Close codes (spec §1.2, §3.4, §3.5). */
export const CLOSE_AUTH = 4001;
export const CLOSE_CONNECTION_LIMIT = 4008;

/** One sport subscription of one connection. */
interface SportSub {
  sel: Selection;
  /** The hub subscription id, or null when the selection can match nothing. */
  hubId: string | null;
  /** Games that changed and are not yet pushed (kept while the reader is behind or broke). */
  pending: Set<string>;
}

export interface StreamOptions {
  deps: DialectDeps;
  config: RapidOddsConfig;
  vocab: Vocab;
  /** Refresh cycle per sport id. */
  refreshMs(sport: string): number;
}

const forbidden = (detail: string) => ({ status: 403, body: { detail } });

/**
 * Every refusal at the handshake is a 403: the SDK stops retrying on 403 only (spec §1.2). Over
 * the per-key cap the connection is accepted, then closed with 4008, so clients back off and
 * retry; a revoked key is closed with 4001, which the SDK treats as final. The results stream
 * (`/results-ws`) is admitted the same way and shares the per-key count (the SDK drives both
 * feeds with one code path).
 */
export function streamAdmission(config: RapidOddsConfig): Admission<void> {
  return {
    entitlement: DIALECT,
    // The vendor's SDK refuses any key not starting with `oa_`, so `oa_<key>` is the same key.
    credentials: [{ from: 'query', name: 'api_key', optionalPrefix: 'oa_' }],
    refusals: {
      missing: forbidden('Invalid API key.'),
      unknown: forbidden('Invalid API key.'),
      revoked: forbidden('Subscription is not active.'),
      forbidden: forbidden('WebSocket access requires a Pro or Elite plan.'),
      overCap: { close: CLOSE_CONNECTION_LIMIT, reason: 'connection limit reached' },
    },
    closes: { revoked: { code: CLOSE_AUTH, reason: 'subscription not active' } },
    slots: [{ per: 'key', pool: DIALECT, limit: () => config.maxConnectionsPerKey }],
  };
}

/** Whether a Change alters what the selection shows for its game. */
function shows(sel: Selection, c: Change): boolean {
  if (c.kind === 'quote') {
    return sel.markets.some((m) => m.market === c.key.market && m.period === c.key.period);
  }
  const b = c.before;
  const a = c.after;
  return (
    b === null ||
    b.startsAt !== a.startsAt ||
    b.home.name !== a.home.name ||
    b.away.name !== a.away.name ||
    isListed(b.status) !== isListed(a.status)
  );
}

export function streamEndpoint(opts: StreamOptions): SocketEndpoint<void> {
  return {
    path: '/ws',
    admission: streamAdmission(opts.config),
    // No JSON heartbeat: `subscribed` must be the frame right after a subscribe (spec §3.1).
    heartbeatMs: 0,
    overflow: { kind: 'conflate', budgetBytes: opts.config.slowConsumerBytes },
    open: (conn) => new OddsStream(opts, conn).handlers(),
    encodeChange: () => null,
    heartbeat: () => null,
  };
}

/** One connection's sport subscriptions and their pushes. */
class OddsStream {
  private readonly subs = new Map<string, SportSub>();
  private readonly slow: SlowConsumer;

  constructor(
    private readonly opts: StreamOptions,
    private readonly conn: Connection,
  ) {
    this.slow = new SlowConsumer(conn, opts.config.slowConsumerMs);
  }

  handlers(): ConnectionHandlers {
    const plan = this.conn.plan;
    this.conn.send(connectedFrame((plan.tiers[DIALECT] ?? plan.name).toLowerCase()));
    return {
      onText: (text) => this.onText(text),
      onBinary: () => this.conn.send(errorFrame('invalid_json')),
    };
  }

  /** Builds, charges and sends one push of some games (all games when `events` is absent). */
  private deliver(sub: SportSub, events?: string[]): void {
    const { deps, config, vocab } = this.opts;
    const conn = this.conn;
    const filter = filterOf(sub.sel, events);
    const snap = filter ? deps.reader.snapshot(filter) : { events: [], quotes: [] };
    const data = buildOdds(sub.sel, snap.events, snap.quotes, vocab.catalog, config.priceDecimals);
    if (data.games.length === 0) {
      sub.pending.clear();
      return;
    }
    const cost = sub.sel.cost;
    if (!deps.credits.charge(conn.principal, cost)) {
      // Skipped, not dropped: the games stay pending so a top-up delivers them.
      const balance = deps.credits.balance(conn.principal);
      conn.send(insufficientCreditsFrame(sub.sel.sport.id, cost, balance));
      return;
    }
    sub.pending.clear();
    conn.send(oddsUpdateFrame(deps.clock(), cost, data));
  }

  /** A push that cannot be built is reported and its games dropped; the timer lives on. */
  private safely(sub: SportSub, events?: string[]): void {
    try {
      this.deliver(sub, events);
    } catch (err) {
      sub.pending.clear();
      this.opts.deps.fault?.(err, 'rapidodds push');
    }
  }

  private tick(sub: SportSub, changes: Change[]): void {
    for (const c of changes) {
      if (shows(sub.sel, c)) sub.pending.add(c.kind === 'quote' ? c.key.event : c.after.id);
    }
    // One pending push per sport: while the reader is behind, the games wait.
    if (!this.slow.mayPush(this.opts.deps.clock())) return;
    if (sub.pending.size > 0) this.safely(sub, [...sub.pending]);
  }

  private drop(sport: string): void {
    const sub = this.subs.get(sport);
    if (!sub) return;
    this.subs.delete(sport);
    if (sub.hubId !== null) this.conn.unsubscribe(sub.hubId);
  }

  private subscribe(cmd: Extract<Command, { action: 'subscribe' }>): void {
    const { vocab, config } = this.opts;
    const conn = this.conn;
    const sport = vocab.sport(cmd.sport);
    if (!sport) {
      conn.send(unknownSportFrame(cmd.sport));
      return;
    }
    const sel = vocab.select(sport, cmd.bookmakers, cmd.marketTypes);
    this.drop(sport.id);
    const sub: SportSub = { sel, hubId: null, pending: new Set() };
    const filter = filterOf(sel);
    if (filter) {
      const id = `${DIALECT}:${sport.id}`;
      try {
        conn.subscribe({
          id,
          filter,
          snapshot: false,
          batchMs: this.opts.refreshMs(sport.id),
          onStart: () => {},
          onBatch: (changes) => this.tick(sub, changes),
        });
      } catch (e) {
        if (!(e instanceof LinecastError)) throw e;
        conn.send(errorFrame('limit_exceeded', sport.id));
        return;
      }
      sub.hubId = id;
    }
    this.subs.set(sport.id, sub);
    conn.send(subscribedFrame(sport.id, sel.bookmakers, sel.marketTypes, sel.cost));
    if (config.immediatePush) this.safely(sub);
  }

  private onText(text: string): void {
    const d = decodeCommand(text);
    if (!d.ok) {
      this.conn.send(d.code === 'unknown_sport' ? unknownSportFrame(d.sport) : errorFrame(d.code));
      return;
    }
    const cmd = d.command;
    if (cmd.action === 'subscribe') {
      this.subscribe(cmd);
      return;
    }
    // Idempotent: the SDK ends the stream on any error event, so no error for "not subscribed".
    const sport = this.opts.vocab.sport(cmd.sport)?.id ?? cmd.sport;
    this.drop(sport);
    this.conn.send(unsubscribedFrame(sport));
  }
}
