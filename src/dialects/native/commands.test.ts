import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../sources/simulator/prng.js';
import { decodeCommand } from './commands.js';

const VALID = [
  '{"type":"subscribe","id":"s1","filter":{"sports":["basketball"],"mainOnly":true},"snapshot":false}',
  '{"type":"subscribe","id":"s2","from":{"epoch":"abc","seq":10},"conflateMs":500}',
  '{"type":"unsubscribe","id":"s1"}',
  '{"type":"ping"}',
];

test('valid commands decode with their defaults', () => {
  const d = decodeCommand('{"type":"subscribe","id":"a"}');
  assert.deepEqual(d, {
    ok: true,
    command: { type: 'subscribe', id: 'a', filter: {}, snapshot: true },
  });
  for (const v of VALID) assert.equal(decodeCommand(v).ok, true, v);
});

test('bad frames get a coded reason, with the id when there is one', () => {
  const cases: [string, string][] = [
    ['not json', 'LC_ERR_PROTOCOL_BAD_FRAME'],
    ['[1,2]', 'LC_ERR_PROTOCOL_BAD_FRAME'],
    ['null', 'LC_ERR_PROTOCOL_BAD_FRAME'],
    ['{"type":"launch"}', 'LC_ERR_PROTOCOL_UNKNOWN_COMMAND'],
    ['{"type":"subscribe","id":"x","filter":{"sports":"nba"}}', 'LC_ERR_PROTOCOL_BAD_FRAME'],
    ['{"type":"subscribe","id":"x","filter":{"colour":["red"]}}', 'LC_ERR_PROTOCOL_BAD_FRAME'],
    ['{"type":"subscribe","id":"x","from":{"epoch":"e","seq":-1}}', 'LC_ERR_PROTOCOL_BAD_FRAME'],
  ];
  for (const [text, code] of cases) {
    const d = decodeCommand(text);
    assert.equal(d.ok ? 'ok' : d.code, code, text);
  }
  const withId = decodeCommand('{"type":"subscribe","id":"keep","snapshot":"yes"}');
  assert.equal(!withId.ok && withId.id, 'keep');
});

test('fuzz: 20,000 random and mutated frames never throw and always answer', () => {
  const rng = new Rng(2026);
  const r = () => rng.next();
  const alphabet = '{}[]":,0123456789-.eE tfnulrsabcdipyz\\\u0000\u00e9\ud83d';
  for (let i = 0; i < 20_000; i++) {
    let text: string;
    if (i % 2 === 0) {
      const base = VALID[i % VALID.length]!;
      const chars = [...base];
      const edits = 1 + Math.floor(r() * 4);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(r() * chars.length);
        const op = r();
        const c = alphabet[Math.floor(r() * alphabet.length)]!;
        if (op < 0.4) chars[at] = c;
        else if (op < 0.7) chars.splice(at, 1);
        else chars.splice(at, 0, c);
      }
      text = chars.join('');
    } else {
      const n = Math.floor(r() * 64);
      text = Array.from({ length: n }, () => alphabet[Math.floor(r() * alphabet.length)]).join('');
    }
    const d = decodeCommand(text);
    assert.ok(d.ok || (typeof d.code === 'string' && typeof d.message === 'string'), text);
  }
});
