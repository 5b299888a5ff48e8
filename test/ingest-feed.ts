// Ingest traffic for fault tests: feeders that keep sending new quote keys through a fault, and
// remember exactly which prices were acknowledged.
import type { TestApp } from '../src/testing/app.js';

export interface Outcome {
  status: number;
  code?: string;
  retryAfter: string | null;
}

export async function post(t: TestApp, items: unknown[]): Promise<Outcome> {
  const res = await fetch(`${t.url}/v1/ingest`, {
    method: 'POST',
    headers: { authorization: `Bearer ${t.app.ingestToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(items),
  });
  const body = (await res.json()) as { error?: { code: string } };
  return {
    status: res.status,
    retryAfter: res.headers.get('retry-after'),
    ...(body.error ? { code: body.error.code } : {}),
  };
}

/** Quote items on new keys, `q<n>`, each once. */
let nextKey = 0;
export function newQuotes(n: number) {
  return Array.from({ length: n }, () => {
    const i = nextKey++;
    return {
      type: 'quote',
      event: 'nba-1',
      market: 'moneyline',
      book: 'fanduel',
      selection: `q${i}`,
      price: { american: 100 + (i % 500) },
    };
  });
}

/**
 * Two feeders sending batches without pause; a refused batch is sent again after a pause. A
 * batch accepted just before a fault waits, unanswered, until history has stored it.
 */
export function feeders(t: TestApp) {
  let stop = false;
  const acked = new Map<string, number>();
  const run = async () => {
    while (!stop) {
      const batch = newQuotes(50);
      while ((await post(t, batch)).status !== 200) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      for (const item of batch) acked.set(item.selection, item.price.american);
    }
  };
  const done = Promise.all([run(), run()]);
  return {
    acked,
    async stop() {
      stop = true;
      await done;
    },
  };
}

export async function get(t: TestApp, path: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`${t.url}${path}`);
  return { status: res.status, text: await res.text() };
}
