import { CatalogIndex } from '../catalog/index.js';
import { defaultCatalogDir, loadCatalog } from '../catalog/load.js';
import type { Position, SportEvent } from '../model/types.js';
import type { CoreReader, DialectDeps } from '../seam/core.js';

/**
 * A reader over a fixed list of events with an empty history, for tests and benches that drive a
 * dialect without a server. One place, so a method added to CoreReader is added once.
 */
export function staticReader(
  events: SportEvent[] = [],
  overrides: Partial<CoreReader> = {},
): CoreReader {
  const position: Position = { epoch: 'e', seq: 0 };
  const nothing = async () => [];
  return {
    position: () => position,
    epochStart: () => 0,
    snapshot: () => ({ position, events, quotes: [] }),
    events: () => events,
    changesSince: nothing,
    priceHistory: nothing,
    openers: nothing,
    closing: nothing,
    lastQuotes: nothing,
    storedEvents: nothing,
    ...overrides,
  };
}

/** Dialect deps with no keys, no credits, no usage and generous limits; override what a test needs. */
export function staticDeps(overrides: Partial<DialectDeps> = {}): DialectDeps {
  return {
    reader: staticReader(),
    access: { authenticate: () => ({ ok: false, reason: 'missing' }) },
    credits: { balance: () => Number.POSITIVE_INFINITY, charge: () => true, usage: () => null },
    usage: { counter: (_meter, _key, period) => ({ period, used: 0, add: (n) => n }) },
    catalog: new CatalogIndex(loadCatalog(defaultCatalogDir())),
    limits: {
      maxFrameBytes: 65_536,
      maxSubscriptionsPerConnection: 100,
      maxFilterValues: 1_000,
      clientMessagesPerSecond: 1e9,
      check: () => {},
    },
    clock: Date.now,
    server: 'linecast/test',
    secure: false,
    exposed: false,
    ...overrides,
  };
}
