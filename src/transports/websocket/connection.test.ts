// Established WebSocket connections on Linecast's own upgrade and frame reader, with real clients:
// Node's `ws`, Node's built-in WebSocket and Python `websockets` (fragments, pings, 16-bit
// lengths, close codes, the limit), then raw sockets: bytes in the upgrade's packet, a peer that
// never finishes closing, and a seeded fuzz of frame streams cut into random pieces, where every
// connection must end with the close code the in-process reader predicts and the server go on.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { after, before, test } from 'node:test';
import type { WebSocket } from 'ws';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { runChild } from '../../testing/child.js';
import { eventItems } from '../../testing/feed.js';
import { Rng } from '../../testing/fuzz/kit.js';
import { NativeClient } from '../../testing/native-client.js';
import { clientFrame, closePayload, frameStream, randomPieces } from '../../testing/ws-frames.js';
import { sweepClosing } from './connection.js';
import { FrameReader } from './reader.js';

const MAX = 4_096;
let t: TestApp;

before(async () => {
  t = await startTestApp({
    'stream.maxFrameBytes': MAX,
    // The fuzz sends many messages; the rate limit is tested elsewhere.
    'stream.clientMessagesPerSecond': 100_000,
  });
  await t.ingest(eventItems());
});
after(() => t.close());

const streamPath = () => `/v1/stream?key=${t.key}`;

function closed(ws: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
}

