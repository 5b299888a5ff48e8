import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Change } from '@linecast/sdk';
import { testKey, testValue } from '../testing/fixtures.js';
import { arrow, changeLine, jsonLine, priceText } from './odds-line.js';
import { bookTable } from './odds-table.js';

const change = (before: number | null, after: number): Change => ({
  type: 'quote',
  position: { epoch: 'E', seq: 7 },
  at: Date.UTC(2030, 0, 1, 12, 0, 0, 5),
  sport: 'basketball',
  league: 'nba',
  key: testKey({ market: 'spread', line: -3.5 }),
  before: before === null ? null : testValue(before),
  after: testValue(after),
});

test('odds line: American and decimal, the status when not open', () => {
  assert.equal(priceText(testValue(-110)), '-110 (1.91)');
  assert.equal(priceText(testValue(150)), '+150 (2.50)');
  assert.equal(priceText({ ...testValue(150), status: 'suspended' }), 'suspended +150');
  assert.equal(priceText({ ...testValue(150), status: 'off_board', price: null }), 'off board');
  assert.equal(priceText(null), '-');
});

test('odds line: arrows follow the decimal price; a new quote is a star', () => {
  assert.equal(arrow(testValue(-110), testValue(-105)), '▲');
  assert.equal(arrow(testValue(-105), testValue(-110)), '▼');
  assert.equal(arrow(testValue(-110), testValue(-110)), '=');
  assert.equal(arrow(null, testValue(-110)), '*');
});

test('odds line: one human line per Change, coloured only when asked', () => {
  const plain = changeLine(change(-110, -105), false);
  assert.equal(
    plain,
    '12:00:00.005 nba-e1 spread/game draftkings home -3.5  ▲ -110 (1.91) -> -105 (1.95)',
  );
  const coloured = changeLine(change(-105, -110), true);
  assert.ok(coloured.includes('\u001b[31m▼ -105 (1.95) -> -110 (1.91)\u001b[0m'), coloured);
  assert.ok(!plain.includes('\u001b'));
});

test('odds line: NDJSON carries the Change whole; an image only its counts', () => {
  const c = change(null, 120);
  assert.deepEqual(JSON.parse(jsonLine(c)), JSON.parse(JSON.stringify(c)));
  const image = jsonLine({
    type: 'image',
    cause: 'resync',
    recovered: false,
    position: { epoch: 'E', seq: 1 },
    events: [],
    quotes: [{ key: testKey(), value: testValue(100) }],
  });
  assert.deepEqual(JSON.parse(image), {
    type: 'image',
    cause: 'resync',
    recovered: false,
    position: { epoch: 'E', seq: 1 },
    events: 0,
    quotes: 1,
  });
});

test('odds table: a row per selection, a column per book, blanks where a book has no price', () => {
  const table = bookTable([
    { key: testKey({ book: 'pinnacle' }), value: testValue(-120) },
    { key: testKey({ book: 'fanduel' }), value: testValue(-115) },
    { key: testKey({ selection: 'away', book: 'pinnacle' }), value: testValue(105) },
  ]);
  assert.equal(
    table,
    [
      'selection                         fanduel     pinnacle',
      'nba-e1  moneyline/game  away               +105 (2.05)',
      'nba-e1  moneyline/game  home  -115 (1.87)  -120 (1.83)',
    ].join('\n'),
  );
});
