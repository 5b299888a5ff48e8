// The local book of one subscription: the image it started from plus every Change since,
// queryable by quote key. Each entry remembers the seq that set it, so a Change is applied once.
import {
  type Position,
  type Quote,
  type QuoteKey,
  type QuoteValue,
  quoteKeyString,
  type SportEvent,
} from '../../src/protocol/index.js';

export interface BookQuote extends Quote {
  /** Seq of the Change (or image) that set this value. */
  seq: number;
}

export class Book {
  private readonly quoteMap = new Map<string, BookQuote>();
  private readonly eventMap = new Map<string, { event: SportEvent; seq: number }>();
  /** The image's position: Changes at or below it are already in the book. */
  private floor: Position | null = null;

  /** Replaces everything with an image valid at `position`. */
  reset(position: Position, events: SportEvent[], quotes: Quote[]): void {
    this.quoteMap.clear();
    this.eventMap.clear();
    this.floor = position;
    for (const event of events) this.eventMap.set(event.id, { event, seq: position.seq });
    for (const q of quotes)
      this.quoteMap.set(quoteKeyString(q.key), { key: q.key, value: q.value, seq: position.seq });
  }

  /** A book with no image yet starts at a live position (subscribe without snapshot). */
  start(position: Position): void {
    this.floor ??= position;
  }

  /** The value before, or undefined when this Change is already applied (a duplicate). */
  applyQuote(
    key: QuoteKey,
    value: QuoteValue,
    pos: Position,
  ): { before: QuoteValue | null } | undefined {
    if (!this.fresh(pos)) return undefined;
    const id = quoteKeyString(key);
    const old = this.quoteMap.get(id);
    if (old && old.seq >= pos.seq) return undefined;
    this.quoteMap.set(id, { key, value, seq: pos.seq });
    return { before: old?.value ?? null };
  }

  applyEvent(event: SportEvent, pos: Position): { before: SportEvent | null } | undefined {
    if (!this.fresh(pos)) return undefined;
    const old = this.eventMap.get(event.id);
    if (old && old.seq >= pos.seq) return undefined;
    this.eventMap.set(event.id, { event, seq: pos.seq });
    return { before: old?.event ?? null };
  }

  get(key: QuoteKey): BookQuote | undefined {
    return this.quoteMap.get(quoteKeyString(key));
  }

  event(id: string): SportEvent | undefined {
    return this.eventMap.get(id)?.event;
  }

  quotes(): BookQuote[] {
    return [...this.quoteMap.values()];
  }

  events(): SportEvent[] {
    return [...this.eventMap.values()].map((e) => e.event);
  }

  get size(): number {
    return this.quoteMap.size;
  }

  private fresh(pos: Position): boolean {
    return this.floor !== null && pos.epoch === this.floor.epoch && pos.seq > this.floor.seq;
  }
}
