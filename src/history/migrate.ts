// Opening a store: bootstrap `meta`, apply numbered migrations, settle the epoch. Runs over
// a tiny async executor so the embedded (sync) and networked (async) drivers share it.
import { randomBytes } from 'node:crypto';
import { type Migration, migrations, type TypeMap } from './schema.js';
import * as q from './sql.js';
import type { HistoryState } from './types.js';

/** One connection; `?` placeholders, rewritten by the driver if it needs to. */
export interface Executor {
  run(sql: string, params?: q.Query['params']): Promise<void>;
  all<T>(sql: string, params?: q.Query['params']): Promise<T[]>;
}

export function newEpoch(): string {
  return randomBytes(8).toString('hex');
}

export async function migrate(
  x: Executor,
  types: TypeMap,
  list: readonly Migration[] = migrations,
): Promise<number> {
  await x.run(q.meta.createTable);
  const get = q.meta.get('schema_version');
  const [row] = await x.all<{ value: string }>(get.sql, get.params);
  let version = row ? Number(row.value) : 0;
  if (version > list.length) {
    throw new Error(
      `history schema version ${version} is newer than this build knows (${list.length})`,
    );
  }
  for (const step of list.slice(version)) {
    version++;
    await x.run('BEGIN');
    try {
      for (const stmt of step(types)) await x.run(stmt);
      const set = q.meta.set('schema_version', String(version));
      await x.run(set.sql, set.params);
      await x.run('COMMIT');
    } catch (err) {
      await x.run('ROLLBACK');
      throw err;
    }
  }
  return version;
}

/** Migrates, then returns the stored epoch (creating a random one on a fresh store). */
export async function openSchema(x: Executor, types: TypeMap): Promise<HistoryState> {
  await migrate(x, types);
  const init = q.meta.init('epoch', newEpoch());
  await x.run(init.sql, init.params);
  const get = q.meta.get('epoch');
  const [row] = await x.all<{ value: string }>(get.sql, get.params);
  if (!row) throw new Error('history meta has no epoch after initialising it');
  const last = q.lastSeq(row.value);
  const [seq] = await x.all<{ seq: number }>(last.sql, last.params);
  return { epoch: row.value, lastSeq: seq?.seq ?? 0 };
}
