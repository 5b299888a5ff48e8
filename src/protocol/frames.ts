// Every frame of linecast.v1, both directions, as TypeScript types. docs/protocol.md describes
// them for people, docs/asyncapi.yaml for tools.
import type {
  Alert,
  AlertKind,
  Filter,
  Position,
  Quote,
  QuoteKey,
  QuoteValue,
  SportEvent,
} from './types.js';

export const PROTOCOL = 'linecast.v1';

// Client -> server. Optional fields take the defaults the server's schema gives them.

export interface SubscribeCommand {
  type: 'subscribe';
  /** `[A-Za-z0-9_.:-]{1,64}`, unique per connection. */
  id: string;
  filter?: Filter;
  snapshot?: boolean;
  from?: Position;
  conflateMs?: number;
  /** `odds` (default): quotes and events; `alerts`: the analytics' alerts (docs/analytics.md). */
  stream?: 'odds' | 'alerts';
  /** Alerts only: these kinds; absent: every kind. */
  kinds?: AlertKind[];
}

export interface UnsubscribeCommand {
  type: 'unsubscribe';
  id: string;
}

export interface PingCommand {
  type: 'ping';
  id?: string;
}

export type ClientCommand = SubscribeCommand | UnsubscribeCommand | PingCommand;

// Server -> client.

export interface WelcomeFrame {
  type: 'welcome';
  protocol: typeof PROTOCOL;
  server: string;
  heartbeatMs: number;
  position: Position;
  limits: Record<string, number>;
}

export type SubscribeMode = 'snapshot' | 'resumed' | 'live';

export interface SubscribedFrame {
  type: 'subscribed';
  id: string;
  mode: SubscribeMode;
  /** False only when a resume was asked for and could not be honoured. */
  recovered: boolean;
  position: Position;
}

export interface SnapshotFrame {
  type: 'snapshot';
  id: string;
  /** 1-based; the image is complete at `part === parts`. */
  part: number;
  parts: number;
  position: Position;
  events: SportEvent[];
  quotes: Quote[];
}

export interface QuoteFrame {
  type: 'quote';
  epoch: string;
  seq: number;
  at: number;
  sport: string;
  league: string;
  key: QuoteKey;
  value: QuoteValue;
}

export interface EventFrame {
  type: 'event';
  epoch: string;
  seq: number;
  at: number;
  event: SportEvent;
}

/** One phase of one alert, at its position on the alert stream (its own epoch and seq). */
export interface AlertFrame {
  type: 'alert';
  epoch: string;
  seq: number;
  alert: Alert;
}

/** The alerts open when an alert subscription starts; complete at `part === parts`. */
export interface AlertSnapshotFrame {
  type: 'alert_snapshot';
  id: string;
  part: number;
  parts: number;
  position: Position;
  alerts: Alert[];
}

export interface HeartbeatFrame {
  type: 'heartbeat';
  now: number;
  position: Position;
}

export interface UnsubscribedFrame {
  type: 'unsubscribed';
  id: string;
}

export interface PongFrame {
  type: 'pong';
  id?: string;
}

export interface ErrorFrame {
  type: 'error';
  id?: string;
  code: string;
  message: string;
}

export type ServerFrame =
  | WelcomeFrame
  | SubscribedFrame
  | SnapshotFrame
  | QuoteFrame
  | EventFrame
  | AlertFrame
  | AlertSnapshotFrame
  | HeartbeatFrame
  | UnsubscribedFrame
  | PongFrame
  | ErrorFrame;

/** A data frame: one Change, with its own position. */
export type ChangeFrame = QuoteFrame | EventFrame;
