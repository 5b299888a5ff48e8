// Settings of the analytics engine (config section `analytics`, wired in by the composition
// root). Documented in docs/analytics.md.
import { z } from 'zod';

const int = (min: number, max = Number.MAX_SAFE_INTEGER) => z.number().int().min(min).max(max);
const method = z.enum(['multiplicative', 'additive', 'power', 'shin', 'odds_ratio', 'worst_case']);
const ageMs = z
  .object({
    /** Oldest a price may be before the event starts (prices can sit still for minutes). */
    preMatch: int(0).default(10 * 60_000),
    /** Oldest a price may be in play, where a price that has not moved is often a dead one. */
    inPlay: int(0).default(30_000),
  })
  .strict()
  .prefault({});

const consensus = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('sharp'), book: z.string().min(1) }).strict(),
  z
    .object({
      kind: z.literal('weighted'),
      /** Book id -> weight; books not listed do not count. */
      weights: z.record(z.string(), z.number().positive()),
    })
    .strict(),
  z
    .object({
      kind: z.literal('median'),
      /** Only these books; empty: every book. */
      books: z.array(z.string()).default([]),
      /** Fewer books with a complete, fresh market give no fair price. */
      minBooks: int(1).default(3),
    })
    .strict(),
]);

export const analyticsConfigSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** Alert phases kept in memory for resume (the alert stream is not stored). */
    windowSize: int(1, 10_000_000).default(20_000),
    /** How often time is let pass without Changes: quotes age out, steam windows end. */
    tickMs: int(10, 60_000).default(1_000),
    /** Devig method for fair prices (`worst_case`: per side, the lowest of the five). */
    method: method.default('worst_case'),
    consensus: consensus.default({ kind: 'sharp', book: 'pinnacle' }),
    /** Oldest the consensus books' prices may be (the freshness guard on fair prices). */
    consensusMaxAgeMs: ageMs,
    /** Oldest a quote may be to count as a bet (+EV, arbitrage and middle legs). */
    quoteMaxAgeMs: ageMs,
    /** Stakes in arbitrage and middle alerts are for this bankroll. */
    bankroll: z.number().positive().default(1000),
    ev: z
      .object({
        /** An alert opens when p * d - 1 reaches this and closes when it falls below. */
        minEdge: z.number().min(0).max(10).default(0.02),
        /**
         * An open alert is updated when its price changes or its fair probability crosses a
         * multiple of this step: finer drift would update every +EV alert of a market on every
         * tick of the consensus book.
         */
        updateStep: z.number().min(1e-5).max(0.1).default(0.001),
      })
      .strict()
      .prefault({}),
    arbitrage: z
      .object({
        /** Smallest guaranteed profit, as a share of the bankroll, that opens an alert. */
        minProfit: z.number().min(0).max(1).default(0),
      })
      .strict()
      .prefault({}),
    middles: z
      .object({
        /** Narrowest band (points) between the two lines. */
        minWidth: z.number().positive().default(0.5),
        /** Largest share of the bankroll lost when the middle misses. */
        maxCost: z.number().min(-1).max(1).default(0.05),
      })
      .strict()
      .prefault({}),
    steam: z
      .object({
        /** Books whose moves can lead; their followers are every other book. */
        leaders: z.array(z.string().min(1)).default(['pinnacle', 'circa', 'bookmaker']),
        /** A leader's price move (American cents) that starts a watch. */
        minCents: int(1).default(10),
        /** A leader's main-line move (points) that starts a watch. */
        minPoints: z.number().positive().default(1),
        /** Other books that must move the same way within the window. */
        minFollowers: int(1).default(2),
        windowMs: int(1).default(60_000),
      })
      .strict()
      .prefault({}),
    venueGaps: z
      .object({
        /** |mid - fair probability| at which a gap alert opens (and below which it closes). */
        minGap: z.number().min(0).max(1).default(0.03),
        /**
         * An open gap is updated when the market's mid changes or the fair probability crosses
         * a multiple of this step.
         */
        updateStep: z.number().min(1e-5).max(0.1).default(0.001),
        /**
         * Devig method of the fair probability the market is compared with. `worst_case` is
         * the least a bettor of one side can count on, not an estimate of the probability.
         */
        method: method.default('multiplicative'),
        /**
         * Sportsbook markets whose home selection is the market's YES (the home team wins), in
         * order of preference: the first the event has is used (game period, no line).
         */
        markets: z.array(z.string().min(1)).min(1).default(['moneyline', 'three-way']),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type AnalyticsConfig = z.infer<typeof analyticsConfigSchema>;
export type ConsensusConfig = AnalyticsConfig['consensus'];
