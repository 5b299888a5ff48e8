// Small canonical objects for tests.
import { priceFromAmerican } from '../model/odds.js';
import type { QuoteChange, QuoteKey, QuoteValue, SportEvent, Update } from '../model/types.js';
import { quoteKeyString } from '../model/types.js';

export function testEvent(id = 'nba-e1', over: Partial<SportEvent> = {}): SportEvent {
  return {
    id,
    sport: 'basketball',
    league: 'nba',
    home: { id: 'nba-bos', name: 'Boston Celtics', abbr: 'BOS' },
    away: { id: 'nba-lal', name: 'Los Angeles Lakers', abbr: 'LAL' },
    startsAt: Date.UTC(2026, 10, 21, 0, 30),
    status: 'scheduled',
    ...over,
  };
}

export function testKey(over: Partial<QuoteKey> = {}): QuoteKey {
  return {
    event: 'nba-e1',
    market: 'moneyline',
    period: 'game',
    book: 'draftkings',
    selection: 'home',
    line: null,
    ...over,
  };
}

export function testValue(american: number, over: Partial<QuoteValue> = {}): QuoteValue {
  return {
    price: priceFromAmerican(american),
    status: 'open',
    main: true,
    sourceAt: 1_000,
    receivedAt: 1_000,
    ...over,
  };
}

export function quoteUpdate(american: number, key: Partial<QuoteKey> = {}): Update {
  return { kind: 'quote', key: testKey(key), value: testValue(american) };
}

export function eventUpdate(e: SportEvent = testEvent()): Update {
  return { kind: 'event', event: e, receivedAt: 1_000 };
}

/** A quote Change of the test key at `seq`, as State would make it. */
export function quoteChange(seq: number, over: Partial<QuoteChange> = {}): QuoteChange {
  const key = over.key ?? testKey();
  return {
    kind: 'quote',
    epoch: 'e',
    seq,
    at: seq,
    id: quoteKeyString(key),
    key,
    before: null,
    after: testValue(-110),
    sport: 'basketball',
    league: 'nba',
    inPlay: false,
    ...over,
  };
}
