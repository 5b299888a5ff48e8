import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type Cell,
  CHANGE_COLUMNS,
  type ChangeRow,
  decodeChange,
  encodeChanges,
  ROW_WIDTH,
} from './rows.js';
import { insertChangesSql } from './sql.js';
import { syntheticChanges } from './synthetic.js';

test('an encoded row has one cell per changes column', () => {
  const changes = syntheticChanges('e', 1, 120);
  const cells: Cell[] = [];
  encodeChanges(changes, cells);
  assert.equal(cells.length, changes.length * ROW_WIDTH);
  assert.equal(insertChangesSql(2).split('?').length - 1, 2 * CHANGE_COLUMNS.length);
});

test('decodeChange rebuilds the Change from the stored columns, id included', () => {
  for (const c of syntheticChanges('e', 1, 120)) {
    const cells: Cell[] = [];
    encodeChanges([c], cells);
    const row = Object.fromEntries(CHANGE_COLUMNS.map((name, i) => [name, cells[i]]));
    assert.deepEqual(decodeChange(row as unknown as ChangeRow), c);
  }
});
