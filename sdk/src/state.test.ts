import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ConnectionState, transition } from './state.js';

const STATES: ConnectionState[] = ['connecting', 'connected', 'disconnected', 'closed'];
const ALLOWED = new Set([
  'connecting->connected',
  'connecting->disconnected',
  'connecting->closed',
  'connected->disconnected',
  'connected->closed',
  'disconnected->connecting',
  'disconnected->closed',
]);

test('state: exactly the drawn moves are allowed, closed is final', () => {
  for (const from of STATES) {
    for (const to of STATES) {
      const move = `${from}->${to}`;
      if (ALLOWED.has(move)) {
        assert.deepEqual(transition(from, to, 'reconnect', 'x'), {
          from,
          to,
          reason: 'reconnect',
          detail: 'x',
        });
      } else assert.throws(() => transition(from, to, 'reconnect'), /no transition/, move);
    }
  }
});

test('state: a transition without detail carries none', () => {
  assert.deepEqual(Object.keys(transition('connecting', 'connected', 'welcome')), [
    'from',
    'to',
    'reason',
  ]);
});
