// WebSocket ingest for long-lived upstream feeders: one text message = one batch (a JSON array,
// one object, NDJSON, or {"id": ..., "items": [...]}); each batch gets one ack, in order.
import type { Logger } from 'pino';
import { type WebSocket, WebSocketServer } from 'ws';
import { bearer, tokenMatches } from '../../auth/tokens.js';
import { errorBody, LinecastError } from '../../errors/catalogue.js';
import type { IngestFront, Lane } from '../../sources/ingest/front.js';
import { sourceName } from '../../sources/ingest/service.js';
import { rejectUpgradeCoded, type UpgradeHandler } from './upgrade.js';

export interface WsIngestOptions {
  token: string;
  maxMessageBytes: number;
  /** Batches a feeder may have in flight before it must wait for acks. */
  maxPending: number;
  /**
   * Bytes of unacknowledged batches past which a feeder's socket stops being read until acks
   * catch up (TCP pushes back on the feeder; nothing is refused).
   */
  maxInFlightBytes: number;
}

/** The ingest socket's upgrade handler, and its part of a shutdown. */
export interface WsIngest {
  upgrade: UpgradeHandler;
  /**
   * Shutdown: every feeder gets the acks of the batches it already sent, then a 1001 close, so a
   * connected feeder never holds the server open (new batches meanwhile are refused, coded).
   */
  close(): Promise<void>;
}

export function wsIngestHandler(ingest: IngestFront, opts: WsIngestOptions, log: Logger): WsIngest {
  const wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxMessageBytes });
  const feeds = new Set<Feed>();
  let closing = false;
  const upgrade: UpgradeHandler = (req, socket, head, url) => {
    const given = bearer(req) ?? url.searchParams.get('token') ?? undefined;
    if (given === undefined) return rejectUpgradeCoded(socket, 'LC_ERR_AUTH_MISSING');
    if (!tokenMatches(opts.token, given)) return rejectUpgradeCoded(socket, 'LC_ERR_AUTH_INVALID');
    let source: string;
    try {
      source = sourceName(url.searchParams.get('source'));
    } catch (e) {
      return rejectUpgradeCoded(socket, 'LC_ERR_REQUEST_BAD_QUERY', (e as Error).message);
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (closing) {
        const e = new LinecastError('LC_ERR_SERVER_SHUTDOWN');
        ws.close(e.close, e.code);
        return;
      }
      const f = feed(ws, ingest.lane(source), opts, log, () => closing);
      feeds.add(f);
      ws.once('close', () => feeds.delete(f));
    });
  };
  return {
    upgrade,
    async close() {
      closing = true;
      const e = new LinecastError('LC_ERR_SERVER_SHUTDOWN');
      await Promise.all(
        [...feeds].map(async (f) => {
          await f.settled();
          f.ws.close(e.close, e.code);
        }),
      );
    },
  };
}

interface Feed {
  ws: WebSocket;
  /** Resolves once every batch received so far has its reply sent. */
  settled(): Promise<void>;
}

function feed(
  ws: WebSocket,
  lane: Lane,
  opts: WsIngestOptions,
  log: Logger,
  closing: () => boolean,
): Feed {
  let chain: Promise<void> = Promise.resolve();
  let pending = 0;
  let inFlightBytes = 0;
  ws.on('error', (err) => log.debug({ err }, 'ingest socket error'));
  ws.on('message', (data, isBinary) => {
    if (closing()) {
      ws.send(JSON.stringify({ type: 'error', error: errorBody('LC_ERR_SERVER_SHUTDOWN') }));
      return;
    }
    if (isBinary) {
      ws.send(JSON.stringify({ type: 'error', error: errorBody('LC_ERR_PROTOCOL_BINARY') }));
      return;
    }
    if (pending >= opts.maxPending) {
      const e = new LinecastError(
        'LC_ERR_LIMIT_RATE',
        `more than ${opts.maxPending} batches unacknowledged`,
      );
      ws.close(e.close, e.code);
      return;
    }
    pending++;
    const bytes = data as Buffer;
    const size = bytes.byteLength;
    inFlightBytes += size;
    if (inFlightBytes >= opts.maxInFlightBytes) ws.pause();
    // Each batch is queued for applying as soon as it arrives (batches apply in arrival order,
    // a slice per turn), so applying and storing overlap; only the acks wait, in order.
    const settled = lane(bytes).then((s) => {
      if (s.ok) return JSON.stringify({ type: 'ack', id: s.id, ...s.report });
      const e = s.error;
      const err = e instanceof LinecastError ? e : new LinecastError('LC_ERR_SERVER_INTERNAL');
      if (!(e instanceof LinecastError)) log.error({ err: e }, 'ingest batch failed');
      return JSON.stringify({
        type: 'error',
        id: s.id,
        error: { code: err.code, message: err.message },
      });
    });
    chain = chain
      .then(async () => {
        const reply = await settled;
        pending--;
        inFlightBytes -= size;
        if (ws.isPaused && inFlightBytes < opts.maxInFlightBytes) ws.resume();
        if (ws.readyState === ws.OPEN) ws.send(reply);
      })
      .catch((err: unknown) => {
        // A reply that cannot be built or sent must not become an unhandled rejection.
        log.error({ err }, 'ingest ack failed');
        ws.terminate();
      });
  });
  return { ws, settled: () => chain };
}
