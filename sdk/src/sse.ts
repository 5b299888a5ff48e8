// Server-Sent Events, for networks that block WebSocket: one EventSource per subscription (the
// server takes one subscription per stream, described by the query). Commands become streams
// opened and closed; the frames are the WebSocket's, re-labelled with the subscription's id.
import {
  type ClientCommand,
  formatPosition,
  type ServerFrame,
  type SubscribeCommand,
} from '../../src/protocol/index.js';
import type {
  EventSourceConstructor,
  EventSourceLike,
  Transport,
  TransportHandlers,
} from './transport.js';

const FILTER_PARAMS = [
  ['sports', 'sport'],
  ['leagues', 'league'],
  ['events', 'event'],
  ['markets', 'market'],
  ['periods', 'period'],
  ['books', 'book'],
] as const;

/** The `/v1/sse` query of one subscribe command (docs/protocol.md, Server-Sent Events). */
export function sseQuery(cmd: SubscribeCommand, key: string | undefined): URLSearchParams {
  const q = new URLSearchParams();
  if (key) q.set('key', key);
  const f = cmd.filter ?? {};
  for (const [field, param] of FILTER_PARAMS) {
    const list = f[field];
    if (list && list.length > 0) q.set(param, list.join(','));
  }
  if (f.mainOnly !== undefined) q.set('main', String(f.mainOnly));
  if (f.inPlay !== undefined) q.set('inPlay', String(f.inPlay));
  if (cmd.snapshot !== undefined) q.set('snapshot', String(cmd.snapshot));
  if (cmd.conflateMs !== undefined) q.set('conflateMs', String(cmd.conflateMs));
  if (cmd.from) q.set('from', formatPosition(cmd.from));
  return q;
}

export function sseTransport(
  Ctor: EventSourceConstructor,
  url: string,
  key: string | undefined,
  h: TransportHandlers,
): Transport {
  const streams = new Map<string, EventSourceLike>();
  let live = true;
  let opened = false;
  let ready = false;
  // Ready once a stream has said welcome (or at once when there is no stream to wait for), so a
  // server that is down does not look connected.
  const readyOnce = () => {
    if (ready || !live) return;
    ready = true;
    h.onReady();
  };

  const fail = (reason: string) => {
    if (!live) return;
    live = false;
    for (const es of streams.values()) es.close();
    streams.clear();
    h.onClose({ code: 0, reason, opened });
  };

  const open = (cmd: SubscribeCommand) => {
    const es = new (Ctor as unknown as new (url: string) => EventSourceLike)(
      `${url}?${sseQuery(cmd, key)}`,
    );
    streams.set(cmd.id, es);
    es.onopen = () => {
      opened = true;
    };
    es.onmessage = (ev) => {
      if (!live) return;
      const frame = JSON.parse(ev.data) as ServerFrame;
      // The server names every SSE subscription `sse`; here it is the subscription's own id.
      if ('id' in frame && frame.id === 'sse') frame.id = cmd.id;
      if (frame.type === 'welcome') readyOnce();
      h.onFrame(frame);
    };
    // EventSource would reconnect by itself from its Last-Event-ID; the client resumes every
    // subscription from its own position instead, so all streams share one state machine.
    es.onerror = () => fail('sse stream failed');
  };

  queueMicrotask(() => {
    if (streams.size === 0) readyOnce();
  });
  return {
    kind: 'sse',
    subscribesEarly: true,
    send: (cmd: ClientCommand) => {
      if (!live) return;
      if (cmd.type === 'subscribe') return open(cmd);
      if (cmd.type === 'unsubscribe') {
        streams.get(cmd.id)?.close();
        streams.delete(cmd.id);
        return h.onFrame({ type: 'unsubscribed', id: cmd.id });
      }
      h.onFrame(cmd.id === undefined ? { type: 'pong' } : { type: 'pong', id: cmd.id });
    },
    close: () => {
      live = false;
      for (const es of streams.values()) es.close();
      streams.clear();
    },
  };
}
