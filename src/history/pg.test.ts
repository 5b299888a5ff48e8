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

// Each test gets its own schema and login role, so parallel runs and leftovers never meet, and a
// fault (the role refused and its connections terminated, as a restart or failover does) hits
// only this test's store.
describeHistoryStore('PostgreSQL', async () => {
  const name = `${run}_${++tests}`;
  await admin(async (c) => {
    await c.query(`CREATE ROLE ${name} LOGIN`);
    await c.query(`CREATE SCHEMA ${name} AUTHORIZATION ${name}`);
  });
  const roleUrl = new URL(url);
  roleUrl.username = name;
  const login = (allowed: boolean) =>
    admin(async (c) => {
      await c.query(`ALTER ROLE ${name} ${allowed ? 'LOGIN' : 'NOLOGIN'}`);
      if (!allowed) await terminate(c, name);
    });
  return {
    create: (opts) => new PgHistoryStore({ ...opts, url: roleUrl.href, schema: name, poolSize: 2 }),
    fault: async () => {
      await login(false);
      return () => login(true);
    },
    dispose: async () => {
      await admin(async (c) => {
        await c.query(`ALTER ROLE ${name} NOLOGIN`);
        await terminate(c, name);
        await c.query(`DROP SCHEMA ${name} CASCADE`);
        await c.query(`DROP ROLE ${name}`);
      });
    },
  };
});

function terminate(c: pg.Client, role: string) {
  return c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1', [
    role,
  ]);
}

test('toDollar numbers ? placeholders and leaves quoted text alone', () => {
  assert.equal(
    toDollar(`SELECT '?', "a?" FROM t WHERE a = ? AND b IN (?, ?) AND k = 'it''s?'`),
    `SELECT '?', "a?" FROM t WHERE a = $1 AND b IN ($2, $3) AND k = 'it''s?'`,
  );
});
