// Parlay's stream paths (spec §1.1, §1.5): the versioned and unversioned WebSocket paths for the
// odds and live streams, and the SSE twins. Every one runs the same ParlayStream.
import type { SocketEndpoint } from '../../seam/dialect.js';
import { type StreamContext, streamAdmission } from './admission.js';
import { dropEndpoint } from './drops.js';
import { heartbeatFrame, oddsUpdateFrame } from './frames.js';
import { liveEndpoint } from './live.js';
import { itemOf, ParlayStream, type StreamDeps } from './stream.js';
import { Views } from './view.js';

function endpoint(
  s: StreamDeps,
  path: string,
  sse: boolean,
  live: boolean,
): SocketEndpoint<StreamContext> {
  const views = new Views();
  return {
    path,
    ...(sse ? { transport: 'sse' as const } : {}),
    admission: streamAdmission(s.config, sse, live),
    // SSE beats per connection (`heartbeat_s`); the socket's beat is one frame for all.
    heartbeatMs: sse ? 0 : s.config.heartbeatMs,
    overflow: { kind: 'conflate', budgetBytes: s.config.budgetBytes },
    open: (conn, ctx) => new ParlayStream(s, conn, ctx, sse).open(),
    // Raw mode: one `odds_update` per Change, the same bytes for every connection with this view.
    encodeChange: (change, variant) => {
      if (change.kind !== 'quote') return null;
      const item = itemOf(s, change, views.get(variant));
      if (item === null) return null;
      // The row's own sport: connections on `upcoming` share these bytes.
      const sportKey = s.vocab.sportKey(change.league) ?? '';
      return oddsUpdateFrame(sportKey, change.at, [item], false);
    },
    eventId: (change) => (change.kind === 'quote' ? String(change.after.sourceAt) : undefined),
    heartbeat: (now) => heartbeatFrame(now),
  };
}

export function streamEndpoints(s: StreamDeps): SocketEndpoint<StreamContext>[] {
  const ws = (path: string, live: boolean) => endpoint(s, path, false, live);
  const sse = (path: string) => endpoint(s, path, true, false);
  return [
    ws('/v1/ws/odds/:sport', false),
    ws('/ws/odds/:sport', false),
    ws('/v1/ws/live/:sport', true),
    ws('/ws/live/:sport', true),
    sse('/v1/sse/odds/:sport'),
    // The hot-path collector is the vendor's; here it is the same feed (spec §1.5).
    sse('/v1/sse/hot/:sport'),
    dropEndpoint(s),
    liveEndpoint(s),
  ];
}
