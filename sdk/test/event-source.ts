// A minimal EventSource on fetch for Node 20, which has none: enough of the WHATWG interface for
// the SDK's SSE transport (onopen, onmessage, onerror, close). It does not reconnect by itself;
// the SDK never lets it.
import type { EventSourceLike } from '../src/transport.js';

export class TestEventSource implements EventSourceLike {
  static opened = 0;
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: string }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  private readonly abort = new AbortController();

  constructor(readonly url: string) {
    TestEventSource.opened++;
    void this.run();
  }

  close(): void {
    this.abort.abort();
  }

  private async run(): Promise<void> {
    try {
      const res = await fetch(this.url, {
        headers: { accept: 'text/event-stream' },
        signal: this.abort.signal,
      });
      if (res.status !== 200 || !res.body) throw new Error(`HTTP ${res.status}`);
      this.onopen?.({});
      const decoder = new TextDecoder();
      let buf = '';
      for await (const chunk of res.body) {
        buf += decoder.decode(chunk, { stream: true });
        for (let end = buf.indexOf('\n\n'); end >= 0; end = buf.indexOf('\n\n')) {
          const block = buf.slice(0, end);
          buf = buf.slice(end + 2);
          const data = block
            .split('\n')
            .filter((l) => l.startsWith('data:'))
            .map((l) => l.slice(5).trimStart())
            .join('\n');
          if (data !== '') this.onmessage?.({ data });
        }
      }
      throw new Error('stream ended');
    } catch (e) {
      if (!this.abort.signal.aborted) this.onerror?.(e);
    }
  }
}
