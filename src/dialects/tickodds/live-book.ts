// The live feed's state: one document per live event, kept from Changes as they pass (the
// dialect's `observe` hook), and the frame each Change becomes, computed once for every
// subscriber. A Change that alters nothing a client sees (a clock tick, another book's price)
// has no frame; the next frame carries the state.
import type { CatalogIndex } from '../../catalog/index.js';
import type { Change, EventChange, QuoteChange } from '../../model/types.js';
import type { CoreReader } from '../../seam/core.js';
import { EventDoc } from './document.js';
import {
  matchEndFrame,
  matchStartFrame,
  snapshotFrame,
  type UpdateDetail,
  updateFrame,
} from './frames.js';
import { incidentLabel, isLive, periodOf, scoreOf, statusOf } from './labels.js';
import type { Vocab } from './vocab.js';

export class LiveBook {
  private readonly docs = new Map<string, EventDoc>();
  private readonly byFixture = new Map<string, EventDoc>();
  /**
   * Frames of the batch being fanned out. The hub encodes a batch synchronously right after
   * observing it, and this dialect never replays (no resume), so the next batch replaces the
   * map: frames are not kept alive by the core's window of recent Changes.
   */
  private frames = new Map<Change, string>();
  private snapshot: string | null = null;
  private lastUpdate = 0;

  constructor(
    private readonly vocab: Vocab,
    private readonly catalog: CatalogIndex,
    private readonly reader: CoreReader,
    private readonly book: string,
  ) {}

  /** Sees every bus batch before fan-out, in seq order. */
  observe = (changes: readonly Change[]): void => {
    this.frames = new Map();
    for (const c of changes) {
      const frame = c.kind === 'quote' ? this.quote(c) : this.event(c);
      if (frame !== null) {
        this.frames.set(c, frame);
        this.lastUpdate = c.at;
      }
    }
  };

  /** The frame for a Change, as observe computed it. */
  frameOf(c: Change): string | null {
    return this.frames.get(c) ?? null;
  }

  snapshotFrame(): string {
    this.snapshot ??= snapshotFrame([...this.docs.values()].map((d) => d.toJson()));
    return this.snapshot;
  }

  live(): EventDoc[] {
    return [...this.docs.values()];
  }

  byFixtureId(fixtureId: string): EventDoc | undefined {
    return this.byFixture.get(fixtureId);
  }

  /** Epoch ms of the last change any client saw; 0 before the first. */
  lastUpdateAt(): number {
    return this.lastUpdate;
  }

  private quote(c: QuoteChange): string | null {
    if (c.key.book !== this.book) return null;
    const doc = this.docs.get(c.key.event);
    if (!doc) return null;
    // Any change to a document, framed or not (a quote leaving), renews the snapshot.
    this.snapshot = null;
    const before = c.before;
    const row = doc.apply(c.key, c.after, c.at);
    if (!row) return null;
    const sel = row.selection;
    if (
      before &&
      before.price?.decimal === sel.odds &&
      (before.status === 'suspended') === sel.suspended &&
      before.main === sel.isMain
    )
      return null;
    const detail: UpdateDetail = { change: 'odds', marketName: row.groupName, selection: sel };
    return updateFrame(doc.fixtureId, doc.toJson(), detail);
  }

  private event(c: EventChange): string | null {
    const e = c.after;
    const doc = this.docs.get(e.id);
    if (!doc && !isLive(e)) return null;
    // A clock tick sends nothing but still renews the snapshot new clients get.
    this.snapshot = null;
    if (!doc) {
      const started = this.start(c);
      return started ? matchStartFrame(started.toJson()) : null;
    }
    const before = doc.event;
    const league = doc.league;
    doc.setEvent(e, c.at);
    if (!isLive(e)) {
      this.docs.delete(e.id);
      this.byFixture.delete(doc.fixtureId);
      return matchEndFrame(doc.fixtureId, doc.toJson());
    }
    const detail = this.detail(before, e, league);
    return detail ? updateFrame(doc.fixtureId, doc.toJson(), detail) : null;
  }

  /** What one event Change is, for the client; one `update` per Change (the biggest news). */
  private detail(
    before: EventDoc['event'],
    after: EventDoc['event'],
    league: EventDoc['league'],
  ): UpdateDetail | null {
    const fromScore = scoreOf(before);
    const toScore = scoreOf(after);
    if (fromScore !== toScore) return { change: 'score', from: fromScore, to: toScore };
    const fromPeriod = periodOf(before, league);
    const toPeriod = periodOf(after, league);
    if (fromPeriod !== toPeriod) return { change: 'period', from: fromPeriod, to: toPeriod };
    const incident = after.live?.incident;
    if (incident && incident.n !== before.live?.incident?.n)
      return { change: 'incident', incident: incidentLabel(incident.kind) };
    const wasHeld = statusOf(before, league) === 'suspended';
    const held = statusOf(after, league) === 'suspended';
    if (wasHeld !== held) return { change: 'suspended', suspended: held };
    return null;
  }

  /** A fixture goes live: its document starts from the current state of its book. */
  private start(c: EventChange): EventDoc | null {
    const e = c.after;
    const sport = this.vocab.sport(e.sport);
    const league = this.catalog.league(e.league);
    if (!sport || !league) return null;
    const doc = new EventDoc(e, sport, league, this.vocab, c.at);
    const snap = this.reader.snapshot({ events: [e.id], books: [this.book] });
    for (const q of snap.quotes) doc.apply(q.key, q.value, c.at);
    this.docs.set(e.id, doc);
    this.byFixture.set(doc.fixtureId, doc);
    return doc;
  }
}
