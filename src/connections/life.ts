// One connection's life after the request arrived. Every state change happens in `to`, with a
// reason (a catalogue code, or `peer` when the client ended it), and is reported once: counted
// in /metrics and logged at debug. Slots are released when the life ends, on every path.
import { ERRORS, type ErrorCode } from '../errors/catalogue.js';
import type { Lifeline, Peer } from '../hub/hub.js';
import type { CloseReason, CloseTable } from '../seam/admission.js';
import type { Release } from './slots.js';

export type LifeState = 'admitting' | 'refused' | 'live' | 'closing' | 'closed';

/** The admission step a refusal happened at. */
export type Phase =
  | 'shed'
  | 'screen'
  | 'credentials'
  | 'authenticate'
  | 'entitle'
  | 'prepare'
  | 'acquire'
  | 'accept'
  | 'open';

export type Reason = ErrorCode | 'peer' | 'dialect' | 'ok';

export type Report = (dialect: string, state: LifeState, reason: Reason, phase?: Phase) => void;

const CLOSE_CODES: Record<CloseReason, ErrorCode> = {
  revoked: 'LC_ERR_AUTH_REVOKED',
  slow: 'LC_ERR_LIMIT_SLOW_CONSUMER',
  rate: 'LC_ERR_LIMIT_RATE',
  shutdown: 'LC_ERR_SERVER_SHUTDOWN',
  unresponsive: 'LC_ERR_PEER_UNRESPONSIVE',
};

export class Life implements Lifeline {
  state: LifeState = 'admitting';
  private peer: Peer | null = null;
  private release: Release | null = null;
  private reason: Reason = 'peer';

  constructor(
    private readonly dialect: string,
    private readonly closes: CloseTable,
    private readonly report: Report,
  ) {}

  private to(state: LifeState, reason: Reason, phase?: Phase): void {
    this.state = state;
    this.reason = reason;
    this.report(this.dialect, state, reason, phase);
  }

  refused(phase: Phase, code: ErrorCode): void {
    if (this.state === 'admitting') this.to('refused', code, phase);
  }

  live(peer: Peer, release: Release): void {
    this.peer = peer;
    this.release = release;
    this.to('live', 'ok');
  }

  end(reason: CloseReason): void {
    const peer = this.peer;
    if (this.state !== 'live' || !peer) return;
    const code = CLOSE_CODES[reason];
    this.to('closing', code);
    const own = this.closes[reason];
    // A peer that stopped answering gets no close handshake to wait for, unless its dialect
    // documents a close code for it.
    if (own) peer.close(own.code, own.reason);
    else if (reason === 'unresponsive') peer.terminate();
    else peer.close(ERRORS[code].close, code);
  }

  endWith(code: number, text: string): void {
    if (this.state !== 'live' || !this.peer) return;
    this.to('closing', 'dialect');
    this.peer.close(code, text);
  }

  closed(): void {
    if (this.state === 'closed' || this.state === 'refused') return;
    this.to('closed', this.state === 'closing' ? this.reason : 'peer');
    this.release?.();
    this.release = null;
    this.peer = null;
  }
}
