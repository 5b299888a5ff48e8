// The exchange stage: build one with `createExchange`; everything a caller needs is in api.ts.
import type { Exchange, ExchangeDeps, ExchangeSettings } from './api.js';
import { ExchangeEngine } from './engine.js';

export { DEFAULT_SETTINGS, MAX_FEE_BPS } from './engine.js';

/** Throws only on invalid settings (fees outside 0-100 bps); config validation catches those first. */
export function createExchange(
  deps: ExchangeDeps,
  settings: Partial<ExchangeSettings> = {},
): Exchange {
  return new ExchangeEngine(deps, settings);
}
