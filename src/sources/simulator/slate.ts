// Building events from fixtures: stable ids, team strengths, the board each book hangs, and for
// games already under way at start-up, a score and clock that fit the time since kick-off.
import type { Catalog, PlayerDef, TeamDef } from '../../catalog/types.js';
import type { Participant } from '../../model/types.js';
import type { Fixture } from './calendar.js';
import { buildMarkets } from './markets.js';
import type { SimBook, SimEvent } from './model.js';
import type { Rng } from './prng.js';
import { sportProfile } from './profiles.js';
import { clockMark } from './work.js';

export class Slate {
  private readonly players = new Map<string, PlayerDef[]>();
  private readonly ratings = new Map<string, number>();
  private readonly ids = new Set<string>();

  constructor(
    private readonly catalog: Catalog,
    private readonly books: readonly SimBook[],
    private readonly rng: Rng,
    private readonly propPlayers: number,
  ) {
    for (const p of catalog.players) push(this.players, p.team, p);
  }

  /**
   * A scheduled event for `fixture`, kicking off at `startsAt` on the simulator's clock (the
   * fixture's time unless the world runs faster); `full` opens the game-day board.
   */
  create(fixture: Fixture, startsAt: number, full: boolean): SimEvent {
    const rng = this.rng;
    const { league, home, away } = fixture;
    const profile = sportProfile(league);
    const margin =
      profile.homeEdge + this.rating(home, profile.sdMargin) - this.rating(away, profile.sdMargin);
    const total = profile.total * (1 + 0.04 * rng.normal());
    const regulation = league.clock.periods * league.clock.periodSeconds;
    const avgPoints = average(profile.scorePoints, profile.scoreWeights);
    const side = (points: number) => Math.max(points, total * 0.05) / avgPoints / regulation;

    const ev: SimEvent = {
      event: {
        id: this.eventId(fixture),
        sport: league.sport,
        league: league.id,
        home: participant(home),
        away: participant(away),
        startsAt,
        status: 'scheduled',
      },
      live: { home: 0, away: 0, clock: 0, period: 0 },
      league,
      profile,
      instances: [],
      openGroups: 0,
      suspendedUntil: 0,
      suspendReason: '',
      suspended: false,
      offBoard: [],
      breakEndsAt: 0,
      scoreRate: { home: side((total + margin) / 2), away: side((total - margin) / 2) },
      periodStartHome: [0, 0],
      periodStartAway: [0, 0],
      clockMark: -1,
      queued: false,
      model: { margin, total },
      roster: [],
      full: false,
      pass: 0,
    };
    if (profile.total === 0) ev.scoreRate = { home: 0, away: 0 };
    buildMarkets(ev, ev.model, this.catalog.markets, [], this.books, rng, false);
    if (full) this.open(ev);
    return ev;
  }

  /**
   * Opens the game-day board: period markets, alternate lines and props for players of both
   * teams (none when either team has no roster, so one side is never alone with props).
   * Returns false when it was already open.
   */
  open(ev: SimEvent): boolean {
    if (ev.full) return false;
    ev.full = true;
    const home = this.pickPlayers(ev.event.home.id);
    const away = this.pickPlayers(ev.event.away.id);
    ev.roster = home.length > 0 && away.length > 0 ? [...home, ...away] : [];
    if (ev.roster.length > 0) ev.event.players = ev.roster.map((p) => ({ id: p.id, name: p.name }));
    buildMarkets(ev, ev.model, this.catalog.markets, ev.roster, this.books, this.rng, true);
    return true;
  }

  /** Puts a fresh event `progress` (0..1) through its game, as if the simulator had been running. */
  putInPlay(ev: SimEvent, progress: number): void {
    const { periods, periodSeconds, countsUp } = ev.league.clock;
    const elapsed = Math.round(progress * periods * periodSeconds);
    const period = Math.min(periods, Math.floor(elapsed / periodSeconds) + 1);
    const inPeriod = elapsed - (period - 1) * periodSeconds;
    const home = this.sampleScore(ev, ev.scoreRate.home * elapsed);
    const away = this.sampleScore(ev, ev.scoreRate.away * elapsed);
    ev.event.status = 'live';
    ev.live = { home, away, period, clock: countsUp ? inPeriod : periodSeconds - inPeriod };
    for (let p = 1; p <= period; p++) {
      ev.periodStartHome[p] = Math.floor((home * (p - 1)) / period);
      ev.periodStartAway[p] = Math.floor((away * (p - 1)) / period);
    }
    ev.clockMark = clockMark(ev);
    for (const inst of ev.instances) {
      if (inst.prop || (inst.scope && inst.scope.to < period)) inst.closed = true;
    }
  }

  private sampleScore(ev: SimEvent, plays: number): number {
    const n = Math.max(0, Math.round(plays + Math.sqrt(plays) * this.rng.normal()));
    let points = 0;
    for (let i = 0; i < n; i++)
      points += ev.profile.scorePoints[this.rng.weighted(ev.profile.scoreWeights)] ?? 1;
    return points;
  }

  /**
   * `<league>-<yyyy-mm-dd>-<home>-<away>` (UTC date of the scheduled kick-off, also in a sped-up
   * world; lower-case abbreviations); a rematch on the same day gets `-2`.
   */
  private eventId(fixture: Fixture): string {
    const date = new Date(fixture.startsAt).toISOString().slice(0, 10);
    const base = `${fixture.league.id}-${date}-${slug(fixture.home)}-${slug(fixture.away)}`;
    let id = base;
    for (let n = 2; this.ids.has(id); n++) id = `${base}-${n}`;
    this.ids.add(id);
    return id;
  }

  private rating(team: TeamDef, sdMargin: number): number {
    let r = this.ratings.get(team.id);
    if (r === undefined) {
      r = this.rng.normal() * sdMargin * 0.35;
      this.ratings.set(team.id, r);
    }
    return r;
  }

  /** The first players of the roster, one per position before a second of any (a QB and a receiver). */
  private pickPlayers(team: string): PlayerDef[] {
    const roster = this.players.get(team) ?? [];
    const positions = new Set<string | undefined>();
    const picked: PlayerDef[] = [];
    for (const p of roster) {
      if (picked.length < this.propPlayers && !positions.has(p.position)) {
        picked.push(p);
        positions.add(p.position);
      }
    }
    for (const p of roster)
      if (picked.length < this.propPlayers && !picked.includes(p)) picked.push(p);
    return picked;
  }
}

function participant(t: TeamDef): Participant {
  return { id: t.id, name: t.name, abbr: t.abbr };
}

function slug(t: TeamDef): string {
  return (t.abbr || t.id).toLowerCase().replace(/[^a-z0-9]+/g, '');
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function average(values: readonly number[], weights: readonly number[]): number {
  let sum = 0;
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    sum += (values[i] ?? 0) * (weights[i] ?? 0);
    total += weights[i] ?? 0;
  }
  return total > 0 ? sum / total : 1;
}
