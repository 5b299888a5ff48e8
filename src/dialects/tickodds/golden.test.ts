import { after, before, test } from 'node:test';
import { WebSocket } from 'ws';
import { TextClient } from '../../conformance/client.js';
import { expectGolden } from '../../testing/golden.js';
import {
  eventItem,
  type Frame,
  framesOf,
  type Harness,
  quote,
  startHarness,
} from '../../testing/tickodds.js';

let h: Harness;
before(async () => {
  h = await startHarness({ 'dialects.tickodds.ackSubscriptions': true });
  await h.feed([
    eventItem('soccer', { clock: 725 }),
    quote('soccer', 'three-way', 'home', 2.3),
    quote('soccer', 'three-way', 'draw', 3.2),
    quote('soccer', 'three-way', 'away', 3.4),
    quote('soccer', 'total', 'over', 1.83, { line: 2.5 }),
    quote('soccer', 'total', 'under', 1.98, { line: 2.5 }),
  ]);
});
after(() => h.t.close());

const golden = (name: string, value: unknown): void =>
  expectGolden(new URL('./golden/', import.meta.url), name, JSON.stringify(value));

function refusal(url: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => reject(new Error('opened')));
    ws.once('error', () => {});
    ws.once('unexpected-response', (_req, res) => {
      let text = '';
      res.on('data', (d: Buffer) => {
        text += d.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
  });
}

test('golden: every frame type of /ws/live', async () => {
  const c = await TextClient.connect(`${h.t.wsUrl}/ws/live?apiKey=${h.keys.pro}`);
  await c.until(() => c.texts.length === 1);
  const step = async (items: unknown[] | null, frame?: string) => {
    const n = c.texts.length;
    if (frame) c.send(frame);
    if (items) await h.feed(items);
    await c.until(() => c.texts.length === n + 1);
    return framesOf(c)[n] as Frame;
  };
  golden('snapshot', framesOf(c)[0]);
  golden('subscribed', await step(null, '{"subscribe":["Soccer","basketball"]}'));
  h.clock.advance(2_000);
  golden('update.odds', await step([quote('soccer', 'three-way', 'home', 2.2)]));
  golden('update.score', await step([eventItem('soccer', { clock: 1_500, home: 1 })]));
  golden(
    'update.period',
    await step([eventItem('soccer', { clock: 2_700, home: 1, status: 'break' })]),
  );
  golden(
    'update.incident',
    await step([
      eventItem('soccer', {
        clock: 2_700,
        home: 1,
        status: 'break',
        incident: { n: 1, kind: 'yellow_card', side: 'away' },
      }),
    ]),
  );
  golden(
    'update.suspended',
    await step([
      eventItem('soccer', {
        clock: 2_700,
        home: 1,
        status: 'break',
        suspended: true,
        incident: { n: 1, kind: 'yellow_card', side: 'away' },
      }),
    ]),
  );
  golden(
    'match_end',
    await step([eventItem('soccer', { clock: 2_700, home: 2, period: 2, status: 'ended' })]),
  );
  golden('match_start', await step([eventItem('basketball', { clock: 720 })]));
  const n = c.texts.length;
  h.clock.advance(15_000);
  await c.until(() => c.texts.length === n + 1);
  golden('heartbeat', framesOf(c)[n]);
  await c.close();
});

test('golden: refusals at the upgrade and REST errors share one envelope', async () => {
  golden('error.401', await refusal(`${h.t.wsUrl}/ws/live`));
  golden('error.403', await refusal(`${h.t.wsUrl}/ws/live?apiKey=${h.keys.starter}`));
  const r = await fetch(`${h.t.url}/api/v1/live/events/1`, {
    headers: { 'X-API-Key': h.keys.pro },
  });
  golden('error.404', { status: r.status, body: await r.json() });
});
