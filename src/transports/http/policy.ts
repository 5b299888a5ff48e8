// What every REST request passes before its route: a rate per client address, CORS for browser
// apps (preflights answered here), and gzip for large responses to clients that accept it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzip } from 'node:zlib';
import { errorBody } from '../../errors/catalogue.js';
import { AddressRates } from '../../limits/per-address.js';
import { coreErrorShape, type ErrorShape } from '../../seam/http.js';

export interface HttpPolicyOptions {
  requestsPerSecondPerAddress: number;
  corsOrigins: readonly string[];
  compressMinBytes: number;
}

export class RequestPolicy {
  private readonly rates: AddressRates;

  constructor(
    private readonly opts: HttpPolicyOptions,
    private readonly clock: () => number = Date.now,
  ) {
    this.rates = new AddressRates(opts.requestsPerSecondPerAddress);
  }

  static open(): RequestPolicy {
    return new RequestPolicy({
      requestsPerSecondPerAddress: 0,
      corsOrigins: [],
      compressMinBytes: 0,
    });
  }

  /** Sets CORS headers; answers a preflight or an address over its rate. True when answered. */
  admit(req: IncomingMessage, res: ServerResponse, shape: ErrorShape = coreErrorShape): boolean {
    const origin = req.headers.origin;
    const cors = this.opts.corsOrigins;
    const allowed = origin !== undefined && (cors.includes('*') || cors.includes(origin));
    if (allowed) {
      res.setHeader('access-control-allow-origin', cors.includes('*') ? '*' : origin);
      res.setHeader('vary', 'Origin');
    }
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
      if (allowed) {
        res.setHeader('access-control-allow-methods', 'GET, POST, DELETE, OPTIONS');
        res.setHeader(
          'access-control-allow-headers',
          req.headers['access-control-request-headers'] ?? 'authorization, content-type',
        );
        res.setHeader('access-control-max-age', '600');
      }
      res.writeHead(allowed ? 204 : 403);
      res.end();
      return true;
    }
    if (!this.rates.take(req.socket.remoteAddress ?? '', this.clock())) {
      const { code, message } = errorBody('LC_ERR_LIMIT_ADDRESS');
      const body = JSON.stringify(shape(429, code, message));
      res.writeHead(429, { 'content-type': 'application/json; charset=utf-8', 'retry-after': '1' });
      res.end(body);
      return true;
    }
    return false;
  }

  /** Ends the response, gzip-compressed when the client accepts it and it is large enough. */
  end(
    req: IncomingMessage,
    res: ServerResponse,
    status: number,
    headers: Record<string, string>,
    payload: string | Buffer | undefined,
  ): void {
    const accepts = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const min = this.opts.compressMinBytes;
    if (!accepts || min <= 0 || payload === undefined || Buffer.byteLength(payload) < min) {
      res.writeHead(status, headers);
      res.end(payload);
      return;
    }
    // Off the event loop's hot path: zlib runs in the thread pool.
    gzip(payload, (err, zipped) => {
      if (res.headersSent || res.destroyed) return;
      if (err) {
        res.writeHead(status, headers);
        res.end(payload);
        return;
      }
      res.writeHead(status, { ...headers, 'content-encoding': 'gzip', vary: 'Accept-Encoding' });
      res.end(zipped);
    });
  }
}
