// A kit for tests of TheRundown's multiplexed socket `/api/v2/ws`: a client that sends the
// documented subscribe/unsubscribe messages and sorts what arrives by type and subscription id,
// and ingest items for in-play event updates.
import { TextClient } from '../conformance/client.js';

export type MuxFrame = Record<string, unknown> & {
  type?: string;
  id?: string | null;
  meta?: Record<string, unknown>;
  data?: Record<string, unknown> & {
    meta?: Record<string, unknown>;
    data?: Record<string, unknown>;
  };
};

export class MuxClient {
  private constructor(readonly c: TextClient) {}

  static async connect(url: string, headers?: Record<string, string>): Promise<MuxClient> {
    return new MuxClient(await TextClient.connect(url, headers));
  }

  frames(): MuxFrame[] {
    return this.c.texts.map((x) => JSON.parse(x) as MuxFrame);
  }

  /** Frames of a type, for one subscription id when given. */
  of(type: string, id?: string): MuxFrame[] {
    return this.frames().filter((f) => f.type === type && (id === undefined || f.id === id));
  }

  send(msg: unknown): void {
    this.c.send(typeof msg === 'string' ? msg : JSON.stringify(msg));
  }

  /** Subscribes and waits for the answer: the ack, or an error for that id. */
  async subscribe(id: string, channel: string, params?: Record<string, unknown>) {
    const answers = () =>
      this.frames().filter((f) => f.id === id && (f.type === 'subscribed' || f.type === 'error'));
    const before = answers().length;
    this.send({ action: 'subscribe', id, channel, ...(params ? { params } : {}) });
    await this.until(() => answers().length > before);
    return answers()[before]!;
  }

  until(pred: () => boolean): Promise<void> {
    return this.c.until(pred);
  }

  close(): Promise<void> {
    return this.c.close();
  }
}

/** An in-play update of one of the feed's events (`src/testing/feed.ts`). */
export function liveItem(
  e: { id: string; sport: string; league: string; home: string; away: string },
  live: {
    home: number;
    away: number;
    clock: number;
    period: number;
    incident?: { n: number; kind: string; side?: 'home' | 'away' };
  },
  status = 'live',
  startsAt = Date.UTC(2030, 0, 1),
): unknown {
  return {
    type: 'event',
    id: e.id,
    sport: e.sport,
    league: e.league,
    home: { id: e.home, name: e.home },
    away: { id: e.away, name: e.away },
    startsAt,
    status,
    live,
  };
}
