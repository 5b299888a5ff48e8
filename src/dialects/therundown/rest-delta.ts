// Delta polling (§5.3, §5.4) and price history (§5.5). A delta row's `id` is the Change's seq,
// the same number the socket sends as `data.id`, so a client can switch between them without a
// gap. Cursor rules (INFERRED where the docs are silent): a cursor is a seq of the current epoch;
// beyond the head it is not found; below the epoch's start (an epoch begun after an unclean
// shutdown), or when the first Change after it is older than the delta window (or no longer
// stored), it is stale.
import type { Change, QuoteChange, QuoteKey } from '../../model/types.js';
import type { HttpRequest, Route } from '../../seam/http.js';
import { MESSAGES } from './frames.js';
import {
  affiliateSet,
  bad,
  entry,
  eventOf,
  intParam,
  ints,
  marketSet,
  quoteSelection,
  type RestDeps,
  routes,
  timeParam,
} from './rest-common.js';
import {
  deltaEntry,
  historyEntry,
  type PriceRow,
  priceRow,
  priceText,
  rfc3339,
  wsLine,
} from './rows.js';
import { v1Event, v2Event } from './shapes.js';

/** Changes read per history query while scanning for matching rows. */
const BATCH = 2_000;
/** Most Changes one delta request scans before answering `has_more: true`. */
const MAX_SCAN = 50_000;
const ZERO_UUID = '00000000-0000-0000-0000-000000000000';
/** `market_line_price_ids` honoured per request (§5.5: max 50). */
const MAX_LINE_PRICE_IDS = 50;

/**
 * Quote keys behind `market_line_price_id`s. The ids are hashes, so they are looked up among
 * those this process has handed out, then among the quotes state holds.
 */
function lineKeys(deps: RestDeps, wanted: readonly number[]): QuoteKey[] {
  const { ids } = deps;
  if (wanted.some((id) => ids.knownLinePrice(id) === undefined)) {
    for (const quote of deps.reader.snapshot({}).quotes) ids.linePriceId(quote.key);
  }
  const seen = new Set<number>();
  return wanted.flatMap((id) => {
    const k = ids.knownLinePrice(id);
    if (k === undefined || seen.has(id)) return [];
    seen.add(id);
    return [k];
  });
}

/** Reads Changes after `lastId`, applying the cursor rules; calls `take` until it returns false. */
async function scan(
  deps: RestDeps,
  lastId: number,
  take: (c: Change) => boolean,
): Promise<{ cursor: number; more: boolean }> {
  const head = deps.reader.position();
  if (lastId > head.seq) throw bad(MESSAGES.unknownCursor);
  // An earlier epoch's ids may have been handed out again or never stored (unclean shutdown).
  if (lastId < deps.reader.epochStart()) throw bad(MESSAGES.staleCursor);
  let cursor = lastId;
  let scanned = 0;
  let first = true;
  for (;;) {
    const batch = await deps.reader.changesSince({ epoch: head.epoch, seq: cursor }, BATCH);
    if (first) {
      first = false;
      const next = batch[0];
      if (next && next.seq !== lastId + 1) throw bad(MESSAGES.staleCursor);
      if (next && next.at < deps.clock() - deps.deltaWindowMs) throw bad(MESSAGES.staleCursor);
    }
    for (const c of batch) {
      cursor = c.seq;
      scanned++;
      if (!take(c)) return { cursor, more: cursor < deps.reader.position().seq };
    }
    if (batch.length < BATCH) return { cursor, more: false };
    if (scanned >= MAX_SCAN) return { cursor, more: true };
  }
}

function lastIdParam(q: URLSearchParams): number {
  const raw = q.get('last_id');
  if (raw === null || raw === '') throw bad('last_id is required');
  if (!/^\d{1,15}$/.test(raw)) throw bad(MESSAGES.unknownCursor);
  return Number(raw);
}

/** The event-level cursor: a UUID whose last 12 hex digits are the seq (INFERRED). */
function uuidCursor(seq: number): string {
  return `${ZERO_UUID.slice(0, 24)}${seq.toString(16).padStart(12, '0')}`;
}

