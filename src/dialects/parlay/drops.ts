// The line-move alert stream (spec §2.4.1): `/v1/odds-drop/{sport_key|all|multi}` sends one
// `odds_drop` when a price moves by at least `threshold` American-odds cents from its previous
// value. The frame depends only on the Change and the connection's (threshold, direction,
// markets), which travel as the encoder variant, so each distinct setting encodes once.
import { decimalToAmerican } from '../../model/odds.js';
import type { Change, Filter, QuoteValue } from '../../model/types.js';
import type { Connection, ConnectionHandlers, SocketEndpoint } from '../../seam/dialect.js';
import { type StreamContext, streamAdmission } from './admission.js';
import { connectedFrame } from './frames.js';
import type { Direction } from './query.js';
import { rowOf } from './rows.js';
import { heartbeats, type StreamDeps } from './stream.js';

interface DropView {
  threshold: number;
  direction: Direction;
  markets: ReadonlySet<string> | null;
}

export function dropVariant(threshold: number, direction: Direction, markets: string[] | null) {
  return `${threshold}|${direction}|${[...(markets ?? [])].sort().join(',')}`;
}

function viewOf(variant: string): DropView {
  const [threshold = '10', direction = 'both', markets = ''] = variant.split('|');
  return {
    threshold: Number(threshold),
    direction: direction as Direction,
    markets: markets === '' ? null : new Set(markets.split(',')),
  };
}

const americanOf = (v: QuoteValue | null) => {
  const p = v?.price;
  return p ? Math.round(p.american ?? decimalToAmerican(p.decimal)) : null;
};

/**
 * Cents between two American prices: their difference on one side of even money; across it
 * (−105 → +105), the distance through ±100 (INFERRED, spec §2.4.1).
 */
export function cents(prior: number, next: number): number {
  return Math.sign(prior) === Math.sign(next)
    ? Math.abs(next - prior)
    : Math.abs(next) + Math.abs(prior) - 200;
}

function sideOf(selection: string): string {
  const dot = selection.lastIndexOf('.');
  return dot === -1 ? selection : selection.slice(dot + 1);
}

export class Drops {
  private readonly views = new Map<string, DropView>();

  constructor(private readonly s: StreamDeps) {}

  private view(variant: string): DropView {
    let v = this.views.get(variant);
    if (v === undefined) {
      if (this.views.size >= 1_000) this.views.clear();
      v = viewOf(variant);
      this.views.set(variant, v);
    }
    return v;
  }

  /** The `odds_drop` frame of a Change, or null when it is not a move this view alerts on. */
  frame(change: Change, variant: string): string | null {
    if (change.kind !== 'quote') return null;
    const prior = americanOf(change.before);
    const next = americanOf(change.after);
    if (prior === null || next === null || prior === next) return null;
    const v = this.view(variant);
    const moved = cents(prior, next);
    if (moved < v.threshold) return null;
    // A shorter price (lower decimal) moves toward the favourite.
    const shorter = (change.after.price?.decimal ?? 0) < (change.before?.price?.decimal ?? 0);
    const direction = shorter ? 'toward_favorite' : 'toward_dog';
    if (v.direction !== 'both' && v.direction !== direction) return null;
    const event = this.s.events.lookup(change.key.event);
    if (!event) return null;
    const row = rowOf(this.s.vocab, event, change.key, change.after, change.before);
    if (!row || (v.markets !== null && !v.markets.has(row.market_key))) return null;
    return JSON.stringify({
      type: 'odds_drop',
      sport_key: row.sport_key,
      event_id: row.event_id,
      bookmaker: row.bookmaker,
      home_team: row.home_team,
      away_team: row.away_team,
      market_key: row.market_key,
      market: row.market,
      player: row.player,
      line: row.line,
      side: sideOf(change.key.selection),
      prior_price: prior,
      new_price: next,
      delta_cents: moved,
      elapsed_ms: Math.max(0, change.after.sourceAt - (change.before?.sourceAt ?? 0)),
      prev: prior,
      new: next,
      delta: shorter ? -moved : moved,
      direction,
      timestamp: change.at,
    });
  }
}

/** `connected`, then the alerts; heartbeats every `heartbeat_s`. No snapshot: alerts are moves. */
function open(s: StreamDeps, conn: Connection, ctx: StreamContext): ConnectionHandlers {
  const q = ctx.query;
  const leagues = s.vocab.leagues(ctx.sportKey, q.sports);
  conn.send(
    connectedFrame({
      sportKey: ctx.sportKey,
      tier: ctx.tier,
      windowMs: 0,
      diff: false,
      filters: {
        event_id: q.eventId,
        bookmakers: q.bookmakers,
        markets: q.markets,
        kinds: null,
        since: null,
        ...(q.sports === null ? {} : { sports: q.sports }),
      },
      now: s.deps.clock(),
      ...(leagues.length === 0 ? { note: `unknown or inactive sport ${ctx.sportKey}` } : {}),
    }),
  );
  heartbeats(s, conn, ctx);
  if (leagues.length > 0) {
    const event = q.eventId === null ? null : (s.events.resolve(leagues, q.eventId) ?? '\u0000');
    const filter: Filter = {
      leagues,
      ...(q.bookmakers ? { books: q.bookmakers.map((b) => s.vocab.book(b)) } : {}),
      ...(event === null ? {} : { events: [event] }),
    };
    conn.subscribe({
      id: 'drops',
      filter,
      variant: dropVariant(q.threshold, q.direction, q.markets),
      snapshot: false,
      onStart: () => {},
    });
  }
  return { onText: () => {} };
}

/** `/v1/odds-drop/{sport_key}`; `all` and `multi` (with `sports=`) cover several sports. */
export function dropEndpoint(s: StreamDeps): SocketEndpoint<StreamContext> {
  const drops = new Drops(s);
  return {
    path: '/v1/odds-drop/:sport',
    transport: 'sse',
    admission: streamAdmission(s.config, true, false),
    heartbeatMs: 0,
    overflow: { kind: 'conflate', budgetBytes: s.config.budgetBytes },
    open: (conn, ctx) => open(s, conn, ctx),
    encodeChange: (change, variant) => drops.frame(change, variant),
    eventId: (change) => String(change.at),
    heartbeat: () => null,
  };
}
