// A PostgreSQL login role with a schema of its own, for one test: its tables never meet another
// test's, and its outage (login refused, connections terminated: what a restart or failover
// does to a client) hits only it.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const ADMIN_URL =
  process.env['LINECAST_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

export async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(
      `PostgreSQL is not reachable at ${ADMIN_URL} (set LINECAST_TEST_PG_URL): ${(err as Error).message}`,
    );
  }
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export interface PgRole {
  /** Also the schema's name; PostgreSQL's default search_path (`"$user"`) puts it first. */
  name: string;
  /** Connects as the role. */
  url: string;
  /** Refuses the role's logins and terminates its connections. */
  down(): Promise<void>;
  up(): Promise<void>;
  dispose(): Promise<void>;
}

const run = `lc_${process.pid}_${randomBytes(3).toString('hex')}`;
let roles = 0;

export async function pgRole(): Promise<PgRole> {
  const name = `${run}_${++roles}`;
  await admin(async (c) => {
    await c.query(`CREATE ROLE ${name} LOGIN`);
    await c.query(`CREATE SCHEMA ${name} AUTHORIZATION ${name}`);
  });
  const url = new URL(ADMIN_URL);
  url.username = name;
  const down = async (c: pg.Client) => {
    await c.query(`ALTER ROLE ${name} NOLOGIN`);
    await c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1', [
      name,
    ]);
  };
  return {
    name,
    url: url.href,
    down: () => admin(down),
    up: () => admin((c) => c.query(`ALTER ROLE ${name} LOGIN`)).then(() => undefined),
    dispose: () =>
      admin(async (c) => {
        await down(c);
        await c.query(`DROP SCHEMA ${name} CASCADE`);
        await c.query(`DROP ROLE ${name}`);
      }),
  };
}
