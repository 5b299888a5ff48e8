// Ingest connections the publisher can use: newline-delimited JSON over TCP, or masked text
// frames over a WebSocket. Targets pick one (or bring their own) in `Target.ingest`.
import { connect } from 'node:net';
import type { IngestConnection, Ports } from './targets.js';
import { connectWebSocket } from './wire/connect.js';
import { OP_TEXT } from './wire/frame-parser.js';
import { clientFrame } from './wire/frames.js';
import { type BenchUpdate, updateJson } from './workload.js';

export type Encode = (u: BenchUpdate) => string;

export function tcpLinesIngest(
  ports: Ports,
  encode: Encode = updateJson,
): Promise<IngestConnection> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: ports.host, port: ports.ingestPort, noDelay: true });
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.removeListener('error', reject);
      socket.on('error', () => {});
      resolve({
        send: (u) => void socket.write(`${encode(u)}\n`),
        close: () => socket.destroy(),
      });
    });
  });
}

export async function wsIngest(
  ports: Ports,
  path: string,
  encode: Encode = updateJson,
): Promise<IngestConnection> {
  const { socket } = await connectWebSocket(ports.host, ports.port, path);
  socket.on('error', () => {});
  socket.on('data', () => {});
  return {
    send: (u) => void socket.write(clientFrame(OP_TEXT, Buffer.from(encode(u)))),
    close: () => socket.destroy(),
  };
}
