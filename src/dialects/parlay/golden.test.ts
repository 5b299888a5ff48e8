import { after, before, test } from 'node:test';
import { expectGolden } from '../../testing/golden.js';
import { PxClient, type PxServer, START, startParlay } from '../../testing/parlay.js';
import { SseClient } from '../../testing/sse-client.js';

const GAME = 'golden-nba-1';
const EVENT_ID = '2030-01-02_Denver_Nuggets_Minnesota_Timberwolves';
const EVENTS = [
  {
    type: 'event',
    id: GAME,
    sport: 'basketball',
    league: 'nba',
    home: { id: 'nba-min', name: 'Minnesota Timberwolves' },
    away: { id: 'nba-den', name: 'Denver Nuggets' },
    startsAt: Date.UTC(2030, 0, 2, 0, 30),
    status: 'scheduled',
  },
];
const q = (
  market: string,
  book: string,
  selection: string,
  line: number | null,
  american: number,
  ago = 2_000,
) => ({
  type: 'quote',
  event: GAME,
  market,
  book,
  selection,
  line,
  price: { american },
  sourceAt: START - ago,
});

let s: PxServer;
before(async () => {
  s = await startParlay();
  await s.t.ingest(EVENTS);
  await s.t.ingest([
    q('moneyline', 'pinnacle', 'away', null, 128),
    q('moneyline', 'pinnacle', 'home', null, -140),
    q('player-rebounds', 'fanduel', 'nikola-jokic.over', 11.5, -118, 10_000),
  ]);
});
after(() => s.close());

const golden = (name: string, received: string): void =>
  expectGolden(new URL('./golden/', import.meta.url), name, received);

const open = async (tier: 'business' | 'scale', q = '') => {
  const c = await PxClient.open(
    `${s.t.wsUrl}/v1/ws/odds/basketball_nba?apiKey=${s.key(tier)}&event_id=${EVENT_ID}${q}`,
  );
  await c.count('initial_state');
  return c;
};

/** Sends one client frame and returns the text of the frame it causes. */
async function answer(c: PxClient, frame: unknown): Promise<string> {
  const n = c.c.texts.length;
  c.send(frame);
  await c.until((x) => x.c.texts.length > n);
  return c.c.texts[n]!;
}

test('connected, initial_state, subscribe and error frames', async () => {
  const c = await open('business', '&bookmakers=pinnacle,fanduel');
  golden('connected', c.c.texts[0]!);
  golden('initial_state', c.c.texts[1]!);
  golden('subscribed', await answer(c, { type: 'subscribe', event_id: EVENT_ID }));
  golden('unsubscribed', await answer(c, { type: 'unsubscribe' }));
  golden('error-invalid_json', await answer(c, '{"type": subscribe'));
  golden('error-invalid_message', await answer(c, { type: 'subscribe', event_id: 7 }));
  golden('error-unknown_type', await answer(c, { type: 'snapshot' }));
  await c.close();
});

test('odds_update: coalesced on Business, raw on Scale, diff mode; heartbeat', async () => {
  const business = await open('business');
  const raw = await open('scale');
  const diff = await open('scale', '&diff=true');
  s.clock.advance(500);
  await s.t.ingest([q('moneyline', 'pinnacle', 'away', null, 125, 0)]);
  await s.t.ingest([q('moneyline', 'pinnacle', 'away', null, 122, 0)]);
  await raw.count('odds_update', 2);
  await diff.count('odds_update', 2);
  golden('odds_update-raw', raw.c.texts[3]!);
  golden('odds_update-diff', diff.c.texts[3]!);
  s.clock.advance(500);
  await business.count('odds_update');
  golden('odds_update-coalesced', business.c.texts[2]!);
  s.clock.advance(29_000);
  await business.count('heartbeat');
  golden('heartbeat', business.of('heartbeat').map((f) => JSON.stringify(f))[0]!);
  await Promise.all([business.close(), raw.close(), diff.close()]);
});

test('SSE: hot_feed_status', async () => {
  const c = await SseClient.connect(
    `${s.t.url}/v1/sse/odds/basketball_nba?apiKey=${s.key('business')}&event_id=${EVENT_ID}`,
  );
  await c.until(() => c.events.length >= 2);
  golden('hot_feed_status', c.events[1]!.data);
  await c.close();
});
