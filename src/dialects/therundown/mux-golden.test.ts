// Golden frames of the multiplexed socket (§2.5) and its in-play channels: fixed Changes in, the
// exact text out, one file per message type in ./golden (GOLDEN_UPDATE=1 rewrites them).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CatalogIndex } from '../../catalog/index.js';
import { defaultCatalogDir, loadCatalog } from '../../catalog/load.js';
import type { Change, QuoteChange, SportEvent } from '../../model/types.js';
import { expectGolden } from '../../testing/golden.js';
import { marketPriceFrame } from './frames.js';
import { TrIds } from './ids.js';
import { liveFrame, playFrame, playOf, scoreFrame } from './live.js';
import {
  deltaBody,
  deltaHead,
  errorFrame,
  snapshotCompleteFrame,
  subscribedFrame,
  unsubscribedFrame,
} from './mux-messages.js';
import { priceRow } from './rows.js';

const ids = new TrIds(new CatalogIndex(loadCatalog(defaultCatalogDir())));
const AT = Date.UTC(2026, 2, 4, 5, 9, 58, 420);
const NOW = AT + 1_700;

const BEFORE: SportEvent = {
  id: 'nba-2026-03-04-lal-bos',
  sport: 'basketball',
  league: 'nba',
  home: { id: 'nba-bos', name: 'Boston Celtics', abbr: 'BOS' },
  away: { id: 'nba-lal', name: 'Los Angeles Lakers', abbr: 'LAL' },
  startsAt: Date.UTC(2026, 2, 4, 0, 30),
  status: 'live',
  live: { home: 54, away: 49, clock: 330, period: 3 },
};
const AFTER: SportEvent = { ...BEFORE, live: { home: 57, away: 49, clock: 312, period: 3 } };

const eventChange = (
  before: SportEvent,
  after: SportEvent,
): Extract<Change, { kind: 'event' }> => ({
  kind: 'event',
  epoch: 'e1',
  seq: 194_120_580,
  at: AT,
  id: `event:${after.id}`,
  before,
  after,
  sport: 'basketball',
  league: 'nba',
  inPlay: true,
});

const quote: QuoteChange = {
  kind: 'quote',
  epoch: 'e1',
  seq: 194_120_577,
  at: AT,
  id: 'x',
  key: {
    event: BEFORE.id,
    market: 'spread',
    period: 'game',
    book: 'draftkings',
    selection: 'home',
    line: -4.5,
  },
  before: {
    price: { decimal: 1.893, american: -112 },
    status: 'open',
    main: true,
    sourceAt: AT,
    receivedAt: AT,
  },
  after: {
    price: { decimal: 1.926, american: -108 },
    status: 'open',
    main: true,
    sourceAt: AT,
    receivedAt: AT,
  },
  sport: 'basketball',
  league: 'nba',
  inPlay: false,
};

const golden = (name: string, received: string): void =>
  expectGolden(new URL('./golden/', import.meta.url), name, received);

test('golden: subscribed, unsubscribed, error, snapshot_complete', () => {
  golden('mux.subscribed', subscribedFrame('m1', 'markets', 194_120_576));
  golden('mux.unsubscribed', unsubscribedFrame('m1'));
  golden(
    'mux.error.forbidden',
    errorFrame('p1', 'forbidden', 'Live game state requires Ultra plan or higher'),
  );
  golden('mux.snapshot_complete', snapshotCompleteFrame('m1', 194_120_576, 42));
});

test('golden: a markets delta is the per-subscription head plus the shared body', () => {
  const row = priceRow(quote, { ids, event: () => BEFORE });
  assert.ok(row);
  const frame = deltaHead('m1', 7) + deltaBody(quote.seq, marketPriceFrame(row, NOW));
  golden('mux.delta.market_price', frame);
});

test('golden: score, play and live_game_state deltas', () => {
  const c = eventChange(BEFORE, AFTER);
  golden('mux.delta.score', deltaHead('s1', 3) + deltaBody(c.seq, scoreFrame(c, ids, NOW)));
  const play = playOf(c, ids);
  assert.ok(play);
  golden('mux.delta.play', deltaHead('p1', 1) + deltaBody(c.seq, playFrame(play, NOW)));
  const card: SportEvent = {
    ...AFTER,
    live: { ...AFTER.live!, incident: { n: 4, kind: 'timeout', side: 'away' } },
  };
  golden(
    'mux.delta.live_game_state',
    deltaHead('l1', 2) + deltaBody(c.seq, liveFrame(eventChange(AFTER, card), ids, NOW)),
  );
});
