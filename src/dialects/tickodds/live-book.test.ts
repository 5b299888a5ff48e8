// The LiveBook on its own: each Change of a batch gets the document as it stood right after that
// Change, and a batch's frames are let go when the next batch comes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CatalogIndex } from '../../catalog/index.js';
import { defaultCatalogDir, loadCatalog } from '../../catalog/load.js';
import type { Change, QuoteKey, SportEvent } from '../../model/types.js';
import type { CoreReader } from '../../seam/core.js';
import { LiveBook } from './live-book.js';
import { Vocab } from './vocab.js';

const catalog = new CatalogIndex(loadCatalog(defaultCatalogDir()));
const empty = { position: { epoch: 'e', seq: 0 }, events: [], quotes: [] };
const reader = { snapshot: () => empty } as unknown as CoreReader;

const event: SportEvent = {
  id: 'nba-x',
  sport: 'basketball',
  league: 'nba',
  home: { id: 'h', name: 'Home' },
  away: { id: 'a', name: 'Away' },
  startsAt: 0,
  status: 'live',
  live: { home: 0, away: 0, clock: 700, period: 1 },
};

let seq = 0;
const eventChange = (after: SportEvent): Change => ({
  kind: 'event',
  epoch: 'e',
  seq: ++seq,
  at: seq * 1000,
  id: `event:${after.id}`,
  before: null,
  after,
  sport: after.sport,
  league: after.league,
  inPlay: true,
});
const key: QuoteKey = {
  event: 'nba-x',
  market: 'moneyline',
  period: 'game',
  book: 'bet365',
  selection: 'home',
  line: null,
};
const priceChange = (decimal: number): Change => ({
  kind: 'quote',
  epoch: 'e',
  seq: ++seq,
  at: seq * 1000,
  id: 'q',
  key,
  before: null,
  after: { price: { decimal }, status: 'open', main: true, sourceAt: 0, receivedAt: 0 },
  sport: 'basketball',
  league: 'nba',
  inPlay: true,
});

test('each Change of one batch carries the document as it stood after that Change', () => {
  const book = new LiveBook(new Vocab(catalog), catalog, reader, 'bet365');
  const start = eventChange(event);
  const a = priceChange(1.8);
  const b = priceChange(1.7);
  const score = eventChange({ ...event, live: { home: 2, away: 0, clock: 690, period: 1 } });
  book.observe([start, a, b, score]);
  const frames = [start, a, b, score].map((c) => JSON.parse(book.frameOf(c) ?? 'null'));
  assert.deepEqual(
    frames.map((f) => [f.type, f.change ?? null, f.event.odds[0]?.price ?? null, f.event.score]),
    [
      ['match_start', null, null, '0-0'],
      ['update', 'odds', 1.8, '0-0'],
      ['update', 'odds', 1.7, '0-0'],
      ['update', 'score', 1.7, '2-0'],
    ],
  );
  assert.equal(JSON.parse(book.snapshotFrame()).events[0].score, '2-0');
  // A clock tick has no frame, yet the next snapshot shows it.
  const tick = eventChange({ ...event, live: { home: 2, away: 0, clock: 600, period: 1 } });
  book.observe([tick]);
  assert.equal(book.frameOf(tick), null);
  assert.equal(JSON.parse(book.snapshotFrame()).events[0].clock, '10:00');
  book.observe([priceChange(1.6)]);
  assert.equal(book.frameOf(a), null, 'frames of an earlier batch are let go');
});
