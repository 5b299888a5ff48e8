// The fixture list: which teams meet on which local day and at what time, from each league's
// season (seasons.ts). A fixture depends only on the seed, the league and the day, so a restart
// on the same day lists the same games with the same ids. Pairings come from a round robin (the
// circle method): teams meet at most once per round, a round is a day or a week, and consecutive
// rounds never repeat a pairing, so no team plays twice at once and no fixture is listed twice.
import type { Catalog, LeagueDef, TeamDef } from '../../catalog/types.js';
import { localDay, localTime, minutesOf, weekday } from './localtime.js';
import { Rng } from './prng.js';
import { type Phase, SEASONS, type Season } from './seasons.js';

export interface Fixture {
  league: LeagueDef;
  /** Local day (in the league's time zone) the game is scheduled on. */
  day: number;
  home: TeamDef;
  away: TeamDef;
  /** Kick-off, epoch ms. */
  startsAt: number;
}

export class Calendar {
  private readonly teams = new Map<string, TeamDef[]>();
  private readonly cache = new Map<string, Fixture[]>();

  constructor(
    catalog: Catalog,
    private readonly seed: number,
  ) {
    for (const league of catalog.leagues) {
      const teams = catalog.teams.filter((t) => t.league === league.id);
      if (teams.length < 2 || !SEASONS[league.id]) continue;
      // One order per seed and league: the seed decides who meets whom, round after round.
      this.teams.set(league.id, new Rng(hash(seed, league.id)).shuffle([...teams]));
    }
    this.leagues = catalog.leagues.filter((l) => this.teams.has(l.id));
  }

  /** Leagues the calendar can schedule (a season and at least two teams). */
  readonly leagues: readonly LeagueDef[];

  /** Games listed at instant `now`: from yesterday (late games still running) to the horizon. */
  listed(league: LeagueDef, now: number): Fixture[] {
    const season = SEASONS[league.id];
    if (!season) return [];
    const today = localDay(season.tz, now);
    const out: Fixture[] = [];
    for (let d = today - 1; d <= today + season.horizonDays; d++) out.push(...this.on(league, d));
    return out;
  }

  /** The league's games on local day `day`, in kick-off order. */
  on(league: LeagueDef, day: number): Fixture[] {
    const key = `${league.id}|${day}`;
    let list = this.cache.get(key);
    if (!list) {
      list = this.build(league, day);
      if (this.cache.size > 4096) this.cache.clear();
      this.cache.set(key, list);
    }
    return list;
  }

  private build(league: LeagueDef, day: number): Fixture[] {
    const season = SEASONS[league.id];
    const teams = this.teams.get(league.id);
    if (!season || !teams) return [];
    const times = slots(season, day);
    if (times.length === 0) return [];
    const pairs = Math.floor(teams.length / 2);
    let round: number;
    let first: number;
    let count: number;
    if (season.round === 'day') {
      round = day;
      first = 0;
      count = Math.min(times.length, pairs);
    } else {
      // A week's games share one round; a day takes its share of the round's pairs in order.
      const tuesday = day - ((weekday(day) - 2 + 7) % 7);
      round = Math.floor(tuesday / 7);
      let before = 0;
      let total = 0;
      for (let d = tuesday; d < tuesday + 7; d++) {
        const n = slots(season, d).length;
        if (d < day) before += n;
        total += n;
      }
      const scale = Math.min(1, pairs / total);
      first = Math.round(before * scale);
      count = Math.round((before + times.length) * scale) - first;
    }
    const rng = new Rng(hash(this.seed, `${league.id}|${round}`));
    const paired = rng.shuffle(circleRound(teams, round)).slice(first, first + count);
    return paired.map(([home, away], i) => ({
      league,
      day,
      home,
      away,
      startsAt: localTime(
        season.tz,
        day,
        minutesOf(times[Math.floor((i * times.length) / count)] ?? '19:00'),
      ),
    }));
  }
}

function phaseOf(season: Season, day: number): Phase | undefined {
  return season.phases.find((p) => p.covers(day));
}

function slots(season: Season, day: number): readonly string[] {
  return phaseOf(season, day)?.week[weekday(day)] ?? [];
}

/** Round `r` of a round robin: every team once (one sits out when the count is odd). */
export function circleRound<T>(teams: readonly T[], r: number): [T, T][] {
  const list: (T | null)[] = teams.length % 2 === 1 ? [...teams, null] : [...teams];
  const n = list.length;
  const k = (((r % (n - 1)) + (n - 1)) % (n - 1)) as number;
  const rest = list.slice(1);
  const rotated = [
    list[0] ?? null,
    ...rest.slice(rest.length - k),
    ...rest.slice(0, rest.length - k),
  ];
  const out: [T, T][] = [];
  for (let i = 0; i < n / 2; i++) {
    const a = rotated[i];
    const b = rotated[n - 1 - i];
    if (a === null || a === undefined || b === null || b === undefined) continue;
    // Alternate who hosts, so a team is not always at home.
    out.push((i + r) % 2 === 0 ? [a, b] : [b, a]);
  }
  return out;
}

/** FNV-1a of the text, mixed with the seed: stable seeds for per-league, per-round draws. */
function hash(seed: number, text: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
