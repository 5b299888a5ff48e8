// wss:// with a certificate made at test time.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { WebSocket } from 'ws';
import { startTestApp } from '../testing/app.js';

test('with a certificate the server speaks https:// and wss://', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'linecast-tls-'));
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ],
    { stdio: 'ignore' },
  );
  const t = await startTestApp({ 'tls.cert': cert, 'tls.key': key });
  try {
    assert.match(t.url, /^https:\/\//);
    const ca = readFileSync(cert);
    const ws = new WebSocket(`${t.url.replace('https', 'wss')}/v1/stream?key=${t.key}`, { ca });
    const first = await new Promise<{ type: string }>((resolve, reject) => {
      ws.once('message', (d) => resolve(JSON.parse(d.toString())));
      ws.once('error', reject);
    });
    assert.equal(first.type, 'welcome');
    ws.close();
    const plain = new WebSocket(`${t.url.replace('https', 'ws')}/v1/stream?key=${t.key}`);
    await new Promise((resolve) => plain.once('error', resolve));
  } finally {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
