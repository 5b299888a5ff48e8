// The `/results-ws` stream (spec §2.6): subscribe per sport by message, with a status filter and
// what to include; each refresh cycle pushes the games whose state changed (score, period, clock,
// status), each whole, in the `GET /results/{sport}` shape, 1 credit per push when it is sent.
import { LinecastError } from '../../errors/catalogue.js';
import type { Change, EventStatus } from '../../model/types.js';
import type { DialectDeps } from '../../seam/core.js';
import type { Connection, ConnectionHandlers, SocketEndpoint } from '../../seam/dialect.js';
import type { RapidOddsConfig } from './config.js';
import {
  connectedFrame,
  errorFrame,
  insufficientCreditsFrame,
  invalidResultsSubscriptionFrame,
  RESULTS_CONNECTED_MESSAGE,
  resultsSubscribedFrame,
  resultsUpdateFrame,
  unknownSportFrame,
  unsubscribedFrame,
} from './frames.js';
import type { ResultsQuery } from './results.js';
import { decodeResultsCommand, type ResultsCommand } from './results-commands.js';
import type { ResultsView } from './results-view.js';
import { SlowConsumer } from './slow-consumer.js';
import { DIALECT, streamAdmission } from './stream.js';
import type { SportRef, Vocab } from './vocab.js';

/** Results cost one credit per push with games (SDK). */
export const RESULTS_CREDITS = 1;

/**
 * No market is called this, so the hub hands such a subscription only event Changes (scores,
 * periods, clock, status): quote Changes are filtered by market, event Changes are not.
 */
const NO_MARKET = 'results:events-only';

interface ResultsSub {
  sport: SportRef;
  query: ResultsQuery;
  hubId: string;
  /** Games changed and not yet pushed, with their status before the first such change. */
  pending: Map<string, EventStatus>;
}

export interface ResultsStreamOptions {
  deps: DialectDeps;
  config: RapidOddsConfig;
  vocab: Vocab;
  view: ResultsView;
  refreshMs(sport: string): number;
}

export function resultsEndpoint(opts: ResultsStreamOptions): SocketEndpoint<void> {
  return {
    path: '/results-ws',
    admission: streamAdmission(opts.config),
    heartbeatMs: 0,
    overflow: { kind: 'conflate', budgetBytes: opts.config.slowConsumerBytes },
    open: (conn) => new ResultsStream(opts, conn).handlers(),
    encodeChange: () => null,
    heartbeat: () => null,
  };
}

class ResultsStream {
  private readonly subs = new Map<string, ResultsSub>();
  private readonly slow: SlowConsumer;

  constructor(
    private readonly opts: ResultsStreamOptions,
    private readonly conn: Connection,
  ) {
    this.slow = new SlowConsumer(conn, opts.config.slowConsumerMs);
  }

  handlers(): ConnectionHandlers {
    const plan = this.conn.plan;
    const tier = (plan.tiers[DIALECT] ?? plan.name).toLowerCase();
    this.conn.send(connectedFrame(tier, RESULTS_CONNECTED_MESSAGE));
    return {
      onText: (text) => this.onText(text),
      onBinary: () => this.conn.send(errorFrame('invalid_json')),
    };
  }

  /** Builds, charges and sends one push (all matching games when `changed` is absent). */
  private deliver(sub: ResultsSub, changed?: Map<string, EventStatus>): void {
    const { deps, view } = this.opts;
    const conn = this.conn;
    const data = view.payload(sub.sport, sub.query, changed);
    if (data.games.length === 0) {
      sub.pending.clear();
      return;
    }
    if (!deps.credits.charge(conn.principal, RESULTS_CREDITS)) {
      // Skipped, not dropped: the games stay pending so a top-up delivers them.
      const balance = deps.credits.balance(conn.principal);
      conn.send(insufficientCreditsFrame(sub.sport.id, RESULTS_CREDITS, balance));
      return;
    }
    sub.pending.clear();
    conn.send(resultsUpdateFrame(deps.clock(), RESULTS_CREDITS, data));
  }

  private safely(sub: ResultsSub, changed?: Map<string, EventStatus>): void {
    try {
      this.deliver(sub, changed);
    } catch (err) {
      sub.pending.clear();
      this.opts.deps.fault?.(err, 'rapidodds results push');
    }
  }

  private tick(sub: ResultsSub, changes: Change[]): void {
    for (const c of changes) {
      if (c.kind !== 'event' || sub.pending.has(c.after.id)) continue;
      sub.pending.set(c.after.id, c.before?.status ?? c.after.status);
    }
    // One pending push per sport: while the reader is behind, the games wait.
    if (!this.slow.mayPush(this.opts.deps.clock())) return;
    if (sub.pending.size > 0) this.safely(sub, new Map(sub.pending));
  }

  private drop(sport: string): void {
    const sub = this.subs.get(sport);
    if (!sub) return;
    this.subs.delete(sport);
    this.conn.unsubscribe(sub.hubId);
  }

  private subscribe(cmd: Extract<ResultsCommand, { action: 'subscribe' }>): void {
    const conn = this.conn;
    const sport = this.opts.vocab.sport(cmd.sport);
    if (!sport) {
      conn.send(unknownSportFrame(cmd.sport));
      return;
    }
    this.drop(sport.id);
    const id = `${DIALECT}:results:${sport.id}`;
    const sub: ResultsSub = { sport, query: cmd.query, hubId: id, pending: new Map() };
    try {
      conn.subscribe({
        id,
        filter: { leagues: [sport.league.id], markets: [NO_MARKET] },
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
    this.subs.set(sport.id, sub);
    conn.send(resultsSubscribedFrame(sport.id, cmd.echo, RESULTS_CREDITS));
    if (this.opts.config.immediatePush) this.safely(sub);
  }

  private onText(text: string): void {
    const d = decodeResultsCommand(text);
    if (!d.ok) {
      if (d.code === 'unknown_sport') this.conn.send(unknownSportFrame(d.sport));
      else if (d.code === 'invalid_subscription') this.conn.send(invalidResultsSubscriptionFrame());
      else this.conn.send(errorFrame(d.code));
      return;
    }
    const cmd = d.command;
    if (cmd.action === 'subscribe') {
      this.subscribe(cmd);
      return;
    }
    const sport = this.opts.vocab.sport(cmd.sport)?.id ?? cmd.sport;
    this.drop(sport);
    this.conn.send(unsubscribedFrame(sport));
  }
}
