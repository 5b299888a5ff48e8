// A worker-owned WebSocket as the hub sees it: pre-built frames go straight to the TCP socket,
// `ws` keeps parsing what arrives. The same shape as the main thread's peer
// (src/transports/websocket/endpoint.ts), kept apart so that one can change on its own.
import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import type { Client, Hub, Peer } from '../hub/hub.js';
import { textFrame, textFrameWithHead } from '../transports/websocket/frame.js';

export class WorkerPeer implements Peer {
  readonly sink: Socket;

  constructor(private readonly ws: WebSocket) {
    this.sink = (ws as unknown as { _socket: Socket })._socket;
    ws.on('error', () => ws.terminate());
  }

  frame(text: string): Buffer {
    return textFrame(text);
  }

  frameWithHead(head: string, body: Buffer): Buffer {
    return textFrameWithHead(head, body);
  }

  close(code: number, reason: string): void {
    this.ws.close(code, reason);
  }

  terminate(): void {
    this.ws.terminate();
  }

  ping(): void {
    this.ws.ping();
  }

  bind(hub: Hub, client: Client): void {
    bindSocket(hub, client, this.ws);
  }
}

/** Module-level, so the listeners keep only what they name alive. */
function bindSocket(hub: Hub, client: Client, ws: WebSocket): void {
  ws.on('pong', () => hub.pong(client));
  ws.on('close', () => hub.detach(client));
  ws.on('message', (data, isBinary) => hub.receive(client, data as Buffer, isBinary));
  if (ws.readyState >= 2) hub.detach(client);
}