function parseUuidCursor(raw: string | null): number {
  if (raw === null || raw === '') throw bad('last_id is required');
  if (!/^00000000-0000-0000-0000-[0-9a-f]{12}$/i.test(raw)) throw bad(MESSAGES.unknownCursor);
  return Number.parseInt(raw.slice(24), 16);
}

export function deltaRoutes(deps: RestDeps): Route[] {
  const { ids, rows: ctx } = deps;

  const quoteRow = (c: Change): PriceRow | null =>
    c.kind === 'quote' ? priceRow(c as QuoteChange, ctx) : null;

  /** The event-level delta: every event changed after the cursor, whole, as a JSON string. */
  const eventDelta = (shape: 'v1' | 'v2') => async (req: HttpRequest) => {
    const q = req.query;
    const lastId = parseUuidCursor(q.get('last_id'));
    const sportRaw = q.get('sport_id');
    const sportId = sportRaw && /^\d{1,9}$/.test(sportRaw) ? Number(sportRaw) : undefined;
    const affiliates = affiliateSet(q);
    const changed = new Set<string>();
    const { cursor } = await scan(deps, lastId, (c) => {
      const event = c.kind === 'quote' ? c.key.event : c.after.id;
      if (changed.has(event) || changed.size < 1_000) changed.add(event);
      return changed.size < 1_000;
    });
    const events = deps.reader.events({ events: [...changed] });
    const sel = quoteSelection(q);
    if (affiliates) sel.affiliateIds = affiliates;
    const snap = deps.reader.snapshot({ events: [...changed] });
    const quotes =
      shape === 'v2' || !affiliates
        ? snap.quotes
        : snap.quotes.filter((x) => affiliates.has(ids.affiliateId(x.key.book) ?? -1));
    const deltas = events.flatMap((e) => {
      if (sportId !== undefined && ids.sportId(e.league) !== sportId) return [];
      const v = shape === 'v2' ? v2Event(e, quotes, ids, sel) : v1Event(e, quotes, ids);
      return v === null ? [] : [{ data: JSON.stringify(v) }];
    });
    return { meta: { delta_last_id: uuidCursor(cursor) }, deltas };
  };

  return [
    ...routes(deps, '/markets/delta', async (req) => {
      const q = req.query;
      const lastId = lastIdParam(q);
      const limit = intParam(q, 'limit', 1_000, 1, 5_000);
      const sportRaw = q.get('sport_id');
      if (sportRaw !== null && sportRaw !== '' && !/^\d{1,9}$/.test(sportRaw))
        throw bad('invalid sport_id');
      const sportId = sportRaw ? Number(sportRaw) : undefined;
      const affiliates = affiliateSet(q);
      const markets = marketSet(q);
      const eventId = q.get('event_id') || undefined;
      const deltas: ReturnType<typeof deltaEntry>[] = [];
      const { cursor, more } = await scan(deps, lastId, (c) => {
        const row = quoteRow(c);
        if (row === null) return true;
        if (sportId !== undefined && row.sportId !== sportId) return true;
        if (affiliates && !affiliates.has(row.affiliateId)) return true;
        if (markets && !markets.has(row.marketId)) return true;
        if (eventId !== undefined && row.eventId !== eventId) return true;
        deltas.push(deltaEntry(row));
        return deltas.length < limit;
      });
      return {
        meta: { delta_last_id: String(cursor), count: deltas.length, has_more: more },
        deltas,
      };
    }),

    ...routes(deps, '/delta', eventDelta('v2')),
    // The V1 twins (§5.4): V1 events (lines keyed by affiliate), and V2 events on the V1 path.
    ...routes(deps, '/delta', eventDelta('v1'), { prefixes: ['/api/v1'] }),
    ...routes(deps, '/deltaV2', eventDelta('v2'), { prefixes: ['/api/v1'] }),

    ...routes(deps, '/markets/history', async (req) => {
      const q = req.query;
      const wanted = (ints(q, 'market_line_price_ids') ?? []).slice(0, MAX_LINE_PRICE_IDS);
      if (wanted.length === 0) throw bad('market_line_price_ids is required');
      const limit = intParam(q, 'limit', 1_000, 1, 5_000);
      const from = timeParam(q, 'from');
      const to = timeParam(q, 'to');
      const rows = (
        await Promise.all(
          lineKeys(deps, wanted).map((k) =>
            deps.reader
              .priceHistory({
                event: k.event,
                market: k.market,
                period: k.period,
                book: k.book,
                ...(from === undefined ? {} : { from }),
                ...(to === undefined ? {} : { to }),
                // Other selections and lines of the same market share the read.
                limit: 20_000,
              })
              .then((cs) =>
                cs.filter((c) => c.key.selection === k.selection && c.key.line === k.line),
              ),
          ),
        )
      )
        .flat()
        .sort((a, b) => a.at - b.at || a.seq - b.seq)
        .slice(0, limit)
        .flatMap((c) => priceRow(c, deps.rows) ?? [])
        .map(historyEntry);
      return { meta: { count: rows.length }, history: rows };
    }),

    ...routes(deps, '/events/:eventId/markets/history', async (req) => {
      const q = req.query;
      const e = await eventOf(deps, req.params['eventId']);
      const limit = intParam(q, 'limit', 1_000, 1, 5_000);
      const markets = marketSet(q);
      const affiliates = affiliateSet(q);
      const history = (await priceHistory(deps, e.id, q, limit, !!(markets || affiliates)))
        .filter(
          (r) =>
            (!markets || markets.has(r.marketId)) && (!affiliates || affiliates.has(r.affiliateId)),
        )
        .slice(0, limit)
        .map(historyEntry);
      return { meta: { event_id: ids.eventId(e.id), count: history.length }, history };
    }),

    ...routes(deps, '/events/:eventId/markets/:marketId/history', async (req) => {
      const q = req.query;
      const e = await eventOf(deps, req.params['eventId']);
      const rawMarket = req.params['marketId'] ?? '';
      if (!/^\d{1,9}$/.test(rawMarket)) throw bad('invalid market_id');
      const marketId = Number(rawMarket);
      const affiliates = affiliateSet(q);
      const participantRaw = q.get('participant_id');
      const participant = participantRaw ? Number(participantRaw) : undefined;
      if (participant !== undefined && !Number.isInteger(participant))
        throw bad('invalid participant_id');
      const line = q.get('line');
      const rows = (await priceHistory(deps, e.id, q, 5_000, true)).filter(
        (r) =>
          r.marketId === marketId &&
          (!affiliates || affiliates.has(r.affiliateId)) &&
          (participant === undefined || r.participant.id === participant) &&
          (line === null ||
            line === '' ||
            wsLine(r.line) === line ||
            String(r.line ?? '') === line),
      );
      const series: Record<string, { affiliate_name: string; data: unknown[] }> = {};
      let marketName = '';
      for (const r of rows) {
        marketName = r.marketName;
        const book = ids.bookOfAffiliate(r.affiliateId);
        const s = entry(series, String(r.affiliateId), () => ({
          affiliate_name: (book && ids.catalog.book(book)?.name) || String(r.affiliateId),
          data: [] as unknown[],
        }));
        s.data.push({
          t: rfc3339(r.updatedAt),
          p: priceText(r.price),
          c: r.closedAt === null ? null : rfc3339(r.closedAt),
        });
      }
      return {
        meta: { event_id: ids.eventId(e.id), market_id: marketId, market_name: marketName },
        series,
      };
    }),
  ];
}

async function priceHistory(
  deps: RestDeps,
  event: string,
  q: URLSearchParams,
  limit: number,
  filtered: boolean,
): Promise<PriceRow[]> {
  const from = timeParam(q, 'from');
  const to = timeParam(q, 'to');
  const changes = await deps.reader.priceHistory({
    event,
    ...(from === undefined ? {} : { from }),
    ...(to === undefined ? {} : { to }),
    // Market and affiliate filters apply after mapping, so read more when they are present.
    limit: filtered ? 20_000 : limit,
  });
  return changes.flatMap((c) => priceRow(c, deps.rows) ?? []);
}
