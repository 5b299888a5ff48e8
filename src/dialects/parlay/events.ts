// Events by canonical id for the stream's rows: read from state on first use, then kept current
// by the event Changes the dialect observes before fan-out. Also resolves Parlay event ids.

import type { Change, SportEvent } from '../../model/types.js';
import type { CoreReader } from '../../seam/core.js';
import { eventIdOf } from './vocab.js';

const MAX_CACHED = 50_000;

export class Events {
  private readonly cache = new Map<string, SportEvent>();

  constructor(private readonly reader: CoreReader) {}

  lookup(id: string): SportEvent | undefined {
    const hit = this.cache.get(id);
    if (hit) return hit;
    const e = this.reader.events({ events: [id] })[0];
    if (e) this.remember(e);
    return e;
  }

  observe(changes: readonly Change[]): void {
    for (const c of changes)
      if (c.kind === 'event' && this.cache.has(c.after.id)) this.remember(c.after);
  }

  /** The canonical id of a Parlay event id (or a canonical id) in these leagues, if it exists. */
  resolve(leagues: string[], eventId: string): string | undefined {
    const direct = this.reader.events({ events: [eventId], leagues })[0];
    if (direct) return direct.id;
    return this.reader.events({ leagues }).find((e) => eventIdOf(e) === eventId)?.id;
  }

  private remember(e: SportEvent): void {
    if (this.cache.size >= MAX_CACHED) this.cache.clear();
    this.cache.set(e.id, e);
  }
}
