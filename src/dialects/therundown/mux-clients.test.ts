// Clients of the multiplexed socket written from TheRundown's multiplexed-WebSocket guide,
// pointed at Linecast by host alone: Python `websockets` (Debian python3-websockets) sending the
// documented subscribe messages with the key in the X-TheRundown-Key header, and a browser-style
// client (Node's own WebSocket) that checks `sub_sequence` for gaps the way the official Data MCP
// does (each subscription's first delta is 1, then +1).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { runChild } from '../../testing/child.js';
import { EVENTS, eventItems, quoteItems } from '../../testing/feed.js';
import { liveItem } from '../../testing/therundown-mux.js';

let t: TestApp;
before(async () => {
  t = await startTestApp({ 'dialects.therundown.heartbeatMs': 500 });
  await t.ingest(eventItems());
});
after(() => t.close());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Feeds price changes and NBA scoring until the client process exits. */
async function feedUntil(done: Promise<unknown>): Promise<void> {
  let finished = false;
  void done.then(() => {
    finished = true;
  });
  for (let i = 0; !finished && i < 100; i++) {
    await t.ingest([
      ...quoteItems(24, 900 + i),
      liveItem(EVENTS[0], { home: 2 * i + 2, away: i, clock: 700 - i, period: 1 }),
    ]);
    await sleep(100);
  }
}

const PYTHON = `
import asyncio, json, os
import websockets

async def main():
    seen = {"acks": [], "markets": 0, "scores": 0, "plays": 0, "heartbeat": 0, "sports": set()}
    headers = {"X-TheRundown-Key": os.environ["KEY"]}
    async with websockets.connect(os.environ["URL"], extra_headers=headers) as ws:
        await ws.send(json.dumps({"action": "subscribe", "id": "m1", "channel": "markets",
                                  "params": {"sport_ids": [4], "market_ids": [1, 2, 3]}}))
        await ws.send(json.dumps({"action": "subscribe", "id": "s1", "channel": "scores",
                                  "params": {"sport_ids": [4]}}))
        await ws.send(json.dumps({"action": "subscribe", "id": "p1", "channel": "plays",
                                  "params": {"sport_ids": [4]}}))
        async for raw in ws:
            msg = json.loads(raw)
            if "meta" in msg:
                seen["heartbeat"] += msg["meta"]["type"] == "heartbeat"
                continue
            if msg["type"] == "subscribed":
                seen["acks"].append(msg["id"])
            elif msg["type"] == "delta":
                inner = msg["data"]
                kind = inner["meta"]["type"]
                seen["sports"].add(inner["data"]["sport_id"])
                if kind == "market_price":
                    assert msg["id"] == "m1" and isinstance(inner["data"]["price"], str)
                    seen["markets"] += 1
                elif kind == "score":
                    assert msg["id"] == "s1" and "score_home" in inner["data"]["score"]
                    seen["scores"] += 1
                elif kind == "play":
                    assert msg["id"] == "p1"
                    seen["plays"] += 1
            elif msg["type"] == "error":
                raise SystemExit("error frame: " + json.dumps(msg))
            if seen["markets"] >= 10 and seen["scores"] >= 2 and seen["plays"] >= 2:
                break
        await ws.send(json.dumps({"action": "unsubscribe", "id": "m1"}))
        async for raw in ws:
            msg = json.loads(raw)
            if msg.get("type") == "unsubscribed":
                seen["unsubscribed"] = msg["id"]
                break
    seen["sports"] = sorted(seen["sports"])
    print(json.dumps(seen))

asyncio.run(main())
`;

test('Python websockets: subscribe to markets, scores and plays; deltas routed by id and inner meta.type', async () => {
  const { done } = runChild('/usr/bin/python3', ['-c', PYTHON], {
    URL: `${t.wsUrl}/api/v2/ws`,
    KEY: t.key,
  });
  await feedUntil(done);
  const r = await done;
  assert.equal(r.code, 0, r.stderr);
  const seen = JSON.parse(r.stdout) as Record<string, unknown>;
  assert.deepEqual(seen['acks'], ['m1', 's1', 'p1']);
  assert.ok((seen['markets'] as number) >= 10);
  assert.ok((seen['scores'] as number) >= 2);
  assert.ok((seen['plays'] as number) >= 2);
  assert.deepEqual(seen['sports'], [4]);
  assert.equal(seen['unsubscribed'], 'm1');
});

// The official client's gap check, in a browser-style client: overlapping subscriptions on one
// connection must each count 1, 2, 3 … with no gap and no repeat.
const BROWSER = `
const ws = new WebSocket(process.env.URL);
const last = new Map();
const counts = {};
let gaps = 0;
ws.onopen = () => {
  ws.send(JSON.stringify({ action: 'subscribe', id: 'all', channel: 'markets' }));
  ws.send(JSON.stringify({ action: 'subscribe', id: 'nba', channel: 'markets', params: { sport_ids: [4] } }));
};
ws.onmessage = (event) => {
  const frame = JSON.parse(event.data);
  if (frame.type !== 'delta') return;
  const prev = last.get(frame.id);
  if ((prev === undefined && frame.sub_sequence !== 1) || (prev !== undefined && frame.sub_sequence !== prev + 1)) gaps++;
  last.set(frame.id, frame.sub_sequence);
  counts[frame.id] = (counts[frame.id] ?? 0) + 1;
  if (counts.all >= 50 && counts.nba >= 10) ws.close();
};
ws.onerror = (e) => { console.error('error', e.message); process.exit(2); };
ws.onclose = () => console.log(JSON.stringify({ gaps, counts }));
`;

test('a browser-style client sees sub_sequence 1, 2, 3 … per subscription, no gaps', async () => {
  const { done } = runChild(
    process.execPath,
    ['--experimental-websocket', '--no-warnings', '-e', BROWSER],
    { URL: `${t.wsUrl}/api/v2/ws?key=${t.key}` },
  );
  await feedUntil(done);
  const r = await done;
  assert.equal(r.code, 0, r.stderr);
  const seen = JSON.parse(r.stdout) as { gaps: number; counts: Record<string, number> };
  assert.equal(seen.gaps, 0);
  assert.ok((seen.counts['all'] ?? 0) >= 50);
});
