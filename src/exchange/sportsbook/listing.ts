// A moneyline question for each game: "Will <home> beat <away>?", the home team on the YES side
// (first in the slug, spec 4.9), linked to the sportsbook event it asks about.
import type { Participant, SportEvent } from '../../model/types.js';
import type { MarketListing, Team } from '../api.js';

const part = (p: Participant) => (p.abbr ?? p.id).toLowerCase().replace(/[^a-z0-9]+/g, '');
const team = (p: Participant): Team => ({ id: p.id, name: p.name, abbr: p.abbr ?? p.id });

/** `YYYY-MM-DD` of the start, in UTC. */
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** `nba-den-min-2026-06-02`. */
export function eventSlug(e: SportEvent): string {
  return `${e.league}-${part(e.home)}-${part(e.away)}-${day(e.startsAt)}`;
}

/** `aec-nba-den-min-2026-06-02` (spec 4.9, game winner). */
export function marketSlug(e: SportEvent): string {
  return `aec-${eventSlug(e)}`;
}

export function moneylineListing(e: SportEvent, slug = marketSlug(e)): MarketListing {
  return {
    slug,
    eventSlug: eventSlug(e),
    eventId: e.id,
    sport: e.sport,
    league: e.league,
    title: `${e.home.name} vs. ${e.away.name}`,
    question: `Will the ${e.home.name} beat the ${e.away.name}?`,
    yes: team(e.home),
    no: team(e.away),
    startsAt: e.startsAt,
  };
}

/** How the question resolves once the event ended: YES when the home side won; null without a score. */
export function homeWon(e: SportEvent): boolean | null {
  if (!e.live) return null;
  return e.live.home > e.live.away;
}
