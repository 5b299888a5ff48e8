// No log line carries a whole key or token: the logger censors credential fields, and URLs are
// logged with their credential parameters cut to a prefix.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { pino } from 'pino';
import { logRedaction, redactUrl } from './redact.js';

const KEY = 'lc_0123456789ab_s3cr3tS3cr3tS3cr3tS3cr3tS3cr3tS3';

test('URLs keep their path and other parameters; credential parameters keep 6 characters', () => {
  assert.equal(redactUrl(`/ws?api_key=${KEY}&sport=NBA`), '/ws?api_key=lc_012…&sport=NBA');
  assert.equal(redactUrl(`/v1/sse?sport=x&key=${KEY}`), '/v1/sse?sport=x&key=lc_012…');
  assert.equal(redactUrl(`/v1/ingest/ws?token=${KEY}`), '/v1/ingest/ws?token=lc_012…');
  assert.equal(redactUrl(`/a?API%5Fkey=${KEY}`), '/a?API%5Fkey=lc_012…', 'encoded names too');
  assert.equal(redactUrl('/v1/snapshot?sport=x'), '/v1/snapshot?sport=x');
  assert.equal(redactUrl('/no-query'), '/no-query');
  assert.equal(redactUrl('/a?key=abc'), '/a?key=…', 'short secrets are hidden whole');
});

test('the logger censors keys, tokens and credential headers wherever they appear', () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const log = pino({ level: 'info', ...logRedaction }, sink);
  log.error({ key: KEY }, 'top level');
  log.error({ ctx: { apiKey: KEY, token: KEY } }, 'nested');
  log.error({ headers: { authorization: `Bearer ${KEY}`, 'x-therundown-key': KEY } }, 'headers');
  log.error({ req: { headers: { authorization: `Bearer ${KEY}` } } }, 'request headers');
  assert.equal(lines.length, 4);
  for (const line of lines) {
    assert.ok(!line.includes(KEY.slice(16)), line);
    assert.ok(line.includes('[redacted]'), line);
  }
});
