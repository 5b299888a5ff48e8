// In-play incidents besides the score: cards, injuries, VAR checks, timeouts, penalties, as each
// sport has them. They draw from a generator of their own, seeded by the event id, so adding
// them leaves every price and score of a seed exactly where it was.
import type { Incident } from '../../model/types.js';
import type { SimEvent } from './model.js';
import { Rng } from './prng.js';

/** Incident kinds per sport and how many a game has on average. */
const PER_GAME: Record<string, readonly (readonly [string, number])[]> = {
  soccer: [
    ['yellow_card', 3.8],
    ['red_card', 0.15],
    ['injury', 1.2],
    ['var', 0.6],
  ],
  basketball: [
    ['timeout', 10],
    ['challenge', 0.8],
    ['injury', 0.4],
  ],
  football: [
    ['timeout', 5],
    ['challenge', 0.9],
    ['injury', 1.5],
  ],
  hockey: [
    ['penalty', 7],
    ['challenge', 0.4],
    ['injury', 0.3],
  ],
  baseball: [
    ['challenge', 1.2],
    ['injury', 0.3],
  ],
  tennis: [
    ['challenge', 2],
    ['injury', 0.1],
  ],
};

/** Kinds that are not about one team. */
const NEUTRAL = new Set(['var']);

/** What the simulator keeps per event for incidents. */
export interface IncidentState {
  rng: Rng;
  count: number;
}

function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function stateOf(ev: SimEvent): IncidentState {
  ev.incidents ??= { rng: new Rng(hash(ev.event.id)), count: 0 };
  return ev.incidents;
}

function record(ev: SimEvent, kind: string): Incident {
  const s = stateOf(ev);
  const incident: Incident = { n: ++s.count, kind };
  if (!NEUTRAL.has(kind)) incident.side = s.rng.chance(0.5) ? 'home' : 'away';
  ev.live.incident = incident;
  return incident;
}

/** Maybe an incident in `seconds` of play; true when one happened. */
export function maybeIncident(ev: SimEvent, seconds: number): boolean {
  const kinds = PER_GAME[ev.event.sport];
  if (!kinds || seconds <= 0) return false;
  const { periods, periodSeconds } = ev.league.clock;
  const game = periods * periodSeconds;
  const rng = stateOf(ev).rng;
  for (const [kind, perGame] of kinds) {
    if (rng.chance((perGame / game) * seconds)) {
      record(ev, kind);
      return true;
    }
  }
  return false;
}

/** The incident behind an in-play news suspension: a VAR check where there is VAR, else an injury. */
export function newsIncident(ev: SimEvent): Incident {
  const kinds = PER_GAME[ev.event.sport] ?? [];
  return record(ev, kinds.some(([k]) => k === 'var') ? 'var' : 'injury');
}
