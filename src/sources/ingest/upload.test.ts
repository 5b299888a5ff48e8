// Ingest authenticates before it reads a body, so unauthenticated uploads cost no memory.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, test } from 'node:test';
import { startTestApp, type TestApp } from '../../testing/app.js';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(() => t.close());

/** Sends only the head of an 8 MiB upload and returns what the server answers, unread body and all. */
function stalledUpload(
  authorization: string,
  path = '/v1/ingest',
  size = 8 * 1024 * 1024,
): Promise<string> {
  const { port } = new URL(t.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1');
    let answer = '';
    socket.on('data', (d) => {
      answer += d.toString();
    });
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
    socket.write(
      `POST ${path} HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n` +
        `authorization: ${authorization}\r\ncontent-length: ${size}\r\n\r\n[`,
    );
  });
}

test('a stalled upload with a wrong or missing token is answered 401 at once and its connection closed', async () => {
  const answers = await Promise.all([
    ...Array.from({ length: 20 }, () => stalledUpload('Bearer wrong')),
    ...Array.from({ length: 20 }, () => stalledUpload('Basic abc')),
    // The admin API reads bodies too, and checks its token first the same way.
    ...Array.from({ length: 5 }, () => stalledUpload('Bearer wrong', '/admin/keys', 60_000)),
  ]);
  for (const a of answers) {
    assert.match(a, /^HTTP\/1\.1 401 /);
    assert.match(a, /connection: close/i);
    assert.match(a, /LC_ERR_AUTH_(INVALID|MISSING)/);
  }
  assert.equal((await fetch(`${t.url}/healthz`)).status, 200);
});
