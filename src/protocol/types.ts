// The canonical shapes that travel on the wire of linecast.v1. They are the model's own types,
// re-exported so a client (the SDK) depends on this folder only, and the server and the client
// cannot drift: a field added to the model is a field of the protocol.

export type {
  Alert,
  AlertKind,
  AlertPhase,
  ArbAlert,
  CloseReason,
  EvAlert,
  MiddleAlert,
  MiddleLeg,
  Move,
  QuoteRef,
  StakedLeg,
  SteamAlert,
} from '../analytics/types.js';
export type {
  EventStatus,
  Filter,
  LiveState,
  Participant,
  Position,
  Price,
  Quote,
  QuoteKey,
  QuoteStatus,
  QuoteValue,
  SportEvent,
} from '../model/types.js';
