// The log format follows the output: readable lines on a terminal, JSON when piped, and the
// setting wins over the guess; colour only on a terminal and never with NO_COLOR.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLogger } from './log.js';
import { prettyLine } from './pretty-log.js';

const ESC = String.fromCharCode(27);

function sink(isTTY: boolean) {
  const lines: string[] = [];
  return { isTTY, write: (s: string) => lines.push(s), lines };
}

test('a terminal gets readable lines with coloured levels; NO_COLOR takes the colour away', () => {
  const out = sink(true);
  createLogger('info', 'auto', out, {}).info({ url: 'http://x:1', n: 2 }, 'ready');
  const line = out.lines[0]!;
  assert.ok(line.includes(`${ESC}[32mINFO ${ESC}[0m ready `), line);
  assert.match(line, /url=.*http:\/\/x:1 .*n=.*2\n$/);
  const plain = sink(true);
  createLogger('info', 'auto', plain, { NO_COLOR: '1' }).warn({ a: 'b c' }, 'careful');
  assert.match(plain.lines[0]!, /^\d\d:\d\d:\d\d\.\d{3} WARN {2}careful a="b c"\n$/);
});

test('an error field shows its message and stack under the line', () => {
  const line = prettyLine(
    JSON.stringify({
      level: 50,
      time: 0,
      msg: 'boom',
      err: { message: 'x', stack: 'Error: x\n    at f' },
    }),
    false,
  );
  assert.equal(line, '00:00:00.000 ERROR boom\n    Error: x\n        at f\n');
  assert.equal(prettyLine('not json\n', false), 'not json\n');
});

test('--log-format pretty gives readable lines off a terminal too, without colour', () => {
  const piped = sink(false);
  createLogger('info', 'pretty', piped, {}).info('hello');
  assert.match(
    piped.lines[0]!,
    /^\d\d:\d\d:\d\d\.\d{3} INFO {2}hello\n$/,
    'no colour off a terminal',
  );
});
