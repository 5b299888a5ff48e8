// A native-protocol client on the real `ws` WebSocket client, recording every frame it gets.
import { WebSocket } from 'ws';
import { Waiters } from './waiters.js';

export interface Frame {
  type: string;
  [k: string]: unknown;
}

export class NativeClient {
  readonly frames: Frame[] = [];
  private readonly waiters = new Waiters();

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.frames.push(JSON.parse(data.toString()) as Frame);
      this.waiters.wake();
    });
  }

  static connect(url: string): Promise<NativeClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      const client = new NativeClient(ws);
      ws.once('open', () => resolve(client));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  send(obj: unknown): void {
    this.ws.send(JSON.stringify(obj));
  }

  of(type: string): Frame[] {
    return this.frames.filter((f) => f.type === type);
  }

  /** Seqs of the quote/event Changes received, in arrival order. */
  seqs(): number[] {
    return this.frames
      .filter((f) => f.type === 'quote' || f.type === 'event')
      .map((f) => f['seq'] as number);
  }

  until(pred: () => boolean, timeoutMs = 10_000): Promise<void> {
    return this.waiters.until(pred, timeoutMs, () => `${this.frames.length} frames`);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.ws.readyState === WebSocket.CLOSED) return resolve();
      this.ws.once('close', () => resolve());
      this.ws.close();
    });
  }
}
