// kill -9 under ingest with a subscriber connected, a few times over: after each restart the
// subscriber resumes from the last position it holds, and its book then equals the server's:
// either the missed Changes were replayed exactly, or it was told to rebuild (recovered: false).
// A resume after a clean shutdown must still be exact (recovered: true).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Position } from '../src/model/types.js';
import { type ChildServer, ingest, serve } from '../src/testing/child-server.js';
import { eventItems } from '../src/testing/feed.js';
import { type Frame, NativeClient } from '../src/testing/native-client.js';

interface WireQuote {
  key: {
    event: string;
    market: string;
    period: string;
    book: string;
    selection: string;
    line: number | null;
  };
  value: { status: string; price: { decimal: number; american?: number } | null };
}

/** What a client holds: its book of quotes and the position it is valid at. */
class Book {
  readonly quotes = new Map<string, string>();
  position: Position = { epoch: '', seq: 0 };
  /** False while a snapshot's later parts are still to come (every part carries the position). */
  whole = true;
  #read = 0;

  /** Applies the frames `client` got since the last call. */
  follow(client: NativeClient): void {
    for (; this.#read < client.frames.length; this.#read++) this.#apply(client.frames[this.#read]!);
  }

  restart(): void {
    this.#read = 0;
  }

  #apply(f: Frame): void {
    if (f.type === 'snapshot') {
      if (f['part'] === 1) this.quotes.clear();
      this.whole = f['part'] === f['parts'];
      for (const q of f['quotes'] as WireQuote[]) this.quotes.set(id(q), price(q));
      if (f['position']) this.position = f['position'] as Position;
    } else if (f.type === 'quote' || f.type === 'event') {
      if (f.type === 'quote')
        this.quotes.set(id(f as unknown as WireQuote), price(f as unknown as WireQuote));
      this.position = { epoch: f['epoch'] as string, seq: f['seq'] as number };
    }
  }
}

const id = (q: WireQuote) => Object.values(q.key).join('|');
const price = (q: WireQuote) => `${q.value.status} ${q.value.price?.decimal ?? '-'}`;

async function get<T>(url: string): Promise<{ status: number; body: T }> {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as T };
}

async function follow(server: ChildServer, key: string, book: Book, from?: Position) {
  const client = await NativeClient.connect(
    `${server.url.replace('http', 'ws')}/v1/stream?key=${key}`,
  );
  book.restart();
  client.send({ type: 'subscribe', id: 'all', filter: {}, ...(from ? { from } : {}) });
  await client.until(() => client.of('subscribed').length === 1);
  return { client, start: client.of('subscribed')[0]! };
}

const BATCH = 500;
/** Commits land 100 ms after a Change is streamed, as on a slow disk: the kill lands in between. */
const SLOW_DISK = { history: { flushMs: 100 } };

/**
 * Ingests new quote keys (selection `r<round>-<n>`) without pause until stopped, and knows
 * which batches are not acknowledged yet: a kill while the subscriber already holds one of
 * their Changes is a kill between streaming and storing.
 */
function writers(url: string, round: number) {
  let stop = false;
  let next = 0;
  const unacked = new Set<number>();
  const run = async () => {
    while (!stop) {
      const start = next;
      next += BATCH;
      const batch = Array.from({ length: BATCH }, (_, k) => ({
        type: 'quote',
        event: ['nba-1', 'nba-2', 'nfl-1'][(start + k) % 3],
        market: 'moneyline',
        book: 'draftkings',
        selection: `r${round}-${start + k}`,
        price: { american: 100 + ((start + k) % 400) },
      }));
      unacked.add(start);
      try {
        await ingest(url, batch);
      } catch {
        return; // the server died under us
      }
      unacked.delete(start);
    }
  };
  const done = Promise.all([run(), run(), run()]);
  return {
    /** True when `frame` is a Change of a batch that was not acknowledged yet. */
    unacked(frame: Frame | undefined): boolean {
      const sel = (frame?.['key'] as { selection?: string } | undefined)?.selection ?? '';
      const n = Number(sel.split('-')[1]);
      return sel.startsWith(`r${round}-`) && unacked.has(n - (n % BATCH));
    },
    async stop() {
      stop = true;
      await done;
    },
  };
}

