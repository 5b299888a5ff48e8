// The Polymarket US dialect (docs/dialects/polymarket-us.md): the vendor's markets and private
// WebSockets and its REST API over Linecast's local exchange (src/exchange/), on its own listener
// because `/v1/sports`, `/v1/events` and `/v1/markets` collide with other dialects' routes.
import { defineDialect } from '../../seam/module.js';
import { DIALECT } from './admission.js';
import { polymarketConfigSchema } from './config.js';
import { vendorErrorBody } from './errors.js';
import { MarketFrames } from './market-frames.js';
import { marketsEndpoint } from './markets.js';
import { privateEndpoint } from './private.js';
import { accountRoutes } from './rest-account.js';
import { catalogRoutes } from './rest-catalog.js';

export const polymarketModule = defineDialect({
  name: DIALECT,
  config: polymarketConfigSchema,
  listener: DIALECT,
  create: (deps, config) => {
    const { exchange, signatures, timers } = deps;
    // Without the exchange (`exchange.enabled: false`) there is nothing to serve.
    if (!exchange) return { name: DIALECT, endpoints: [], routes: [] };
    if (!signatures || !timers)
      throw new Error('the polymarket dialect needs the signature and timer ports');
    const openAccount = (account: string) => {
      exchange.openAccount(account, config.startingBalance);
    };
    const fault = deps.fault ?? (() => {});
    const frames = new MarketFrames(exchange, config.bookDepth);
    return {
      name: DIALECT,
      listener: DIALECT,
      errorBody: vendorErrorBody,
      endpoints: [
        marketsEndpoint({ exchange, frames, timers, config, openAccount, fault }),
        privateEndpoint({ exchange, config, openAccount }),
      ],
      routes: [
        ...catalogRoutes(exchange, frames),
        ...accountRoutes({ exchange, signatures, clock: deps.clock, config, openAccount }),
      ],
    };
  },
});
