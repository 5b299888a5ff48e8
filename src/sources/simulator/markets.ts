// The markets an event offers: one instance per (market, period, team or player), each with its
// own hidden mean, and one BookGroup per book quoting it. Days ahead, books hang only the main
// game lines; on game day the board fills in (periods, alternate lines, player props).
import type { MarketDef, PlayerDef } from '../../catalog/types.js';
import { BookGroup } from './group.js';
import type { MarketInstance, SimBook, SimEvent } from './model.js';
import type { Rng } from './prng.js';
import { offersProp, periodScope, statProfile } from './profiles.js';

const SIDES = ['home', 'away'] as const;
const THREE = ['home', 'draw', 'away'] as const;
const OVER_UNDER = ['over', 'under'] as const;
const HOME_TT = ['home.over', 'home.under'] as const;
const AWAY_TT = ['away.over', 'away.under'] as const;
const SAME = [1, 1] as const;
const SPREAD_SIGNS = [-1, 1] as const;

/** The event's hidden model: expected home margin and combined score over regulation. */
export interface EventModel {
  margin: number;
  total: number;
}

type Spec = Pick<
  MarketInstance,
  | 'market'
  | 'period'
  | 'shape'
  | 'component'
  | 'selections'
  | 'lineSigns'
  | 'scope'
  | 'mu'
  | 'sd'
  | 'alternates'
  | 'player'
>;

/**
 * Adds the markets `ev` does not offer yet: only the main game lines unless `full`. On an event
 * that already has its main lines, `full` opens the rest and widens the alternates.
 */
export function buildMarkets(
  ev: SimEvent,
  model: EventModel,
  markets: readonly MarketDef[],
  players: readonly PlayerDef[],
  books: readonly SimBook[],
  rng: Rng,
  full: boolean,
): void {
  const { league, profile } = ev;
  const n = league.clock.periods;
  const has = new Map(ev.instances.map((i) => [specKey(i), i]));
  const specs: Spec[] = [];
  for (const m of markets) {
    if (!m.sports.includes(league.sport)) continue;
    if (m.kind === 'player_prop') {
      if (!full) continue;
      for (const p of players) {
        if (!offersProp(league.sport, p.position, m.stat ?? '')) continue;
        if (has.has(`${m.id}|game|${p.id}|none`)) continue;
        specs.push(propSpec(m, p, league.sport, rng));
      }
      continue;
    }
    for (const period of league.periods) {
      if (period !== 'game' && (!full || !m.periodIds?.[period])) continue;
      const scope = periodScope(period, n);
      if (scope === undefined) continue;
      const frac = scope ? (scope.to - scope.from + 1) / n : 1;
      const alternates = !full ? 0 : period === 'game' ? 2 : 1;
      const margin = { mu: model.margin * frac, sd: profile.sdMargin * Math.sqrt(frac) };
      const total = { mu: model.total * frac, sd: profile.sdTotal * Math.sqrt(frac) };
      const common = { market: m.id, period, scope, player: null };
      switch (m.kind) {
        case 'moneyline':
          specs.push({
            ...common,
            ...margin,
            shape: 'moneyline',
            component: 'margin',
            selections: SIDES,
            lineSigns: SAME,
            alternates: 0,
          });
          break;
        case 'three_way':
          if (league.draws) {
            specs.push({
              ...common,
              ...margin,
              shape: 'three_way',
              component: 'margin',
              selections: THREE,
              lineSigns: SAME,
              alternates: 0,
            });
          }
          break;
        case 'spread':
          specs.push({
            ...common,
            ...margin,
            shape: 'spread',
            component: 'margin',
            selections: SIDES,
            lineSigns: SPREAD_SIGNS,
            alternates,
          });
          break;
        case 'total':
          if (model.total > 0) {
            specs.push({
              ...common,
              ...total,
              shape: 'over_under',
              component: 'total',
              selections: OVER_UNDER,
              lineSigns: SAME,
              alternates,
            });
          }
          break;
        case 'team_total':
          if (model.total > 0) {
            const sd = total.sd / Math.SQRT2;
            const home = (total.mu + margin.mu) / 2;
            const away = (total.mu - margin.mu) / 2;
            const tt = {
              ...common,
              shape: 'over_under',
              sd,
              lineSigns: SAME,
              alternates: Math.max(0, alternates - 1),
            } as const;
            specs.push({ ...tt, component: 'home', selections: HOME_TT, mu: Math.max(home, 0.6) });
            specs.push({ ...tt, component: 'away', selections: AWAY_TT, mu: Math.max(away, 0.6) });
          }
          break;
      }
    }
  }
  for (const spec of specs) {
    const open = has.get(specKey(spec));
    if (open) open.alternates = Math.max(open.alternates, spec.alternates);
    else ev.instances.push(instantiate(ev, spec, books, rng));
  }
}

function specKey(s: Pick<Spec, 'market' | 'period' | 'player' | 'component'>): string {
  return `${s.market}|${s.period}|${s.player ?? ''}|${s.component}`;
}

function propSpec(m: MarketDef, player: PlayerDef, sport: string, rng: Rng): Spec {
  const stat = statProfile(sport, m.stat, player.position);
  const common = { market: m.id, period: 'game', scope: null, player: player.id, alternates: 0 };
  const mean = stat.mean * rng.range(0.6, 1.4);
  if (stat.yes) {
    const p = Math.min(Math.max(mean, 0.03), 0.85);
    return {
      ...common,
      shape: 'yes',
      component: 'none',
      selections: [player.id],
      lineSigns: SAME,
      mu: p,
      sd: 0.05,
    };
  }
  return {
    ...common,
    shape: 'over_under',
    component: 'none',
    selections: [`${player.id}.over`, `${player.id}.under`],
    lineSigns: SAME,
    mu: mean,
    sd: Math.max(1.1 * Math.sqrt(mean), 0.3 * mean),
  };
}

function instantiate(
  ev: SimEvent,
  spec: Spec,
  books: readonly SimBook[],
  rng: Rng,
): MarketInstance {
  const prop = spec.player !== null;
  const inst: MarketInstance = {
    ...spec,
    ev,
    anchor: spec.mu,
    prop,
    closed: false,
    offBoardUntil: 0,
    groups: [],
  };
  for (const book of books) {
    if (prop ? !book.props : !book.games) continue;
    const spread = spec.shape === 'yes' ? 0.01 : spec.sd * 0.03;
    const bias = rng.normal() * spread * (book.sharp ? 0.3 : 1);
    inst.groups.push(new BookGroup(inst, book, bias));
  }
  ev.openGroups += inst.groups.length;
  return inst;
}
