// A dialect-agnostic WebSocket client for the conformance suite: records every text frame, and
// tells how a connection attempt ended (open, HTTP refusal, or close code).
import { WebSocket } from 'ws';
import { Waiters } from '../testing/waiters.js';

export type Outcome = { open: true } | { status: number } | { close: number };

export class TextClient {
  readonly texts: string[] = [];
  readonly closed: Promise<number>;
  private readonly waiters = new Waiters();

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      this.texts.push(data.toString());
      this.waiters.wake();
    });
    this.closed = new Promise((resolve) => ws.once('close', (code) => resolve(code)));
  }

  /** Opens a connection; rejects with the HTTP status when the upgrade is refused. */
  static connect(
    url: string,
    headers?: Record<string, string>,
    protocols?: string[],
  ): Promise<TextClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, protocols ?? [], headers ? { headers } : {});
      const client = new TextClient(ws);
      ws.once('open', () => resolve(client));
      ws.once('unexpected-response', (_req, res) => {
        res.resume();
        reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode }));
      });
      ws.once('error', reject);
    });
  }

  /**
   * How an attempt ends within `settleMs` of opening: refused before the upgrade, closed by the
   * server shortly after, or still open (then closed by us).
   */
  static async attempt(
    url: string,
    headers?: Record<string, string>,
    settleMs = 300,
    protocols?: string[],
  ): Promise<Outcome> {
    let c: TextClient;
    try {
      c = await TextClient.connect(url, headers, protocols);
    } catch (e) {
      const status = (e as { status?: number }).status;
      if (status !== undefined) return { status };
      throw e;
    }
    const code = await Promise.race([c.closed, sleep(settleMs).then(() => null)]);
    if (code !== null) return { close: code };
    await c.close();
    return { open: true };
  }

  send(text: string | Buffer): void {
    this.ws.send(text, { binary: typeof text !== 'string' });
  }

  until(pred: () => boolean, timeoutMs = 10_000): Promise<void> {
    return this.waiters.until(pred, timeoutMs, () => `${this.texts.length} frames`);
  }

  isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    this.ws.close();
    return this.closed.then(() => undefined);
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
