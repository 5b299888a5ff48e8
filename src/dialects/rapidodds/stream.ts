// The `/ws` odds stream: subscribe per sport by message; each refresh cycle pushes the games of
// the sport that changed, whole, in the REST shape, and charges for the push when it is sent.
import { LinecastError } from '../../errors/catalogue.js';
import type { Change } from '../../model/types.js';
import type { DialectDeps, Plan } from '../../seam/core.js';
import type {
  Connection,
  ConnectionHandlers,
  Handshake,
  HandshakeRequest,
  SocketEndpoint,
} from '../../seam/dialect.js';
import { authenticateKey, filterOf } from './access.js';
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
import type { Selection, Vocab } from './vocab.js';

export const DIALECT = 'rapidodds';

/** Close codes (spec §1.2, §3.4, §3.5). */
export const CLOSE_AUTH = 4001;
export const CLOSE_CONNECTION_LIMIT = 4008;
export const CLOSE_SLOW = 1008;

interface Context {
  key: string;
  plan: Plan;
}

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

function refuse(detail: string): Handshake {
  return { ok: false, status: 403, body: { detail } };
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

export function streamEndpoint(opts: StreamOptions): SocketEndpoint {
  const { deps, config, vocab } = opts;
  const perKey = new Map<string, number>();

  const handshake = (req: HandshakeRequest): Handshake => {
    const { result, key } = authenticateKey(deps.access, req.query.get('api_key'), DIALECT);
    if (result.ok)
      return { ok: true, principal: result.principal, context: { key, plan: result.plan } };
    // Every refusal is a 403: the SDK stops retrying on 403 only (spec §1.2).
    if (result.reason === 'forbidden')
      return refuse('WebSocket access requires a Pro or Elite plan.');
    if (result.reason === 'revoked') return refuse('Subscription is not active.');
    return refuse('Invalid API key.');
  };

  const open = (conn: Connection, context: unknown): ConnectionHandlers => {
    const { key, plan } = context as Context;
    const keyId = conn.principal.keyId;
    const releaseAccount = deps.access.acquire(conn.principal.account, plan.maxConnections);
    const held = perKey.get(keyId) ?? 0;
    if (!releaseAccount || held >= config.maxConnectionsPerKey) {
      // Accepted, then closed with an application code: a 403 would stop the SDK for good.
      releaseAccount?.();
      conn.close(CLOSE_CONNECTION_LIMIT, 'connection limit reached');
      return { onText: () => {} };
    }
    perKey.set(keyId, held + 1);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      releaseAccount();
      const left = (perKey.get(keyId) ?? 1) - 1;
      if (left <= 0) perKey.delete(keyId);
      else perKey.set(keyId, left);
    };

    const subs = new Map<string, SportSub>();
    let behindSince: number | null = null;
    let closed = false;

    const close = (code: number, reason: string) => {
      if (closed) return;
      closed = true;
      conn.close(code, reason);
    };

    /** A key revoked (or a plan that lost the stream) mid-connection closes with 4001. */
    const authorised = (): boolean => {
      if (closed) return false;
      if (deps.access.authenticate(key, DIALECT).ok) return true;
      close(CLOSE_AUTH, 'subscription not active');
      return false;
    };

    /** Builds, charges and sends one push of some games (all games when `events` is absent). */
    const deliver = (sub: SportSub, events?: string[]): void => {
      const filter = filterOf(sub.sel, events);
      const snap = filter ? deps.reader.snapshot(filter) : { events: [], quotes: [] };
      const data = buildOdds(
        sub.sel,
        snap.events,
        snap.quotes,
        vocab.catalog,
        config.priceDecimals,
      );
      const sport = sub.sel.sport.id;
      if (data.games.length === 0) {
        sub.pending.clear();
        return;
      }
      const cost = sub.sel.cost;
      if (!deps.credits.charge(conn.principal, cost)) {
        // Skipped, not dropped: the games stay pending so a top-up delivers them.
        conn.send(insufficientCreditsFrame(sport, cost, deps.credits.balance(conn.principal)));
        return;
      }
      sub.pending.clear();
      conn.send(oddsUpdateFrame(deps.clock(), cost, data));
    };

    /** A push that cannot be built is reported and its games dropped; the timer lives on. */
    const safely = (push: () => void, sub: SportSub): void => {
      try {
        push();
      } catch (err) {
        sub.pending.clear();
        deps.fault?.(err, 'rapidodds push');
      }
    };

    const tick = (sub: SportSub, changes: Change[]): void => {
      if (!authorised()) return;
      for (const c of changes) {
        if (shows(sub.sel, c)) sub.pending.add(c.kind === 'quote' ? c.key.event : c.after.id);
      }
      const now = deps.clock();
      if (conn.behind()) {
        // One pending push per sport: the games wait; the push is built and charged when sent.
        behindSince ??= now;
        if (now - behindSince >= config.slowConsumerMs) close(CLOSE_SLOW, 'slow consumer');
        return;
      }
      behindSince = null;
      if (sub.pending.size > 0) safely(() => deliver(sub, [...sub.pending]), sub);
    };

    const drop = (sport: string): void => {
      const sub = subs.get(sport);
      if (!sub) return;
      subs.delete(sport);
      if (sub.hubId !== null) conn.unsubscribe(sub.hubId);
    };

    const subscribe = (cmd: Extract<Command, { action: 'subscribe' }>) => {
      const sport = vocab.sport(cmd.sport);
      if (!sport) return conn.send(unknownSportFrame(cmd.sport));
      const sel = vocab.select(sport, cmd.bookmakers, cmd.marketTypes);
      drop(sport.id);
      const sub: SportSub = { sel, hubId: null, pending: new Set() };
      const filter = filterOf(sel);
      if (filter) {
        const id = `${DIALECT}:${sport.id}`;
        try {
          conn.subscribe({
            id,
            filter,
            snapshot: false,
            batchMs: opts.refreshMs(sport.id),
            onStart: () => {},
            onBatch: (changes) => tick(sub, changes),
          });
        } catch (e) {
          if (!(e instanceof LinecastError)) throw e;
          return conn.send(errorFrame('limit_exceeded', sport.id));
        }
        sub.hubId = id;
      }
      subs.set(sport.id, sub);
      conn.send(subscribedFrame(sport.id, sel.bookmakers, sel.marketTypes, sel.cost));
      if (config.immediatePush) safely(() => deliver(sub), sub);
    };

    const onText = (text: string) => {
      if (!authorised()) return;
      const d = decodeCommand(text);
      if (!d.ok) {
        if (d.code === 'unknown_sport') return conn.send(unknownSportFrame(d.sport));
        return conn.send(errorFrame(d.code));
      }
      const cmd = d.command;
      if (cmd.action === 'subscribe') return subscribe(cmd);
      // Idempotent: the SDK ends the stream on any error event, so no error for "not subscribed".
      const sport = vocab.sport(cmd.sport)?.id ?? cmd.sport;
      drop(sport);
      conn.send(unsubscribedFrame(sport));
    };

    conn.send(connectedFrame((plan.tiers[DIALECT] ?? plan.name).toLowerCase()));
    return {
      onText,
      onBinary: () => conn.send(errorFrame('invalid_json')),
      onClose: () => {
        closed = true;
        release();
      },
    };
  };

  return {
    path: '/ws',
    // No JSON heartbeat: `subscribed` must be the frame right after a subscribe (spec §3.1).
    heartbeatMs: 0,
    overflow: { kind: 'conflate', budgetBytes: config.slowConsumerBytes },
    handshake,
    open,
    encodeChange: () => null,
    heartbeat: () => null,
    // The SDK stops reconnecting on 4001 only; a revoked key must not retry forever.
    revokedClose: { code: CLOSE_AUTH, reason: 'subscription not active' },
  };
}
