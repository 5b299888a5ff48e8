// The score history of each game, kept from the event Changes the dialect observes before
// fan-out: the canonical event holds only the running score, so the split by period and the
// scoring events exist only if someone writes them down as the score moves.
import type { Change, SportEvent } from '../../model/types.js';

export interface ScoringEvent {
  period: number;
  side: 'home' | 'away';
  /** What this score added. */
  points: number;
  home: number;
  away: number;
  at: number;
}

export interface Track {
  /** The game as last seen (kept after state forgets it, for final results). */
  event: SportEvent;
  /** When the game last changed (ms), null if never seen changing. */
  lastUpdate: number | null;
  concludedAt: number | null;
  /** Score per period, index = period - 1. */
  homeBy: number[];
  awayBy: number[];
  /** The latest scoring events, oldest first, at most `maxScoringEvents`. */
  scoring: ScoringEvent[];
}

export interface BookLimits {
  /** Games remembered; past it the game first seen longest ago is forgotten. */
  maxGames: number;
  maxScoringEvents: number;
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

function addAt(xs: number[], period: number, n: number): void {
  while (xs.length < period) xs.push(0);
  xs[period - 1] = (xs[period - 1] ?? 0) + n;
}

export class ResultsBook {
  private readonly tracks = new Map<string, Track>();
  /** The same tracks by league, so a sport's request reads only its own games. */
  private readonly byLeague = new Map<string, Map<string, Track>>();

  /** `leagues`: the leagues that have results (a RapidOdds sport). */
  constructor(
    private readonly leagues: ReadonlySet<string>,
    private readonly limits: BookLimits,
  ) {}

  get(id: string): Track | undefined {
    return this.tracks.get(id);
  }

  /** Remembered games of a league, including ones state no longer holds. */
  ofLeague(league: string): Iterable<Track> {
    return this.byLeague.get(league)?.values() ?? [];
  }

  observe = (changes: readonly Change[]): void => {
    for (const c of changes) {
      if (c.kind === 'event' && this.leagues.has(c.league)) this.apply(c);
    }
  };

  private track(c: Extract<Change, { kind: 'event' }>): Track {
    const hit = this.tracks.get(c.after.id);
    if (hit) return hit;
    const t: Track = {
      event: c.before ?? c.after,
      lastUpdate: null,
      concludedAt: null,
      homeBy: [],
      awayBy: [],
      scoring: [],
    };
    // A game first seen in play (a source that starts mid-game, a restart): its score so far
    // lands in the period it was seen in, and is no scoring event.
    const live = (c.before ?? c.after).live;
    if (live) {
      const p = Math.max(1, live.period);
      addAt(t.homeBy, p, live.home);
      addAt(t.awayBy, p, live.away);
    }
    this.tracks.set(c.after.id, t);
    let league = this.byLeague.get(c.league);
    if (!league) {
      league = new Map();
      this.byLeague.set(c.league, league);
    }
    league.set(c.after.id, t);
    if (this.tracks.size > this.limits.maxGames) this.forget(this.tracks.keys().next().value);
    return t;
  }

  private forget(id: string | undefined): void {
    const t = id === undefined ? undefined : this.tracks.get(id);
    if (!t || id === undefined) return;
    this.tracks.delete(id);
    const league = this.byLeague.get(t.event.league);
    league?.delete(id);
    if (league?.size === 0) this.byLeague.delete(t.event.league);
  }

  private apply(c: Extract<Change, { kind: 'event' }>): void {
    const t = this.track(c);
    const e = c.after;
    t.event = e;
    t.lastUpdate = c.at;
    if (e.status === 'ended') t.concludedAt ??= c.at;
    else t.concludedAt = null;
    const live = e.live;
    if (!live) return;
    const p = Math.max(1, live.period);
    // Pad so every started period shows, scored in or not.
    addAt(t.homeBy, p, 0);
    addAt(t.awayBy, p, 0);
    this.score(t, 'home', live.home - sum(t.homeBy), p, c.at);
    this.score(t, 'away', live.away - sum(t.awayBy), p, c.at);
  }

  private score(t: Track, side: 'home' | 'away', n: number, period: number, at: number): void {
    if (n === 0) return;
    addAt(side === 'home' ? t.homeBy : t.awayBy, period, n);
    // A correction (score taken back) moves the split but is not a scoring event.
    if (n < 0) return;
    const live = t.event.live;
    t.scoring.push({
      period,
      side,
      points: n,
      home: live?.home ?? sum(t.homeBy),
      away: live?.away ?? sum(t.awayBy),
      at,
    });
    if (t.scoring.length > this.limits.maxScoringEvents) t.scoring.shift();
  }
}
