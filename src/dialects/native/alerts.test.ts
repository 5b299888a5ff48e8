// The alert stream end to end: a fresh server on the default simulator, driven by the manual
// clock, shows arbitrages and +EV alerts with their legs and stakes to native subscribers over
// WebSocket and SSE, and on REST, within one simulated minute.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Alert, ArbAlert, EvAlert } from '../../analytics/types.js';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { type Frame, NativeClient } from '../../testing/native-client.js';
import { SseClient } from '../../testing/sse-client.js';
import { ManualScheduler } from '../../timers/scheduler.js';

const START = Date.UTC(2026, 10, 21, 18);
let t: TestApp;
let clock: ManualScheduler;
let ws: NativeClient;
let sse: SseClient;

/**
 * Resolves once `pred` holds, polling while the simulator's own timer catches up with the clock;
 * a bound on a stall (a minute of real time on a loaded machine), not on the wait.
 */
async function until(pred: () => boolean): Promise<void> {
  for (let polls = 0; !pred(); polls++) {
    if (polls > 6_000) throw new Error('stalled: the condition did not hold for a minute');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Every alert a client saw, from snapshots and live phases. */
function alertsOf(frames: readonly Record<string, unknown>[]): Alert[] {
  return frames.flatMap((f) => {
    if (f['type'] === 'alert') return [(f as unknown as { alert: Alert }).alert];
    if (f['type'] === 'alert_snapshot') return (f as unknown as { alerts: Alert[] }).alerts;
    return [];
  });
}

const has = (alerts: Alert[], kind: Alert['kind']) => alerts.some((a) => a.kind === kind);

before(async () => {
  clock = new ManualScheduler(START);
  // The default simulator (200 updates/s, seed 1) and the default analytics.
  t = await startTestApp({ 'simulator.rate': 200 }, undefined, undefined, { scheduler: clock });
  ws = await NativeClient.connect(`${t.wsUrl}/v1/stream?key=${t.key}`);
  ws.send({ type: 'subscribe', id: 'a', stream: 'alerts', kinds: ['arb', 'ev'] });
  sse = await SseClient.connect(`${t.url}/v1/sse?stream=alerts&kind=arb,ev&key=${t.key}`);
});
after(async () => {
  await ws.close();
  await sse.close();
  await t.close();
});

test('arbs and +EV reach WebSocket and SSE subscribers within a simulated minute, with legs and stakes', async () => {
  await until(() => ws.of('subscribed').length === 1);
  let seconds = 0;
  const seen = () => {
    const w = alertsOf(ws.frames as Frame[]);
    const s = alertsOf(sse.frames());
    return has(w, 'arb') && has(w, 'ev') && has(s, 'arb') && has(s, 'ev');
  };
  while (!seen() && seconds < 60) {
    const before = t.app.state.position().seq;
    clock.advance(1_000);
    seconds++;
    // The simulator follows the clock on its own timer: wait until it has caught up.
    await until(() => t.app.state.position().seq > before);
  }
  assert.ok(seen(), `no arb and +EV on both transports after ${seconds} s`);

  const alerts = alertsOf(ws.frames as Frame[]);
  assert.ok(
    alerts.every((a) => a.kind === 'arb' || a.kind === 'ev'),
    'only the kinds asked for',
  );
  for (const arb of alerts.filter((a): a is ArbAlert => a.kind === 'arb')) {
    assert.ok(arb.legs.length >= 2, 'an arb has a leg per outcome');
    const staked = arb.legs.reduce((s, l) => s + l.stake, 0);
    assert.ok(Math.abs(staked - arb.bankroll) < 1e-6, 'the stakes spend the bankroll');
    for (const leg of arb.legs) {
      assert.ok(Math.abs(leg.stake * leg.decimal - arb.payout) < 1e-6, 'every leg pays the same');
      assert.ok(leg.book !== '' && leg.selection !== '');
    }
    assert.ok(arb.profit > 0);
  }
  for (const ev of alerts.filter((a): a is EvAlert => a.kind === 'ev')) {
    assert.ok(ev.edge >= 0.02, 'at least the default threshold');
    assert.ok(ev.kelly > 0 && ev.quote.book !== '');
  }
  // Phases carry contiguous positions of the alert stream, which SSE sends as event ids.
  const seqs = ws.of('alert').map((f) => f['seq'] as number);
  assert.deepEqual(
    seqs,
    [...seqs].sort((a, b) => a - b),
  );
  // The kinds may all be seen in the snapshot's first parts while its last one (the part that
  // carries the position as its id) is still on its way.
  await until(() => sse.lastEventId !== undefined);
  assert.match(sse.lastEventId ?? '', /^a[0-9a-f]{8}:\d+$/);
});

test('REST lists what is open now with the same filters', async () => {
  const res = await fetch(`${t.url}/v1/alerts?kind=arb&key=${t.key}`);
  assert.equal(res.status, 200);
  const body = (await res.json()) as {
    position: { epoch: string; seq: number };
    alerts: Alert[];
  };
  assert.ok(body.alerts.length > 0);
  assert.ok(body.alerts.every((a) => a.kind === 'arb' && a.phase !== 'closed'));
  const head = t.app.alerts!.position();
  assert.equal(body.position.epoch, head.epoch, 'positions of the alert stream');
  assert.ok(body.position.seq <= head.seq);
  const book = body.alerts[0]!.kind === 'arb' ? body.alerts[0]!.legs[0]!.book : '';
  const byBook = (await (
    await fetch(`${t.url}/v1/alerts?kind=arb&book=${book}&key=${t.key}`)
  ).json()) as { alerts: ArbAlert[] };
  assert.ok(byBook.alerts.length > 0);
  assert.ok(byBook.alerts.every((a) => a.legs.some((l) => l.book === book)));
  const bad = await fetch(`${t.url}/v1/alerts?kind=nope&key=${t.key}`);
  assert.equal(bad.status, 400);
});

test('a resume from a position in the window gets exactly the phases after it', async () => {
  const from = ws.of('alert').at(-1) as { epoch: string; seq: number } | undefined;
  assert.ok(from);
  const again = await NativeClient.connect(`${t.wsUrl}/v1/stream?key=${t.key}`);
  // Move on so there is something to miss, then resume from the first client's last phase.
  const before = t.app.alerts!.position().seq;
  while (t.app.alerts!.position().seq === before) {
    const seq = t.app.state.position().seq;
    clock.advance(1_000);
    await until(() => t.app.state.position().seq > seq);
  }
  const head = t.app.alerts!.position().seq;
  again.send({
    type: 'subscribe',
    id: 'r',
    stream: 'alerts',
    from: { epoch: from.epoch, seq: from.seq },
  });
  await again.until(() => again.of('alert').some((f) => (f['seq'] as number) >= head));
  const sub = again.of('subscribed')[0]!;
  assert.equal(sub['mode'], 'resumed');
  const seqs = again.of('alert').map((f) => f['seq'] as number);
  assert.equal(seqs[0], from.seq + 1, 'starts right after the resume point');
  assert.deepEqual(
    seqs.slice(0, head - from.seq),
    Array.from({ length: head - from.seq }, (_, i) => from.seq + 1 + i),
    'no phase missed or repeated',
  );
  // A position from another run is not honoured: a fresh image, flagged.
  again.send({
    type: 'subscribe',
    id: 'x',
    stream: 'alerts',
    kinds: ['arb'],
    from: { epoch: 'old', seq: 3 },
  });
  await again.until(() => again.of('alert_snapshot').some((f) => f['id'] === 'x'));
  const x = again.of('subscribed').find((f) => f['id'] === 'x')!;
  assert.equal(x['mode'], 'snapshot');
  assert.equal(x['recovered'], false);
  // Ids are one namespace across both streams.
  again.send({ type: 'subscribe', id: 'x', filter: {} });
  await again.until(() => again.of('error').length > 0);
  assert.equal(again.of('error')[0]!['code'], 'LC_ERR_PROTOCOL_DUPLICATE_ID');
  again.send({ type: 'unsubscribe', id: 'x' });
  await again.until(() => again.of('unsubscribed').length > 0);
  await again.close();
});
