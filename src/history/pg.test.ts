import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import pg from 'pg';
import { PgHistoryStore, toDollar } from './pg.js';
import { describeHistoryStore } from './testing/suite.js';

const { LINECAST_TEST_PG_URL } = process.env;
const url = LINECAST_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const run = `lc_history_${process.pid}_${randomBytes(3).toString('hex')}`;
let tests = 0;

// Each test gets its own schema, so parallel runs and leftovers never meet.
async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(
      `PostgreSQL is not reachable at ${url} (set LINECAST_TEST_PG_URL): ${(err as Error).message}`,
    );
  }
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

describeHistoryStore('PostgreSQL', async () => {
  const schema = `${run}_${++tests}`;
  await admin((c) => c.query(`CREATE SCHEMA ${schema}`));
  return {
    create: (opts) => new PgHistoryStore({ ...opts, url, schema, poolSize: 2 }),
    dispose: async () => {
      await admin((c) => c.query(`DROP SCHEMA ${schema} CASCADE`));
    },
  };
});

test('toDollar numbers ? placeholders and leaves quoted text alone', () => {
  assert.equal(
    toDollar(`SELECT '?', "a?" FROM t WHERE a = ? AND b IN (?, ?) AND k = 'it''s?'`),
    `SELECT '?', "a?" FROM t WHERE a = $1 AND b IN ($2, $3) AND k = 'it''s?'`,
  );
});
