// What the main process and a fan-out worker say to each other. Two channels per worker:
// - the data pipe (main -> worker, bytes): the opening image, then every bus batch and every
//   alert batch, each serialised once by main and written as the same bytes to every worker,
//   in the order main published them. Length-prefixed frames; main bounds its backlog in bytes.
// - the IPC channel (both ways, JSON messages): sockets handed over with their admission,
//   closes reported back (slots), revocations, shutdown, and reads the worker asks main for
//   (history). Order across the two channels does not matter: a worker serves a handed-over
//   socket from whatever position its replica has reached, which is a consistent prefix.
import type { AlertImage } from '../analytics/window.js';
import type { Config } from '../config/schema.js';
import type { Change, Position, Quote, SportEvent } from '../model/types.js';
import type { Admitted } from '../seam/admission.js';

/** The image a worker's replica starts from: main's book at `position` and its window. */
export interface Opening {
  config: Config;
  epochStart: number;
  position: Position;
  events: SportEvent[];
  quotes: Quote[];
  /** Main's resume window, oldest first (all at or before `position`). */
  window: Change[];
  alerts: AlertImage | null;
}

export const FRAME = { opening: 0, changes: 1, alerts: 2, evict: 3 } as const;
export type FrameKind = (typeof FRAME)[keyof typeof FRAME];

const HEAD = 5;

/** One frame: u32 length of the body, u8 kind, the body (JSON text). */
export function frame(kind: FrameKind, json: string): Buffer {
  const body = Buffer.from(json, 'utf8');
  const out = Buffer.allocUnsafe(HEAD + body.length);
  out.writeUInt32BE(body.length, 0);
  out.writeUInt8(kind, 4);
  body.copy(out, HEAD);
  return out;
}

/** Splits the pipe's bytes back into frames, across chunk boundaries. */
export class FrameReader {
  private chunks: Buffer[] = [];
  private held = 0;

  constructor(private readonly onFrame: (kind: FrameKind, body: Buffer) => void) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.held += chunk.length;
    while (this.held >= HEAD) {
      const head = this.peek(HEAD);
      const len = head.readUInt32BE(0);
      if (this.held < HEAD + len) return;
      const all = this.take(HEAD + len);
      this.onFrame(head.readUInt8(4) as FrameKind, all.subarray(HEAD));
    }
  }

  private peek(n: number): Buffer {
    if (this.chunks[0]!.length >= n) return this.chunks[0]!;
    this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0]!;
  }

  private take(n: number): Buffer {
    const first = this.peek(n);
    const out = first.subarray(0, n);
    if (first.length === n) this.chunks.shift();
    else this.chunks[0] = first.subarray(n);
    this.held -= n;
    return out;
  }
}

/** Reads a worker may ask main for: the CoreReader's asynchronous methods. */
export type ReadMethod =
  | 'changesSince'
  | 'priceHistory'
  | 'openers'
  | 'closing'
  | 'lastQuotes'
  | 'storedEvents';

export type ToWorker =
  /** An admitted connection; the socket rides with the message. */
  | {
      type: 'connection';
      id: number;
      dialect: string;
      path: string;
      who: Admitted;
      context: unknown;
      request: { method: string; url: string; headers: Record<string, string | string[]> };
      /** Bytes the client sent after the request head (base64). */
      head: string;
    }
  | { type: 'revoke'; keys: string[] }
  | { type: 'read-result'; id: number; ok: true; value: unknown }
  | { type: 'read-result'; id: number; ok: false; message: string }
  | { type: 'shutdown' };

export type FromWorker =
  /** The opening image is applied: sockets may be handed over. */
  | { type: 'ready' }
  /** A handed-over connection ended (or never started): its slots go back. */
  | { type: 'closed'; id: number }
  /** A connection's life changed (counted in main's metrics). */
  | { type: 'life'; dialect: string; state: string; reason: string }
  | { type: 'read'; id: number; method: ReadMethod; args: unknown[] }
  | { type: 'stats'; connections: number; subscriptions: number; heldBytes: number };
