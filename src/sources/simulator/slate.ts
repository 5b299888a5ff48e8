// Building events: real teams from the catalog, stable ids, start times, and for events that
// are already in play at start-up, a plausible score and clock.
import type { Catalog, LeagueDef, PlayerDef, TeamDef } from '../../catalog/types.js';
import type { Participant } from '../../model/types.js';
import { buildMarkets } from './markets.js';
import type { SimBook, SimEvent } from './model.js';
import type { Rng } from './prng.js';
import { sportProfile } from './profiles.js';

export class Slate {
  readonly leagues: LeagueDef[];
  private readonly teams = new Map<string, TeamDef[]>();
  private readonly players = new Map<string, PlayerDef[]>();
  private readonly ratings = new Map<string, number>();
  private readonly busy = new Set<string>();
  private readonly ids = new Set<string>();

  constructor(
    private readonly catalog: Catalog,
    private readonly books: readonly SimBook[],
    private readonly rng: Rng,
    private readonly propPlayers: number,
  ) {
    for (const t of catalog.teams) push(this.teams, t.league, t);
    for (const p of catalog.players) push(this.players, p.team, p);
    this.leagues = catalog.leagues.filter((l) => (this.teams.get(l.id)?.length ?? 0) >= 2);
  }

  /** A new scheduled event in `league`, or null when every team there is already playing. */
  create(league: LeagueDef, startsAt: number): SimEvent | null {
    const rng = this.rng;
    const free = (this.teams.get(league.id) ?? []).filter((t) => !this.busy.has(t.id));
    if (free.length < 2) return null;
    const home = free.splice(rng.int(free.length), 1)[0] as TeamDef;
    const away = rng.pick(free);
    const profile = sportProfile(league);
    const margin =
      profile.homeEdge + this.rating(home, profile.sdMargin) - this.rating(away, profile.sdMargin);
    const total = profile.total * (1 + 0.04 * rng.normal());
    const players = [...this.pickPlayers(home), ...this.pickPlayers(away)];
    const regulation = league.clock.periods * league.clock.periodSeconds;
    const avgPoints = average(profile.scorePoints, profile.scoreWeights);
    const side = (points: number) => Math.max(points, total * 0.05) / avgPoints / regulation;

    const ev: SimEvent = {
      event: {
        id: this.eventId(league, startsAt, home, away),
        sport: league.sport,
        league: league.id,
        home: participant(home),
        away: participant(away),
        ...(players.length > 0 ? { players } : {}),
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
      teams: [home.id, away.id],
    };
    if (profile.total === 0) ev.scoreRate = { home: 0, away: 0 };
    buildMarkets(ev, { margin, total }, this.catalog.markets, players, this.books, rng);
    this.busy.add(home.id);
    this.busy.add(away.id);
    return ev;
  }

  /** Puts a fresh event part-way through its game, as if the simulator had been running. */
  putInPlay(ev: SimEvent, progress: number, now: number): void {
    const { periods, periodSeconds, countsUp } = ev.league.clock;
    const elapsed = progress * periods * periodSeconds;
    const period = Math.min(periods, Math.floor(elapsed / periodSeconds) + 1);
    const inPeriod = elapsed - (period - 1) * periodSeconds;
    const home = this.sampleScore(ev, ev.scoreRate.home * elapsed);
    const away = this.sampleScore(ev, ev.scoreRate.away * elapsed);
    ev.event.startsAt = now - Math.round(elapsed * 1000);
    ev.event.status = 'live';
    ev.live = { home, away, period, clock: countsUp ? inPeriod : periodSeconds - inPeriod };
    for (let p = 1; p <= period; p++) {
      ev.periodStartHome[p] = Math.floor((home * (p - 1)) / period);
      ev.periodStartAway[p] = Math.floor((away * (p - 1)) / period);
    }
    ev.clockMark = Math.floor(ev.live.clock / 10);
    for (const inst of ev.instances) {
      if (inst.prop || (inst.scope && inst.scope.to < period)) inst.closed = true;
    }
  }

  release(ev: SimEvent): void {
    for (const t of ev.teams) this.busy.delete(t);
  }

  private sampleScore(ev: SimEvent, plays: number): number {
    const n = Math.max(0, Math.round(plays + Math.sqrt(plays) * this.rng.normal()));
    let points = 0;
    for (let i = 0; i < n; i++)
      points += ev.profile.scorePoints[this.rng.weighted(ev.profile.scoreWeights)] ?? 1;
    return points;
  }

  /** `<league>-<yyyy-mm-dd>-<home>-<away>` (UTC date, lower-case abbreviations); a rematch on the same day gets `-2`. */
  private eventId(league: LeagueDef, startsAt: number, home: TeamDef, away: TeamDef): string {
    const date = new Date(startsAt).toISOString().slice(0, 10);
    const base = `${league.id}-${date}-${slug(home)}-${slug(away)}`;
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

  private pickPlayers(team: TeamDef): Participant[] {
    const roster = this.players.get(team.id) ?? [];
    return roster.slice(0, this.propPlayers).map((p) => ({ id: p.id, name: p.name }));
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
