// Zod schemas for the catalog files: the shape of one file, checked entry by entry.
// Cross-file rules (references, duplicate ids) live in check.ts.
import { z } from 'zod';
import type { Vocabulary } from './types.js';

export const VOCABULARIES = [
  'therundown',
  'rapidodds',
  'tickodds',
  'parlay',
  'polymarket',
  'therundownLive',
  'tickoddsName',
  'tickoddsIndustry',
  'parlayGroup',
] as const satisfies readonly Vocabulary[];

// Compile-time proof that the list above names every vocabulary.
type Missing = Exclude<Vocabulary, (typeof VOCABULARIES)[number]>;
const _allVocabularies: Missing extends never ? true : Missing = true;
void _allVocabularies;

const slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'expected a lowercase slug');
const name = z.string().min(1);
const numeric = z.number().int().nonnegative().optional();
const text = z.string().min(1).optional();

export const dialectIds = z.strictObject({
  therundown: numeric,
  rapidodds: text,
  tickodds: text,
  parlay: text,
  polymarket: text,
  therundownLive: numeric,
  tickoddsName: text,
  tickoddsIndustry: text,
  parlayGroup: text,
});

const inferred = z.array(z.enum(VOCABULARIES)).optional();

export const sportSchema = z.strictObject({ id: slug, name, ids: dialectIds, inferred });

export const leagueSchema = z.strictObject({
  id: slug,
  sport: slug,
  name,
  periods: z.array(slug).min(1),
  clock: z.strictObject({
    periods: z.number().int().positive(),
    periodSeconds: z.number().int().positive(),
    countsUp: z.boolean().optional(),
  }),
  draws: z.boolean(),
  ids: dialectIds,
  inferred,
});

export const bookSchema = z.strictObject({
  id: slug,
  name,
  kind: z.enum(['us', 'sharp', 'exchange', 'offshore', 'eu', 'au', 'dfs']),
  ids: dialectIds,
  inferred,
});

const periodIds = z.record(slug, dialectIds);

export const marketSchema = z.strictObject({
  id: slug,
  name,
  kind: z.enum(['moneyline', 'spread', 'total', 'team_total', 'three_way', 'player_prop']),
  stat: z
    .string()
    .regex(/^[a-z0-9_]+$/)
    .optional(),
  sports: z.array(slug).min(1),
  ids: dialectIds,
  periodIds: periodIds.optional(),
  bySport: z
    .record(slug, z.strictObject({ ids: dialectIds.optional(), periodIds: periodIds.optional() }))
    .optional(),
  inferred,
});

export const periodSchema = z.strictObject({
  id: slug,
  name,
  ids: dialectIds.optional(),
  inferred,
});

export const teamSchema = z.strictObject({
  id: slug,
  league: slug,
  name,
  abbr: z.string().regex(/^[A-Z0-9]+$/, 'expected upper-case letters and digits'),
  ids: dialectIds.optional(),
  inferred,
});

export const playerSchema = z.strictObject({
  id: slug,
  team: slug,
  name,
  position: z
    .string()
    .regex(/^[A-Z0-9]{1,3}$/, 'expected a position abbreviation such as QB or SS')
    .optional(),
});
