// Client side of the upgrade over raw node:net: write the request by hand, read up to the end
// of the response head, hand back the socket and any frame bytes that came with the head.
import { connect, type Socket } from 'node:net';
import { acceptKey, newKey, upgradeRequest } from './frames.js';

export interface OpenSocket {
  socket: Socket;
  /** Bytes after the response head (the first frames, if the server was quick). */
  head: Buffer;
}

export function connectWebSocket(
  host: string,
  port: number,
  path: string,
  timeoutMs = 15_000,
): Promise<OpenSocket> {
  return new Promise((resolve, reject) => {
    const key = newKey();
    const socket = connect({ host, port, noDelay: true });
    let buf: Buffer = Buffer.alloc(0);
    const timer = setTimeout(() => fail(new Error(`upgrade to ${path} timed out`)), timeoutMs);
    const fail = (err: Error): void => {
      clearTimeout(timer);
      socket.removeAllListeners('data');
      socket.destroy();
      reject(err);
    };
    socket.once('error', fail);
    socket.once('connect', () => socket.write(upgradeRequest(host, port, path, key)));
    socket.on('data', (chunk: Buffer) => {
      buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) {
        if (buf.length > 8192) fail(new Error('upgrade response head too long'));
        return;
      }
      const headText = buf.subarray(0, end).toString('latin1');
      if (!headText.startsWith('HTTP/1.1 101')) {
        fail(new Error(`upgrade refused: ${headText.split('\r\n')[0]}`));
        return;
      }
      if (!headText.includes(acceptKey(key))) {
        fail(new Error('bad Sec-WebSocket-Accept'));
        return;
      }
      clearTimeout(timer);
      socket.removeAllListeners('data');
      socket.removeListener('error', fail);
      resolve({ socket, head: buf.subarray(end + 4) });
    });
  });
}
