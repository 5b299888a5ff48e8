// Golden frames: a fixed Change (or refusal) in, the exact text out, one file per message type
// and error body in ./golden. Key order matters: files are compared after re-serialising, so
// only whitespace may differ. `GOLDEN_UPDATE=1` rewrites the files (review the diff!).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CatalogIndex } from '../../catalog/index.js';
import { defaultCatalogDir, loadCatalog } from '../../catalog/load.js';
import type { QuoteChange, QuoteValue, SportEvent } from '../../model/types.js';
import { expectGolden } from '../../testing/golden.js';
import {
  connectionLimitBody,
  errorBody,
  eventFrame,
  heartbeatFrame,
  MESSAGES,
  marketPriceFrame,
} from './frames.js';
import { TrIds } from './ids.js';
import { deltaEntry, historyEntry, priceRow, type RowContext } from './rows.js';
import { v1Event, v2Event } from './shapes.js';

const ids = new TrIds(new CatalogIndex(loadCatalog(defaultCatalogDir())));
const AT = Date.UTC(2026, 2, 4, 5, 9, 58, 420);
const NOW = AT + 1_700;

const EVENT: SportEvent = {
  id: 'nba-2026-03-04-lal-bos',
  sport: 'basketball',
  league: 'nba',
  home: { id: 'nba-bos', name: 'Boston Celtics', abbr: 'BOS' },
  away: { id: 'nba-lal', name: 'Los Angeles Lakers', abbr: 'LAL' },
  startsAt: Date.UTC(2026, 2, 4, 0, 30),
  status: 'scheduled',
};
const LIVE: SportEvent = {
  ...EVENT,
  status: 'live',
  live: { home: 54, away: 49, clock: 312, period: 3 },
};
const ctx: RowContext = { ids, event: (id) => (id === EVENT.id ? EVENT : undefined) };

const value = (american: number | null, over: Partial<QuoteValue> = {}): QuoteValue => ({
  price:
    american === null
      ? null
      : { decimal: american > 0 ? 1 + american / 100 : 1 + 100 / -american, american },
  status: american === null ? 'off_board' : 'open',
  main: true,
  sourceAt: AT - 300,
  receivedAt: AT - 10,
  ...over,
});

function change(over: Partial<QuoteChange>): QuoteChange {
  const key = over.key ?? {
    event: EVENT.id,
    market: 'spread',
    period: 'game',
    book: 'draftkings',
    selection: 'home',
    line: -4.5,
  };
  return {
    kind: 'quote',
    epoch: 'e1',
    seq: 194_120_577,
    at: AT,
    id: 'x',
    key,
    before: value(-112),
    after: value(-108),
    sport: 'basketball',
    league: 'nba',
    inPlay: false,
    ...over,
  };
}

const golden = (name: string, received: string): void =>
  expectGolden(new URL('./golden/', import.meta.url), name, received);

const frame = (c: QuoteChange) => {
  const row = priceRow(c, ctx);
  assert.ok(row);
  return marketPriceFrame(row, NOW);
};

test('market_price: a price change on a spread', () => {
  golden('market_price', frame(change({})));
});

test('market_price: a brand-new price has previous_price null and price_delta 0', () => {
  golden('market_price.new', frame(change({ before: null, after: value(150) })));
});

test('market_price: off the board is the 0.0001 sentinel and no delta is computed', () => {
  golden('market_price.off_board', frame(change({ after: value(null) })));
  golden('market_price.back_on_board', frame(change({ before: value(null), after: value(-105) })));
});

test('market_price: an in-play total uses the live market id and the Over result participant', () => {
  const key = {
    event: EVENT.id,
    market: 'total',
    period: 'game',
    book: 'fanduel',
    selection: 'over',
    line: 224.5,
  };
  const row = priceRow(change({ key, inPlay: true, before: value(-110), after: value(-117) }), {
    ids,
    event: () => LIVE,
  });
  assert.ok(row);
  golden('market_price.live_total', marketPriceFrame(row, NOW));
});

test('market_price: a moneyline sends line "0"; a decimal-only price becomes American', () => {
  const key = {
    event: EVENT.id,
    market: 'moneyline',
    period: 'game',
    book: 'pinnacle',
    selection: 'away',
    line: null,
  };
  golden(
    'market_price.moneyline',
    frame(change({ key, before: value(135), after: { ...value(140), price: { decimal: 2.4 } } })),
  );
});

test('no frame for a book, league or market TheRundown has no id for', () => {
  assert.equal(priceRow(change({ key: { ...change({}).key, book: 'bet365' } }), ctx), null);
  assert.equal(
    priceRow(
      change({
        key: { ...change({}).key, market: 'player-steals', selection: 'jayson-tatum.over' },
      }),
      ctx,
    ),
    null,
  );
});

test('heartbeat', () => {
  golden('heartbeat', heartbeatFrame(NOW));
});

test('V1 event update on /api/v1/ws', () => {
  golden('event.v1', eventFrame(v1Event(LIVE, null, ids), NOW));
});

test('error bodies: 401, 403, 429, 400, TLS', () => {
  golden('error.401.missing', JSON.stringify(errorBody(MESSAGES.missingKey)));
  golden('error.401.unknown', JSON.stringify(errorBody(MESSAGES.unknownKey)));
  golden('error.403', JSON.stringify(errorBody(MESSAGES.noWebSocket)));
  golden('error.403.tls', JSON.stringify(errorBody(MESSAGES.tlsRequired)));
  golden('error.429', JSON.stringify(connectionLimitBody(3, 60)));
  golden('error.400.filter', JSON.stringify(errorBody('invalid sport_ids')));
  golden('error.400.stale', JSON.stringify(errorBody(MESSAGES.staleCursor)));
  golden('error.400.not_found', JSON.stringify(errorBody(MESSAGES.unknownCursor)));
});

test('REST rows: delta entry and history entry of the same change as the market_price frame', () => {
  const row = priceRow(change({}), ctx);
  assert.ok(row);
  golden('delta_entry', JSON.stringify(deltaEntry(row)));
  golden('history_entry', JSON.stringify(historyEntry(row)));
});

test('REST event with markets (§5.1 shape)', () => {
  const quotes = [
    { key: change({}).key, value: value(-108) },
    { key: { ...change({}).key, book: 'fanduel' }, value: value(-110) },
    { key: { ...change({}).key, selection: 'away', line: 4.5 }, value: value(-112) },
    {
      key: {
        event: EVENT.id,
        market: 'total',
        period: 'game',
        book: 'draftkings',
        selection: 'over',
        line: 224.5,
      },
      value: value(null),
    },
  ];
  const v = v2Event(EVENT, quotes, ids, { marketIds: new Set([1, 2, 3]), mainLine: false });
  golden('event.v2', JSON.stringify(v));
});
