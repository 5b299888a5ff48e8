import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { QuoteKey, QuoteValue } from '../../src/protocol/index.js';
import { Book } from './book.js';

const key: QuoteKey = {
  event: 'e1',
  market: 'moneyline',
  period: 'game',
  book: 'pinnacle',
  selection: 'home',
  line: null,
};
const value = (decimal: number): QuoteValue => ({
  price: { decimal },
  status: 'open',
  main: true,
  sourceAt: 1,
  receivedAt: 1,
});
const at = (seq: number) => ({ epoch: 'E', seq });

test('book: a Change applies once, in order, and only after the image it extends', () => {
  const book = new Book();
  assert.equal(book.applyQuote(key, value(2), at(5)), undefined, 'no image yet');
  book.reset(at(10), [], [{ key, value: value(2) }]);
  assert.equal(book.applyQuote(key, value(3), at(10)), undefined, 'already in the image');
  assert.deepEqual(book.applyQuote(key, value(3), at(11)), { before: value(2) });
  assert.equal(book.applyQuote(key, value(4), at(11)), undefined, 'duplicate');
  assert.equal(book.applyQuote(key, value(4), { epoch: 'F', seq: 12 }), undefined, 'other epoch');
  assert.deepEqual(book.get(key), { key, value: value(3), seq: 11 });
  assert.equal(book.size, 1);
});

test('book: a new key after the image has no before; reset forgets everything', () => {
  const book = new Book();
  book.start(at(0));
  assert.deepEqual(book.applyQuote(key, value(2), at(1)), { before: null });
  book.reset(at(7), [], []);
  assert.equal(book.size, 0);
  assert.equal(book.get(key), undefined);
});
