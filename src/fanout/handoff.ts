// The seam between the WebSocket transport and the fan-out pool: an admitted connection,
// before its upgrade, offered to a worker process.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Release } from '../connections/slots.js';
import type { Admitted } from '../seam/admission.js';

/** An admitted WebSocket before its upgrade, as a fan-out worker takes it over. */
export interface Handoff {
  dialect: string;
  path: string;
  who: Admitted;
  context: unknown;
  /** The connection's slots: given back when the worker reports its close. */
  release: Release;
  req: IncomingMessage;
  socket: Duplex;
  head: Buffer;
}

/** Takes a Handoff (true), or leaves the connection to the main thread (false). */
export type Divert = (h: Handoff) => boolean;