/**
 * Moves the head past `seq` on keys the writers never touch, so a Change lost in the kill stays
 * visible in the subscriber's book, and a reused seq would be resumed from.
 */
async function advancePast(url: string, seq: number): Promise<void> {
  let n = 0;
  while ((await get<Position>(`${url}/v1/position`)).body.seq <= seq) {
    const batch = Array.from({ length: 300 }, () => {
      n++;
      return {
        type: 'quote',
        event: 'nhl-1',
        market: 'moneyline',
        book: ['draftkings', 'fanduel', 'pinnacle'][n % 3],
        selection: n % 2 === 0 ? 'home' : 'away',
        price: { american: 100 + (n % 900) },
      };
    });
    assert.equal(await ingest(url, batch), 200);
  }
}

test("after each kill -9 under ingest a resumed subscriber holds the server's book, or was told to rebuild", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'linecast-resume-crash-'));
  let server = await serve(dataDir, SLOW_DISK);
  try {
    assert.equal(await ingest(server.url, eventItems()), 200);
    const key = readFileSync(join(dataDir, 'demo-key'), 'utf8').trim();
    const book = new Book();
    let { client } = await follow(server, key, book);
    const rounds = ['SIGKILL', 'SIGKILL', 'SIGTERM'] as const;
    const recovered: boolean[] = [];
    for (const [round, signal] of rounds.entries()) {
      const feed = writers(server.url, round);
      const seen = client.frames.length;
      await client.until(
        () => client.frames.length >= seen + 1_000 && feed.unacked(client.frames.at(-1)),
        60_000,
      );
      await server.stop(signal);
      await feed.stop();
      book.follow(client);
      await client.close();
      const held = book.position;

      server = await serve(dataDir, SLOW_DISK);
      await advancePast(server.url, held.seq);
      const delta = await get<{ error?: string }>(
        `${server.url}/api/v2/markets/delta?last_id=${held.seq}&key=${key}`,
      );
      ({ client } = await follow(server, key, book, held));
      const start = client.of('subscribed')[0]!;
      recovered.push(start['recovered'] as boolean);
      const head = (await get<Position>(`${server.url}/v1/position`)).body;
      await client.until(() => {
        book.follow(client);
        return book.whole && book.position.epoch === head.epoch && book.position.seq >= head.seq;
      });
      const snap = (await get<{ quotes: WireQuote[] }>(`${server.url}/v1/snapshot`)).body;
      const server_ = new Map(snap.quotes.map((q) => [id(q), price(q)]));
      const wrong = [...server_].filter(([k, v]) => book.quotes.get(k) !== v);
      const extra = [...book.quotes.keys()].filter((k) => !server_.has(k));
      assert.deepEqual(
        { wrong: wrong.length, extra: extra.length, size: book.quotes.size },
        { wrong: 0, extra: 0, size: server_.size },
        `round ${round} (${signal}): ${wrong.slice(0, 3)} / ${extra.slice(0, 3)}`,
      );
      if (signal === 'SIGTERM') {
        assert.equal(start['mode'], 'resumed', 'a clean restart resumes exactly');
        assert.equal(start['recovered'], true);
        assert.equal(delta.status, 200, 'and a TheRundown cursor stays good');
      } else {
        assert.equal(start['recovered'], false, 'a position from before a kill cannot be trusted');
        assert.equal(delta.status, 400, 'nor a TheRundown cursor');
        assert.match(delta.body.error ?? '', /stale/);
      }
    }
    assert.deepEqual(recovered, [false, false, true]);
    await client.close();
  } finally {
    await server.stop('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
});
