// Request bodies are buffered whole, so their bytes are counted: per request against the route's
// limit (413) and across all requests in flight against one budget (503), so slow or stalled
// uploads cannot add up to unbounded memory.
import type { IncomingMessage } from 'node:http';
import { LinecastError } from '../../errors/catalogue.js';

export class BodyBudget {
  private used = 0;

  constructor(readonly maxBytes: number) {}

  get inFlight(): number {
    return this.used;
  }

  take(n: number): boolean {
    if (this.used + n > this.maxBytes) return false;
    this.used += n;
    return true;
  }

  give(n: number): void {
    this.used -= n;
  }
}

export function readBody(req: IncomingMessage, limit: number, budget: BodyBudget): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      reject(new LinecastError('LC_ERR_REQUEST_TOO_LARGE', `limit is ${limit} bytes`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (error: LinecastError | Error | null) => {
      if (done) return;
      done = true;
      budget.give(size);
      req.removeListener('data', onData);
      if (error) {
        req.resume();
        reject(error);
      } else resolve(Buffer.concat(chunks, size));
    };
    const onData = (chunk: Buffer) => {
      if (size + chunk.length > limit) {
        return finish(new LinecastError('LC_ERR_REQUEST_TOO_LARGE', `limit is ${limit} bytes`));
      }
      if (!budget.take(chunk.length)) {
        return finish(
          new LinecastError(
            'LC_ERR_LIMIT_OVERLOADED',
            `request bodies in flight exceed ${budget.maxBytes} bytes`,
          ),
        );
      }
      size += chunk.length;
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => finish(null));
    req.on('error', (e) => finish(e));
    req.on('close', () => finish(new Error('request closed before its body was read')));
  });
}
