// A Server-Sent Events reader on fetch, parsing the stream as EventSource does (id, data,
// blank-line dispatch), for tests. It does not reconnect: tests reconnect on purpose.
import { Waiters } from './waiters.js';
export interface SseEvent {
  id?: string;
  data: string;
}

export class SseClient {
  readonly events: SseEvent[] = [];
  /** The last `id:` seen, as EventSource would send it back in Last-Event-ID. */
  lastEventId: string | undefined;
  readonly ended: Promise<void>;
  private readonly waiters = new Waiters();

  private constructor(
    readonly status: number,
    body: ReadableStream<Uint8Array>,
    private readonly abort: AbortController,
  ) {
    this.ended = this.pump(body);
  }

  static async connect(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    const abort = new AbortController();
    const res = await fetch(url, {
      headers: { accept: 'text/event-stream', ...headers },
      signal: abort.signal,
    });
    if (res.status !== 200 || !res.body) {
      const text = await res.text();
      throw Object.assign(new Error(`HTTP ${res.status}: ${text}`), {
        status: res.status,
        body: text,
      });
    }
    return new SseClient(res.status, res.body, abort);
  }

  /** The parsed JSON payloads, in order. */
  frames(): Record<string, unknown>[] {
    return this.events.map((e) => JSON.parse(e.data) as Record<string, unknown>);
  }

  of(type: string): Record<string, unknown>[] {
    return this.frames().filter((f) => f['type'] === type);
  }

  private async pump(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buf = '';
    let id: string | undefined;
    let data: string[] = [];
    try {
      for await (const chunk of body) {
        buf += decoder.decode(chunk, { stream: true });
        let nl = buf.indexOf('\n');
        while (nl !== -1) {
          const line = buf.slice(0, nl);
          buf = buf.slice(nl + 1);
          nl = buf.indexOf('\n');
          if (line === '') {
            if (data.length > 0) {
              if (id !== undefined) this.lastEventId = id;
              this.events.push(
                id === undefined ? { data: data.join('\n') } : { id, data: data.join('\n') },
              );
              this.waiters.wake();
            }
            id = undefined;
            data = [];
          } else if (line.startsWith('data: ')) data.push(line.slice(6));
          else if (line.startsWith('id: ')) id = line.slice(4);
        }
      }
    } catch {
      // aborted by close()
    }
    this.waiters.wake();
  }

  until(pred: () => boolean, timeoutMs = 10_000): Promise<void> {
    return this.waiters.until(pred, timeoutMs, () => `${this.events.length} events`);
  }

  close(): Promise<void> {
    this.abort.abort();
    return this.ended;
  }
}
