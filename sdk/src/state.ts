// The connection state machine: four states, one transition function, a reason on every move.

export type ConnectionState = 'connecting' | 'connected' | 'disconnected' | 'closed';

export type TransitionReason =
  /** connect() or a retry opens a transport. */
  | 'connect'
  | 'reconnect'
  /** The server's welcome arrived (WebSocket), or the SSE transport is ready. */
  | 'welcome'
  /** The transport failed before the session was established. */
  | 'connect_failed'
  /** The transport closed under an established session. */
  | 'transport_closed'
  /** No frame for longer than the heartbeat allows. */
  | 'heartbeat_timeout'
  /** The server is shutting down (close 1001). */
  | 'server_shutdown'
  /** The key was revoked or refused after the upgrade (close 1008): retrying cannot help. */
  | 'auth_revoked'
  /** close() was called. */
  | 'client_close';

export interface Transition {
  from: ConnectionState;
  to: ConnectionState;
  reason: TransitionReason;
  /** Close code and reason, or an error message, when there is one. */
  detail?: string;
}

const ALLOWED: Record<ConnectionState, readonly ConnectionState[]> = {
  connecting: ['connected', 'disconnected', 'closed'],
  connected: ['disconnected', 'closed'],
  disconnected: ['connecting', 'closed'],
  closed: [],
};

/** The move, or an Error for a move the machine does not have (a bug in the caller). */
export function transition(
  from: ConnectionState,
  to: ConnectionState,
  reason: TransitionReason,
  detail?: string,
): Transition {
  if (!ALLOWED[from].includes(to)) throw new Error(`linecast sdk: no transition ${from} -> ${to}`);
  return detail === undefined ? { from, to, reason } : { from, to, reason, detail };
}
