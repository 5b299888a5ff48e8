// Clients written the way TickOdds documents them, pointed at Linecast by host alone: the
// browser snippet (`new WebSocket(url)`, `onmessage`, `JSON.parse`, send `{subscribe:[...]}`)
// on Node's own WebSocket in a child process, and Python `websockets`. Each must get the
// snapshot, then only the sport it asked for, every frame in the documented shape.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type Running, runChild } from '../../testing/child.js';
import { board, eventItem, type Harness, quote, startHarness } from '../../testing/tickodds.js';

let h: Harness;
before(async () => {
  h = await startHarness();
  await h.feed([
    eventItem('soccer'),
    eventItem('basketball'),
    eventItem('tennis', { clock: 0 }),
    ...board(),
  ]);
});
after(() => h.t.close());

const BROWSER = `
const ws = new WebSocket(process.env.URL);
const seen = { snapshot: 0, updates: 0, sports: new Set(), errors: [] };
ws.onmessage = (event) => {
  try {
    const msg = JSON.parse(event.data);
    if (msg.type === 'snapshot') {
      seen.snapshot = msg.count;
      ws.send(JSON.stringify({ subscribe: ['Soccer'] }));
      console.log(JSON.stringify({ step: 'subscribed' }));
      return;
    }
    if (msg.type === 'heartbeat') return;
    if (!['match_start', 'update', 'match_end'].includes(msg.type)) seen.errors.push(msg.type);
    seen.sports.add(msg.event.sportName);
    if (msg.type === 'update' && msg.change === 'odds') {
      if (typeof msg.selection.odds !== 'number' || typeof msg.marketName !== 'string') seen.errors.push('odds');
      if (++seen.updates === 3) ws.close();
    }
  } catch (e) {
    seen.errors.push(String(e));
  }
};
ws.onclose = () => {
  console.log(JSON.stringify({ step: 'done', updates: seen.updates, sports: [...seen.sports], snapshot: seen.snapshot, errors: seen.errors }));
};
`;

const run = runChild;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Once the client says it subscribed, moves prices in two sports until it exits. */
async function feedUntil(r: Running): Promise<void> {
  let finished = false;
  void r.done.then(() => {
    finished = true;
  });
  while (!finished && !r.stdout().includes('"subscribed"')) await sleep(20);
  await sleep(200);
  for (let i = 0; !finished && i < 200; i++) {
    const p = 1.5 + (i % 50) / 100;
    await h.feed([
      quote('basketball', 'moneyline', 'home', p),
      quote('soccer', 'three-way', 'draw', p + 1),
    ]);
    await sleep(50);
  }
}

function lastStep(stdout: string): Record<string, unknown> {
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines.at(-1)!) as Record<string, unknown>;
}

test('the browser snippet on Node WebSocket gets the snapshot and only Soccer after subscribing', async () => {
  const r = run(process.execPath, ['--experimental-websocket', '-e', BROWSER], {
    URL: `${h.t.wsUrl}/ws/live?apiKey=${h.keys.live}`,
  });
  await feedUntil(r);
  const { code, stdout, stderr } = await r.done;
  assert.equal(code, 0, stderr);
  const done = lastStep(stdout);
  assert.deepEqual(done, { step: 'done', updates: 3, sports: ['Soccer'], snapshot: 3, errors: [] });
});

test('Python websockets gets the snapshot and only the sport it asked for', async () => {
  const script = fileURLToPath(new URL('./clients/live.py', import.meta.url));
  const r = run('/usr/bin/python3', [script, h.t.wsUrl, h.keys.live, 'basketball', '3']);
  await feedUntil(r);
  const { code, stdout, stderr } = await r.done;
  assert.equal(code, 0, stderr);
  assert.deepEqual(lastStep(stdout), { step: 'done', updates: 3, sports: ['Basketball'] });
});
