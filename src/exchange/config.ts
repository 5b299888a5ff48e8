// `exchange.*` in the configuration (documented in docs/configuration.md): the local exchange
// behind the Polymarket US dialect, its markets and its simulated market makers.
import { z } from 'zod';
import { MAX_FEE_BPS } from './engine.js';
import { PX, QTY, toUnits } from './units.js';

const int = (min: number, max: number) => z.number().int().min(min).max(max);

export const exchangeSchema = z
  .object({
    /** Runs the exchange (markets for the slate, market makers); off: exchange dialects have none. */
    enabled: z.boolean().default(true),
    /** Keeps the exchange's state in `<dataDir>/exchange.sqlite`; off: it starts empty on each run. */
    persist: z.boolean().default(true),
    /** `normal`: an acknowledged operation survives a crash of the process; `full` also a power loss (an fsync per operation). */
    synchronous: z.enum(['normal', 'full']).default('normal'),
    /** Dollars a new account starts with. */
    startingBalance: z.number().min(0).max(1_000_000_000).default(1000),
    takerFeeBps: int(0, MAX_FEE_BPS).default(0),
    makerFeeBps: int(0, MAX_FEE_BPS).default(0),
    /** Price increment of listed markets (a multiple of 0.001). */
    tick: z
      .number()
      .min(0.001)
      .max(0.1)
      .refine((x) => toUnits(x, PX) !== null, 'a multiple of 0.001')
      .default(0.01),
    /** Smallest order of listed markets, in contracts (0.01 steps; below 1 allows fractions). */
    minQty: z
      .number()
      .min(0.01)
      .max(1_000_000)
      .refine((x) => toUnits(x, QTY) !== null, 'a multiple of 0.01')
      .default(1),
    /** Most markets open at once; games beyond it get none. */
    maxMarkets: int(0, 10_000).default(200),
    maxClosedOrdersPerAccount: int(1, 1_000_000).default(1000),
    maxActivitiesPerAccount: int(1, 10_000_000).default(10_000),
    maxTradesPerMarket: int(1, 1_000_000).default(1000),
    makers: z
      .object({
        enabled: z.boolean().default(true),
        accounts: int(1, 100).default(3),
        balance: z.number().min(0).max(1_000_000_000).default(1_000_000),
        intervalMs: int(50, 3_600_000).default(2000),
        spread: z.number().min(0.001).max(0.5).default(0.02),
        levels: int(1, 50).default(3),
        size: z.number().min(0.01).max(1_000_000).default(50),
        noise: z.number().min(0).max(0.2).default(0.01),
        takeProbability: z.number().min(0).max(1).default(0.2),
        seed: int(0, 2 ** 31).default(1),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type ExchangeConfig = z.infer<typeof exchangeSchema>;
