// Shutdown is bounded: a client that never answers the close handshake is cut after the grace
// instead of holding the server for the WebSocket close timeout (30 s).
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { test } from 'node:test';
import { startTestApp } from '../testing/app.js';
import { boundedClose } from './shutdown.js';

test('close finishes within the grace when a stream client neither reads nor answers', {
  timeout: 20_000,
}, async () => {
  const t = await startTestApp();
  const close = boundedClose(t.app.server, 100);
  const { port } = new URL(t.url);
  const socket = connect(Number(port), '127.0.0.1');
  const upgraded = new Promise<void>((resolve) => {
    socket.once('data', (d) => {
      assert.match(d.toString(), /^HTTP\/1\.1 101 /);
      // From here on the client reads nothing and never answers the server's close frame.
      socket.pause();
      resolve();
    });
  });
  const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.write(
    `GET /v1/stream?key=${t.key} HTTP/1.1\r\nhost: x\r\nupgrade: websocket\r\nconnection: Upgrade\r\n` +
      'sec-websocket-key: dGhlIHNhbXBsZSBub25jZQ==\r\nsec-websocket-version: 13\r\n\r\n',
  );
  await upgraded;
  await close(() => t.close());
  socket.resume();
  await ended;
  assert.ok(socket.destroyed);
});
