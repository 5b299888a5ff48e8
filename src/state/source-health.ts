// Feed health per source, as the most trusted odds feeds do it: a source that has said nothing
// (no update, no heartbeat) for `silenceMs` is down, and the open quotes it last set go
// `suspended` with reason `source_down` (one Change each, so every dialect shows it its own
// way). When the source speaks again, those quotes get back the status they had, before its
// new updates are applied.
import { type QuoteValue, quoteKeyString, type Update } from '../model/types.js';
import type { State } from './state.js';

export const SOURCE_DOWN = 'source_down';

export interface Silent {
  name: string;
  updates: Update[];
  before: Map<string, QuoteValue>;
}

interface Source {
  lastHeard: number;
  up: boolean;
  /** Quotes suspended because the source went down: the value each had before. */
  suspended: Map<string, QuoteValue>;
}

export class SourceHealth {
  private readonly sources = new Map<string, Source>();

  constructor(
    private readonly state: State,
    /** Silence after which a source is down; 0 turns health tracking off. */
    private readonly silenceMs: number,
  ) {}

  get enabled(): boolean {
    return this.silenceMs > 0;
  }

  /**
   * The source spoke (updates or a heartbeat). When it was down, returns the updates that lift
   * its `source_down` suspensions (apply them before its own, then call `up`); else null.
   */
  heard(name: string, now: number): Update[] | null {
    if (!this.enabled) return null;
    const s = this.sources.get(name);
    if (!s) {
      this.sources.set(name, { lastHeard: now, up: true, suspended: new Map() });
      return null;
    }
    s.lastHeard = now;
    if (s.up) return null;
    const restore: Update[] = [];
    for (const [id, before] of s.suspended) {
      const q = this.state.quote(id);
      // Only what is still our suspension: a later update owns the quote now.
      if (q?.value.status !== 'suspended' || q.value.reason !== SOURCE_DOWN) continue;
      restore.push({ kind: 'quote', key: q.key, value: { ...before, receivedAt: now } });
    }
    return restore;
  }

  /** The source's suspensions were lifted: it is up again. */
  up(name: string): void {
    const s = this.sources.get(name);
    if (!s) return;
    s.up = true;
    s.suspended = new Map();
  }

  /**
   * The name quotes' owners are recorded under while health is tracked (`State.apply`'s
   * `owner`): undefined when it is off, so nothing is recorded.
   */
  ownerName(name: string): string | undefined {
    return this.enabled ? name : undefined;
  }

  /**
   * Sources silent past the limit and still up, each with the updates that suspend its open
   * quotes and the values those quotes had.
   */
  silent(now: number): Silent[] {
    if (!this.enabled) return [];
    const out: Silent[] = [];
    for (const [name, s] of this.sources) {
      if (!s.up || now - s.lastHeard < this.silenceMs) continue;
      const updates: Update[] = [];
      const before = new Map<string, QuoteValue>();
      for (const q of this.state.quoteEntries()) {
        if (q.owner !== name || q.value.status !== 'open') continue;
        before.set(quoteKeyString(q.key), q.value);
        updates.push({
          kind: 'quote',
          key: q.key,
          value: { ...q.value, status: 'suspended', reason: SOURCE_DOWN, receivedAt: now },
        });
      }
      out.push({ name, updates, before });
    }
    return out;
  }

  /** A silent source's suspension was applied: it is down until it speaks. */
  markDown(silent: Silent): void {
    const s = this.sources.get(silent.name);
    if (!s) return;
    s.up = false;
    s.suspended = silent.before;
  }

  /** Per source: up or down, and seconds since it was last heard. */
  status(now: number): Record<string, { up: boolean; silentForMs: number }> {
    const out: Record<string, { up: boolean; silentForMs: number }> = {};
    for (const [name, s] of this.sources) out[name] = { up: s.up, silentForMs: now - s.lastHeard };
    return out;
  }
}
