// The engine's event stream: events are queued while an operation runs and delivered, in seq
// order, once it is complete. A listener that calls back into the engine (a market maker
// re-quoting on a trade) queues its events behind the ones being delivered, so every listener
// sees one order. A throwing listener is reported and skipped.
import type { EventFilter, ExchangeEvent, ExchangeListener } from './api.js';

/** An event before the hub stamps its seq. */
export type Unsequenced = ExchangeEvent extends infer E
  ? E extends unknown
    ? Omit<E, 'seq'>
    : never
  : never;

interface Subscriber {
  fn: ExchangeListener;
  filter: EventFilter;
}

const PRIVATE: ReadonlySet<ExchangeEvent['kind']> = new Set(['order', 'position', 'balance']);

export function matches(filter: EventFilter, event: ExchangeEvent): boolean {
  if (filter.kinds && !filter.kinds.includes(event.kind)) return false;
  if (filter.account !== undefined && PRIVATE.has(event.kind)) {
    if (!('account' in event) || event.account !== filter.account) return false;
  }
  if (filter.markets && event.kind !== 'balance') {
    const slug = marketOf(event);
    if (!filter.markets.includes(slug)) return false;
  }
  return true;
}

function marketOf(event: ExchangeEvent): string {
  switch (event.kind) {
    case 'book':
      return event.marketSlug;
    case 'market':
      return event.market.slug;
    case 'trade':
      return event.trade.marketSlug;
    case 'order':
      return event.execution.order.marketSlug;
    case 'position':
      return event.change.marketSlug;
    case 'balance':
      return event.change.marketSlug ?? '';
  }
}

export class EventHub {
  private readonly subscribers = new Set<Subscriber>();
  private queue: ExchangeEvent[] = [];
  private flushing = false;
  private lastSeq = 0;

  constructor(private readonly onError: (err: unknown) => void) {}

  seq(): number {
    return this.lastSeq;
  }

  subscribe(fn: ExchangeListener, filter: EventFilter = {}): () => void {
    const sub = { fn, filter };
    this.subscribers.add(sub);
    return () => {
      this.subscribers.delete(sub);
    };
  }

  /** Stamps the next seq on `event` (which the caller hands over) and queues it. */
  emit(event: Unsequenced): void {
    const sequenced = event as ExchangeEvent;
    sequenced.seq = ++this.lastSeq;
    this.queue.push(sequenced);
  }

  /** Delivers everything queued; a nested call (from a listener) leaves it to the outer loop. */
  flush(): void {
    if (this.flushing) return;
    this.flushing = true;
    try {
      for (let i = 0; i < this.queue.length; i++) {
        const event = this.queue[i]!;
        for (const sub of this.subscribers) {
          if (!matches(sub.filter, event)) continue;
          try {
            sub.fn(event);
          } catch (err) {
            this.onError(err);
          }
        }
      }
    } finally {
      this.queue = [];
      this.flushing = false;
    }
  }
}
