// Raw ingest items -> canonical Updates, checked against the catalog. Pure: no state, no I/O.
import type { CatalogIndex } from '../../catalog/index.js';
import type { ErrorCode } from '../../errors/catalogue.js';
import {
  priceFromAmerican,
  priceFromDecimal,
  priceFromFractional,
  validatePrice,
} from '../../model/odds.js';
import { inTimeWindow, TIME_MAX_MS, TIME_MIN_MS } from '../../model/range.js';
import type { Price, Update } from '../../model/types.js';
import { type IngestItem, ingestItem } from './schema.js';

export type Normalised =
  | { ok: true; update: Update }
  | { ok: false; code: ErrorCode; reason: string };

export interface NormaliseContext {
  catalog: CatalogIndex;
  now: number;
  maxFutureMs: number;
}

const fail = (code: ErrorCode, reason: string): Normalised => ({ ok: false, code, reason });

function toMs(t: number | string): number {
  return typeof t === 'number' ? t : Date.parse(t);
}

const WINDOW = `${new Date(TIME_MIN_MS).toISOString()} .. ${new Date(TIME_MAX_MS).toISOString()}`;

function outOfWindow(field: string, ms: number): Normalised | null {
  return inTimeWindow(ms) ? null : fail('LC_ERR_INGEST_BAD_TIME', `${field} is outside ${WINDOW}`);
}

function toPrice(p: { american?: number; decimal?: number; fractional?: string }): Price {
  if (p.american !== undefined) return priceFromAmerican(p.american);
  if (p.decimal !== undefined) return priceFromDecimal(p.decimal);
  return priceFromFractional(p.fractional!);
}

function fromItem(item: IngestItem, ctx: NormaliseContext): Normalised {
  const { catalog } = ctx;
  if (item.type === 'event') {
    const league = catalog.league(item.league);
    if (!catalog.sport(item.sport) || !league || league.sport !== item.sport) {
      return fail('LC_ERR_INGEST_UNKNOWN_SPORT', `${item.sport}/${item.league}`);
    }
    const startsAt = toMs(item.startsAt);
    const bad = outOfWindow('startsAt', startsAt);
    if (bad) return bad;
    const { type: _type, ...rest } = item;
    return {
      ok: true,
      update: { kind: 'event', event: { ...rest, startsAt }, receivedAt: ctx.now },
    };
  }
  if (!catalog.book(item.book)) return fail('LC_ERR_INGEST_UNKNOWN_BOOK', item.book);
  if (!catalog.market(item.market)) return fail('LC_ERR_INGEST_UNKNOWN_MARKET', item.market);
  if (!catalog.period(item.period))
    return fail('LC_ERR_INGEST_UNKNOWN_MARKET', `period ${item.period}`);
  let price: Price | null = null;
  if (item.price) {
    try {
      price = toPrice(item.price);
    } catch (e) {
      return fail('LC_ERR_INGEST_BAD_PRICE', (e as Error).message);
    }
    const bad = validatePrice(price);
    if (bad) return fail('LC_ERR_INGEST_BAD_PRICE', bad);
  }
  const sourceAt = item.sourceAt === undefined ? ctx.now : toMs(item.sourceAt);
  const badTime = item.sourceAt === undefined ? null : outOfWindow('sourceAt', sourceAt);
  if (badTime) return badTime;
  if (sourceAt > ctx.now + ctx.maxFutureMs) {
    return fail('LC_ERR_INGEST_BAD_TIME', `sourceAt is more than ${ctx.maxFutureMs} ms ahead`);
  }
  const value = {
    price,
    status: item.status,
    main: item.main,
    sourceAt,
    receivedAt: ctx.now,
    ...(item.reason === undefined ? {} : { reason: item.reason }),
    ...(item.limit === undefined ? {} : { limit: item.limit }),
  };
  const key = {
    event: item.event,
    market: item.market,
    period: item.period,
    book: item.book,
    selection: item.selection,
    line: item.line,
  };
  return { ok: true, update: { kind: 'quote', key, value } };
}

/** Validates one raw item (already JSON-parsed) into an Update or a coded reason. */
export function normalise(raw: unknown, ctx: NormaliseContext): Normalised {
  const parsed = ingestItem.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const at = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    return fail('LC_ERR_INGEST_INVALID_ITEM', `${at}${issue.message}`);
  }
  return fromItem(parsed.data, ctx);
}
