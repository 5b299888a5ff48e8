// What counts as "no change": times alone never make a Change, values do.
import type { LiveState, Participant, QuoteValue, SportEvent } from '../model/types.js';

export function sameQuoteValue(a: QuoteValue, b: QuoteValue): boolean {
  return (
    a.status === b.status &&
    a.main === b.main &&
    a.reason === b.reason &&
    a.limit === b.limit &&
    a.price?.decimal === b.price?.decimal &&
    a.price?.american === b.price?.american &&
    a.price?.fractional === b.price?.fractional
  );
}

function sameParticipant(a: Participant, b: Participant): boolean {
  return a.id === b.id && a.name === b.name && a.abbr === b.abbr;
}

function sameLive(a: LiveState | undefined, b: LiveState | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return (
    a.home === b.home &&
    a.away === b.away &&
    a.clock === b.clock &&
    a.period === b.period &&
    (a.suspended ?? false) === (b.suspended ?? false) &&
    a.incident?.n === b.incident?.n &&
    a.incident?.kind === b.incident?.kind
  );
}

function samePlayers(a: Participant[] | undefined, b: Participant[] | undefined): boolean {
  const x = a ?? [];
  const y = b ?? [];
  return x.length === y.length && x.every((p, i) => sameParticipant(p, y[i]!));
}

export function sameEvent(a: SportEvent, b: SportEvent): boolean {
  return (
    a.status === b.status &&
    a.startsAt === b.startsAt &&
    a.sport === b.sport &&
    a.league === b.league &&
    sameParticipant(a.home, b.home) &&
    sameParticipant(a.away, b.away) &&
    sameLive(a.live, b.live) &&
    samePlayers(a.players, b.players)
  );
}
