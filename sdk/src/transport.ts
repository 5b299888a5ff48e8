// What the client needs from a transport: send commands, hand back frames, say when it is ready
// and when it is gone. WebSocket carries every subscription on one socket; SSE one per stream.
import type { ClientCommand, ServerFrame } from '../../src/protocol/index.js';

export interface TransportHandlers {
  /** The session is established: after `welcome` (SSE: the first stream's, or at once if none). */
  onReady(): void;
  onFrame(frame: ServerFrame): void;
  /** The transport is gone. `opened`: it had connected before it closed. */
  onClose(info: { code: number; reason: string; opened: boolean }): void;
}

export interface Transport {
  readonly kind: 'websocket' | 'sse';
  /** SSE takes its subscriptions before it is ready (they are its streams); WebSocket after. */
  readonly subscribesEarly: boolean;
  send(command: ClientCommand): void;
  /** Closes without calling onClose. */
  close(): void;
}

/** The subset of the WHATWG WebSocket the SDK uses (browsers, Node's built-in, `ws`). */
export interface WebSocketLike {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

/** Any WebSocket class: the browser's, Node's built-in or `ws`'s (their event types differ). */
export type WebSocketConstructor = abstract new (url: string) => object;

/** The subset of the WHATWG EventSource the SDK uses. */
export interface EventSourceLike {
  close(): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

export type EventSourceConstructor = abstract new (url: string) => object;

export function webSocketTransport(
  Ctor: WebSocketConstructor,
  url: string,
  h: TransportHandlers,
): Transport {
  const ws = new (Ctor as unknown as new (url: string) => WebSocketLike)(url);
  let opened = false;
  let live = true;
  ws.onopen = () => {
    opened = true;
  };
  ws.onmessage = (ev) => {
    if (!live || typeof ev.data !== 'string') return;
    const frame = JSON.parse(ev.data) as ServerFrame;
    if (frame.type === 'welcome') h.onReady();
    h.onFrame(frame);
  };
  // A close always follows an error, and the close is what the client acts on.
  ws.onerror = () => {};
  ws.onclose = (ev) => {
    if (!live) return;
    live = false;
    h.onClose({ code: ev.code, reason: ev.reason, opened });
  };
  return {
    kind: 'websocket',
    subscribesEarly: false,
    send: (command) => ws.send(JSON.stringify(command)),
    close: () => {
      live = false;
      ws.close(1000);
    },
  };
}
