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

/**
 * How many Changes past the durable head a run of an older build (which recorded no bound)
 * may have handed out; such a build also streamed Changes its full queue refused.
 */
export const LEGACY_RESERVE = 1_000_000;

/**
 * Migrates, then settles the epoch new Changes go to. A run marks the store unclean when it
 * opens and clean when close() found everything durable. Opened unclean, the last run may
 * have streamed Changes it never stored, so their seqs mean nothing now: a new epoch begins,
 * its seqs starting past the most the old run could hand out (`reserve`, recorded by it),
 * so no position of the old run, with or without its epoch, names a Change of the new one.
 */
export async function openSchema(
  x: Executor,
  types: TypeMap,
  maxQueued: number,
): Promise<HistoryState> {
  await migrate(x, types);
  const get = async (key: string) => {
    const g = q.meta.get(key);
    const [row] = await x.all<{ value: string }>(g.sql, g.params);
    return row?.value;
  };
  const set = (key: string, value: string | number) => {
    const s = q.meta.set(key, String(value));
    return x.run(s.sql, s.params);
  };
  await x.run('BEGIN');
  try {
    let state: HistoryState;
    const epoch = await get('epoch');
    if (epoch === undefined) {
      state = { epoch: newEpoch(), lastSeq: 0, base: 0 };
    } else {
      const base = Number((await get('seq_base')) ?? 0);
      const last = q.lastSeq(epoch);
      const [row] = await x.all<{ seq: number }>(last.sql, last.params);
      const lastSeq = Math.max(Number(row?.seq ?? 0), base);
      if ((await get('clean')) === '1') {
        state = { epoch, lastSeq, base };
      } else {
        const reserve = Number((await get('seq_reserve')) ?? LEGACY_RESERVE);
        const next = newEpoch();
        const nextBase = lastSeq + reserve + 1;
        const move = q.moveEvents(epoch, next);
        await x.run(move.sql, move.params);
        state = { epoch: next, lastSeq: nextBase, base: nextBase, unclean: { epoch, lastSeq } };
      }
    }
    await set('epoch', state.epoch);
    await set('seq_base', state.base);
    await set('clean', '0');
    await set('seq_reserve', maxQueued);
    await x.run('COMMIT');
    return state;
  } catch (err) {
    await x.run('ROLLBACK');
    throw err;
  }
}

/** Run by close(): `clean` only when every Change the run handed out is durable. */
export async function closeSchema(x: Executor, clean: boolean): Promise<void> {
  if (!clean) return;
  const s = q.meta.set('clean', '1');
  await x.run(s.sql, s.params);
}