async function until(pred: () => boolean, what: string): Promise<void> {
  for (let i = 0; !pred(); i++) {
    if (i > 2_000) throw new Error(`never: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

test('ws: a fragmented subscribe, a ping answered with its payload, the close code echoed', async () => {
  const c = await NativeClient.connect(`${t.wsUrl}${streamPath()}`);
  await c.until(() => c.of('welcome').length === 1);
  const text = JSON.stringify({ type: 'subscribe', id: 'frag', filter: {}, snapshot: false });
  c.ws.send(text.slice(0, 10), { fin: false });
  c.ws.send(text.slice(10, 30), { fin: false });
  c.ws.send(text.slice(30), { fin: true });
  await c.until(() => c.of('subscribed').length === 1);
  const pong = once(c.ws, 'pong');
  c.ws.ping('are you there');
  assert.equal(((await pong)[0] as Buffer).toString(), 'are you there');
  const before = t.app.hub.connectionCount;
  const end = closed(c.ws);
  c.ws.close(4000, 'bye');
  assert.equal((await end).code, 4000);
  await until(() => t.app.hub.connectionCount === before - 1, 'the hub let the client go');
});

test('ws: a message over stream.maxFrameBytes is closed with 1009, invalid UTF-8 with 1007', async () => {
  const big = await NativeClient.connect(`${t.wsUrl}${streamPath()}`);
  const tooBig = closed(big.ws);
  big.ws.send('x'.repeat(MAX + 1));
  assert.equal((await tooBig).code, 1009);
  // Over the limit in fragments that are each within it.
  const frag = await NativeClient.connect(`${t.wsUrl}${streamPath()}`);
  const fragEnd = closed(frag.ws);
  frag.ws.send('y'.repeat(MAX - 10), { fin: false });
  frag.ws.send('y'.repeat(20), { fin: true });
  assert.equal((await fragEnd).code, 1009);
  const bad = await NativeClient.connect(`${t.wsUrl}${streamPath()}`);
  const badEnd = closed(bad.ws);
  bad.ws.send(Buffer.from([0x7b, 0xc3, 0x28, 0x7d]), { binary: false });
  assert.equal((await badEnd).code, 1007);
});

const BROWSER = `
const ws = new WebSocket(process.env.URL, ['linecast.v1', 'other']);
const out = { protocol: '', subscribed: false, code: 0 };
ws.onopen = () => {
  out.protocol = ws.protocol;
  // Padding makes a frame of the 16-bit length form.
  const sub = JSON.stringify({ type: 'subscribe', id: 's', filter: {}, snapshot: false });
  ws.send(sub.slice(0, -1) + ' '.repeat(1000) + '}');
};
ws.onmessage = (e) => {
  const f = JSON.parse(e.data);
  if (f.type === 'subscribed') {
    out.subscribed = true;
    ws.send('z'.repeat(70000));
  }
};
ws.onclose = (e) => {
  out.code = e.code;
  console.log(JSON.stringify(out));
};
`;

test("Node's WebSocket: the first subprotocol echoed, a 16-bit frame read, a 64-bit one past the limit closed with 1009", async () => {
  const r = runChild(process.execPath, ['--experimental-websocket', '-e', BROWSER], {
    URL: `${t.wsUrl}${streamPath()}`,
  });
  const { code, stdout, stderr } = await r.done;
  assert.equal(code, 0, stderr);
  assert.deepEqual(JSON.parse(stdout.trim().split('\n').at(-1)!), {
    protocol: 'linecast.v1',
    subscribed: true,
    code: 1009,
  });
});

const PYTHON = `
import asyncio, json, sys
import websockets

async def main():
    async with websockets.connect(sys.argv[1]) as ws:
        welcome = json.loads(await ws.recv())
        # An iterable is sent as one fragmented message.
        text = json.dumps({"type": "subscribe", "id": "py", "filter": {}, "snapshot": False})
        await ws.send([text[:5], text[5:40], text[40:]])
        while True:
            f = json.loads(await ws.recv())
            if f["type"] == "subscribed":
                break
        latency = await (await ws.ping(b"py-ping"))
        await ws.close(code=4002, reason="done")
        print(json.dumps({"welcome": welcome["type"], "subscribed": f["id"], "code": ws.close_code}))

asyncio.run(main())
`;

test('Python websockets: a fragmented subscribe, its ping answered, the close code echoed', async () => {
  const r = runChild('/usr/bin/python3', ['-c', PYTHON, `${t.wsUrl}${streamPath()}`]);
  const { code, stdout, stderr } = await r.done;
  assert.equal(code, 0, stderr);
  assert.deepEqual(JSON.parse(stdout.trim().split('\n').at(-1)!), {
    welcome: 'welcome',
    subscribed: 'py',
    code: 4002,
  });
});

/** A raw client: the upgrade by hand, then whatever bytes the test sends, reading server frames. */
class Raw {
  readonly frames: { op: number; payload: Buffer }[] = [];
  ended = false;
  closedSocket = false;
  private buf = Buffer.alloc(0);
  private upgraded = false;

  constructor(readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on('data', (d: Buffer) => this.take(d));
    socket.on('end', () => {
      this.ended = true;
    });
    socket.on('close', () => {
      this.closedSocket = true;
    });
    socket.on('error', () => {});
  }

  /** `halfOpen`: the client never ends its side when the server ends its own. */
  static async open(path: string, extra: Buffer = Buffer.alloc(0), halfOpen = false): Promise<Raw> {
    const { port } = new URL(t.url);
    const socket = connect({ port: Number(port), host: '127.0.0.1', allowHalfOpen: halfOpen });
    const raw = new Raw(socket);
    await once(socket, 'connect');
    const head =
      `GET ${path} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n';
    socket.write(Buffer.concat([Buffer.from(head), extra]));
    await until(() => raw.upgraded || raw.closedSocket, 'the 101');
    assert.ok(raw.upgraded, 'upgraded');
    return raw;
  }

  private take(d: Buffer): void {
    this.buf = Buffer.concat([this.buf, d]);
    if (!this.upgraded) {
      const end = this.buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      assert.match(this.buf.subarray(0, end).toString(), /^HTTP\/1\.1 101 /);
      assert.match(this.buf.toString(), /Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK\+xOo=/);
      this.upgraded = true;
      this.buf = this.buf.subarray(end + 4);
    }
    for (;;) {
      if (this.buf.length < 2) return;
      let n = this.buf[1]! & 0x7f;
      let at = 2;
      if (n === 126) {
        if (this.buf.length < 4) return;
        n = this.buf.readUInt16BE(2);
        at = 4;
      } else if (n === 127) {
        if (this.buf.length < 10) return;
        n = Number(this.buf.readBigUInt64BE(2));
        at = 10;
      }
      if (this.buf.length < at + n) return;
      this.frames.push({ op: this.buf[0]! & 0x0f, payload: this.buf.subarray(at, at + n) });
      this.buf = this.buf.subarray(at + n);
    }
  }

  closeCode(): number | null {
    const c = this.frames.find((f) => f.op === 8);
    if (!c) return null;
    return c.payload.length >= 2 ? c.payload.readUInt16BE(0) : 1005;
  }
}

test('bytes in the packet of the upgrade request are read as frames', async () => {
  const ping = clientFrame(1, JSON.stringify({ type: 'ping', id: 'in-head' }));
  const raw = await Raw.open(streamPath(), ping);
  await until(
    () => raw.frames.some((f) => f.op === 1 && f.payload.includes('"in-head"')),
    'the pong',
  );
  raw.socket.destroy();
});

test('a refused Sec-WebSocket-Protocol list is a 400 before any slot is taken', async () => {
  const res = await new Promise<string>((resolve) => {
    const { port } = new URL(t.url);
    const s = connect(Number(port), '127.0.0.1', () =>
      s.write(
        `GET ${streamPath()} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n' +
          'Sec-WebSocket-Protocol: a, a\r\n\r\n',
      ),
    );
    let got = '';
    s.on('data', (d) => {
      got += d.toString();
    });
    s.on('close', () => resolve(got));
    s.on('error', () => {});
  });
  assert.match(res, /^HTTP\/1\.1 400 /);
});

test('a peer that never finishes closing is cut when its close time is up', async () => {
  // Earlier tests' connections are gone first, so the count is this one's alone.
  await until(() => t.app.hub.connectionCount === 0, 'no connections');
  const raw = await Raw.open(streamPath(), Buffer.alloc(0), true);
  await until(() => t.app.hub.connectionCount === 1, 'attached');
  const before = 1;
  raw.socket.write(clientFrame(1, 'x', { mask: false }));
  await until(() => raw.closeCode() === 1002 && raw.ended, 'the close and FIN');
  // The raw client keeps its half open, so only the deadline ends it.
  assert.equal(raw.closedSocket, false);
  assert.equal(t.app.hub.connectionCount, before);
  sweepClosing(Date.now() + 31_000);
  // The hub lets a client go only on its socket's 'close'.
  await until(() => t.app.hub.connectionCount === before - 1, 'the socket destroyed');
  raw.socket.destroy();
});

/** The reader in-process: how a stream should end (`fail:`/`close:`) and which pings it holds. */
class Expect extends FrameReader {
  pings: string[] = [];
  end = '';
  protected onMessage(): void {}
  protected onPing(payload: Buffer): void {
    this.pings.push(payload.toString('hex'));
  }
  protected onPong(): void {}
  protected onClose(code: number): void {
    this.end = `close:${code}`;
  }
  protected onFail(code: number): void {
    this.end = `fail:${code}`;
  }
}

test('fuzz: 120 frame streams in random pieces over real sockets end with the predicted close; still serving', async () => {
  const rng = new Rng(71);
  const cases = Array.from({ length: 120 }, () =>
    // A close of our own, then zeros (an unmasked frame header): every stream ends, whatever it
    // left incomplete.
    Buffer.concat([
      frameStream(rng, MAX),
      clientFrame(8, closePayload(1000)),
      Buffer.alloc(MAX + 20),
    ]),
  );
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const i = next++;
      const bytes = cases[i]!;
      const expect = new Expect();
      expect.read(Buffer.from(bytes), MAX);
      assert.ok(expect.end !== '', `case ${i} ends`);
      const raw = await Raw.open(streamPath());
      for (const piece of randomPieces(rng, bytes)) {
        if (raw.ended) break;
        await new Promise((r) => raw.socket.write(piece, r));
      }
      await until(() => raw.ended, `case ${i}: the server's FIN`);
      const [kind, code] = expect.end.split(':');
      assert.equal(raw.closeCode(), Number(code), `case ${i}: ${expect.end}`);
      if (kind === 'fail') assert.ok(Number(code) >= 1002, `case ${i}`);
      const pongs = raw.frames.filter((f) => f.op === 10).map((f) => f.payload.toString('hex'));
      assert.deepEqual(pongs, expect.pings, `case ${i}: pongs`);
      assert.equal(raw.frames.at(-1)?.op, 8, `case ${i}: nothing after the close`);
      raw.socket.destroy();
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
  const c = await NativeClient.connect(`${t.wsUrl}${streamPath()}`);
  c.send({ type: 'ping', id: 'alive' });
  await c.until(() => c.frames.some((f) => f['id'] === 'alive'));
  await c.close();
});

test('a valid stream written one byte at a time is read whole', async () => {
  const raw = await Raw.open(streamPath());
  const text = JSON.stringify({ type: 'ping', id: 'bytewise' });
  const bytes = Buffer.concat([
    clientFrame(1, text.slice(0, 12), { fin: false }),
    clientFrame(9, 'mid'),
    clientFrame(0, text.slice(12), { len64: true }),
  ]);
  for (let i = 0; i < bytes.length; i++)
    await new Promise((r) => raw.socket.write(bytes.subarray(i, i + 1), r));
  await until(
    () => raw.frames.some((f) => f.op === 1 && f.payload.includes('"bytewise"')),
    'the answer',
  );
  assert.deepEqual(
    raw.frames.filter((f) => f.op === 10).map((f) => f.payload.toString()),
    ['mid'],
  );
  raw.socket.write(clientFrame(8, closePayload(1000)));
  await until(() => raw.ended, 'the FIN');
  assert.equal(raw.closeCode(), 1000);
  raw.socket.destroy();
});

test('a peer that pings without reading never holds more than a frame of pongs unread', async () => {
  let server: Socket | null = null;
  const capture = (_req: unknown, socket: Socket) => {
    server = socket;
  };
  t.app.server.on('upgrade', capture);
  const raw = await Raw.open(streamPath());
  t.app.server.off('upgrade', capture);
  raw.socket.pause();
  const ping = clientFrame(9, Buffer.alloc(125, 0x70));
  // About 13 MB of pongs asked for: more than loopback's socket buffers take.
  const burst = Buffer.concat(Array.from({ length: 1_000 }, () => ping));
  const total = burst.length * 100;
  for (let i = 0; i < 100; i++) await new Promise((r) => raw.socket.write(burst, r));
  const s = server as Socket | null;
  assert.ok(s);
  await until(() => s.bytesRead >= total, 'the server read every ping');
  assert.ok(s.writableLength <= MAX + 127, `${s.writableLength} bytes held`);
  raw.socket.destroy();
});
