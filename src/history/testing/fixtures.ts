// Hand-built Changes for the behaviour suite: small, readable, every optional field covered.
import type {
  Change,
  EventChange,
  EventStatus,
  QuoteChange,
  QuoteKey,
  QuoteValue,
} from '../../model/types.js';
import { isInPlay, quoteKeyString } from '../../model/types.js';
import { syntheticEvent } from '../synthetic.js';

export const EVENT = 'nba-2026-11-21-e1';

export function key(over: Partial<QuoteKey> = {}): QuoteKey {
  return {
    event: EVENT,
    market: 'moneyline',
    period: 'ft',
    book: 'fanduel',
    selection: 'home',
    line: null,
    ...over,
  };
}

export function value(decimal: number | null, at: number): QuoteValue {
  if (decimal === null) {
    return {
      price: null,
      status: 'suspended',
      reason: 'var',
      main: true,
      sourceAt: at,
      receivedAt: at,
    };
  }
  return {
    price: {
      decimal,
      american: decimal >= 2 ? Math.round((decimal - 1) * 100) : -200,
      fractional: '1/2',
    },
    status: 'open',
    main: true,
    limit: 2_500,
    sourceAt: at - 3,
    receivedAt: at,
  };
}

/** Builds a Change stream with consecutive seqs, the way state would. */
export class Stream {
  readonly changes: Change[] = [];
  #seq: number;
  #last = new Map<string, QuoteValue>();
  #status = new Map<string, EventStatus>();

  constructor(
    readonly epoch: string,
    from = 0,
  ) {
    this.#seq = from;
  }

  quote(k: QuoteKey, decimal: number | null, at: number): QuoteChange {
    const id = quoteKeyString(k);
    const after = value(decimal, at);
    const c: QuoteChange = {
      kind: 'quote',
      epoch: this.epoch,
      seq: ++this.#seq,
      at,
      id,
      key: k,
      before: this.#last.get(id) ?? null,
      after,
      sport: 'basketball',
      league: 'nba',
      inPlay: isInPlay(this.#status.get(k.event) ?? 'scheduled'),
    };
    this.#last.set(id, after);
    this.changes.push(c);
    return c;
  }

  event(n: number, status: EventStatus, at: number): EventChange {
    const after = syntheticEvent(n, status);
    const prev = this.#status.get(after.id);
    const c: EventChange = {
      kind: 'event',
      epoch: this.epoch,
      seq: ++this.#seq,
      at,
      id: `event:${after.id}`,
      before: prev === undefined ? null : syntheticEvent(n, prev),
      after,
      sport: after.sport,
      league: after.league,
      inPlay: isInPlay(status),
    };
    this.#status.set(after.id, status);
    this.changes.push(c);
    return c;
  }

  get seq(): number {
    return this.#seq;
  }
}
