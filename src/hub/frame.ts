// Frames built once and written to many connections: WebSocket text frames (RFC 6455 §5.2;
// server frames are never masked, so the same bytes are valid on every connection) and SSE.

import type { Position } from '../model/types.js';

const OP_TEXT = 0x1;

export function textFrame(payload: string): Buffer {
  const body = Buffer.from(payload, 'utf8');
  const n = body.length;
  const headerLength = n < 126 ? 2 : n < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerLength + n);
  frame[0] = 0x80 | OP_TEXT;
  if (n < 126) frame[1] = n;
  else if (n < 65_536) {
    frame[1] = 126;
    frame.writeUInt16BE(n, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(n), 2);
  }
  body.copy(frame, headerLength);
  return frame;
}

/**
 * A Server-Sent Events message. `id` is the resume point a reconnecting EventSource sends back
 * as Last-Event-ID; frames without one (control, heartbeats) leave the client's last id alone.
 * The payload is single-line JSON, so one `data:` line is enough.
 */
export function sseFrame(payload: string, id?: Position): Buffer {
  const head = id ? `id: ${id.epoch}:${id.seq}\n` : '';
  return Buffer.from(`${head}data: ${payload}\n\n`, 'utf8');
}

export type Framer = (payload: string, id?: Position) => Buffer;

export const framers: Record<'websocket' | 'sse', Framer> = {
  websocket: (payload) => textFrame(payload),
  sse: sseFrame,
};
