// Every timestamp and number is range-checked at the edge, and rows stored before that was so
// are skipped on load rather than crashing a timer or a REST route.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { compileFilter } from '../../model/filter.js';
import { type Change, quoteKeyString, type SportEvent } from '../../model/types.js';
import { startTestApp } from '../../testing/app.js';
import { eventItems, quoteItems } from '../../testing/feed.js';
import { RoClient, startRo, subscribeFrame } from '../../testing/rapidodds.js';

const event = (over: Record<string, unknown>) => ({ ...(eventItems()[0] as object), ...over });
const quote = (over: Record<string, unknown>) => ({
  type: 'quote',
  event: 'nba-1',
  market: 'spread',
  book: 'draftkings',
  selection: 'home',
  line: -3.5,
  price: { american: -110 },
  ...over,
});

test('timestamps outside 2000..2100 and numbers outside their bounds are refused with codes', async () => {
  const t = await startTestApp();
  try {
    assert.equal((await t.ingest(eventItems())).status, 200);
    const items = [
      event({ id: 'far-future', startsAt: 8.64e15 + 1 }),
      event({ id: 'huge', startsAt: 1e300 }),
      event({ id: 'far-past', startsAt: -1 }),
      event({ id: 'iso-future', startsAt: '2101-01-01T00:00:00Z' }),
      quote({ sourceAt: 5 }),
      quote({ line: 1e9 }),
      quote({ limit: 1e300 }),
      quote({ price: { american: 1e200 } }),
      quote({ price: { decimal: 1e300 } }),
      event({ id: 'score', status: 'live', live: { home: 1e9, away: 0, clock: 0, period: 1 } }),
      event({ id: 'ok', startsAt: Date.UTC(2031, 5, 1) }),
    ];
    const { status, body } = await t.ingest(items);
    assert.equal(status, 422);
    assert.deepEqual(
      (body.results as { code?: string }[]).map((r) => r.code ?? 'ok'),
      [
        'LC_ERR_INGEST_BAD_TIME',
        'LC_ERR_INGEST_BAD_TIME',
        'LC_ERR_INGEST_BAD_TIME',
        'LC_ERR_INGEST_BAD_TIME',
        'LC_ERR_INGEST_BAD_TIME',
        'LC_ERR_INGEST_INVALID_ITEM',
        'LC_ERR_INGEST_INVALID_ITEM',
        'LC_ERR_INGEST_INVALID_ITEM',
        'LC_ERR_INGEST_INVALID_ITEM',
        'LC_ERR_INGEST_INVALID_ITEM',
        'ok',
      ],
    );
    assert.equal(t.app.state.events(compileFilter({})).filter((e) => e.id === 'huge').length, 0);
  } finally {
    await t.close();
  }
});

test('a stored event whose time no Date can hold is skipped on load; RapidOdds REST and pushes keep working', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'linecast-ranges-'));
  try {
    const first = await startRo({}, dir);
    assert.equal((await first.t.ingest(eventItems())).status, 200);
    assert.equal((await first.t.ingest(quoteItems(72, 3, 72))).status, 200);
    // A row as an earlier version stored it, before the edge checked ranges.
    const good = first.t.app.state.events(compileFilter({})).find((e) => e.id === 'nba-2')!;
    const bad: SportEvent = { ...good, id: 'nba-bad', startsAt: 1e300 };
    const pos = first.t.app.state.position();
    const at = Date.UTC(2030, 0, 1);
    const common = { epoch: pos.epoch, at, sport: bad.sport, league: bad.league, inPlay: false };
    const key = {
      event: bad.id,
      market: 'moneyline',
      period: 'game',
      book: 'draftkings',
      selection: 'home',
      line: null,
    };
    const changes: Change[] = [
      {
        ...common,
        kind: 'event',
        seq: pos.seq + 1,
        id: `event:${bad.id}`,
        before: null,
        after: bad,
      },
      {
        ...common,
        kind: 'quote',
        seq: pos.seq + 2,
        id: quoteKeyString(key),
        key,
        before: null,
        after: {
          price: { decimal: 1.9 },
          status: 'open',
          main: true,
          sourceAt: at,
          receivedAt: at,
        },
      },
    ];
    assert.ok(first.t.app.history.append(changes));
    await first.t.app.history.waitDurable(pos.seq + 2);
    await first.close({ keepData: true });

    const again = await startRo({}, dir);
    try {
      assert.equal(
        again.t.app.state.events(compileFilter({})).some((e) => e.id === 'nba-bad'),
        false,
      );
      const { key } = again.key('pro');
      const res = await fetch(
        `${again.t.url}/sports/NBA/markets?api_key=${key}&market_type=head_to_head&bookmaker=DraftKings`,
      );
      assert.equal(res.status, 200);
      const body = (await res.json()) as { games: unknown[] };
      assert.equal(body.games.length, 2);
      const c = await RoClient.open(again.t.wsUrl, key);
      c.send(subscribeFrame('NBA', ['DraftKings'], ['head_to_head']));
      await c.until((f) => f.some((x) => x.event === 'subscribed'));
      assert.equal((await again.t.ingest(quoteItems(72, 4, 72))).status, 200);
      again.cycle();
      await c.until((f) => f.some((x) => x.event === 'odds_update'));
      await c.close();
    } finally {
      await again.close({ keepData: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
