// The games a results request or push shows: those state holds, with the score track the book
// kept for them, plus finished games state has already forgotten but the book still remembers.
import type { EventStatus, SportEvent } from '../../model/types.js';
import type { CoreReader } from '../../seam/core.js';
import { buildResults, type ResultsPayload, type ResultsQuery, selects } from './results.js';
import type { ResultsBook } from './results-book.js';
import type { SportRef } from './vocab.js';

export class ResultsView {
  constructor(
    private readonly reader: CoreReader,
    private readonly book: ResultsBook,
    private readonly clock: () => number,
  ) {}

  /**
   * The payload for a sport. `changed` limits it to some games, each with its status before the
   * change, so a `live` subscriber also sees the push in which its game ends.
   */
  payload(
    sport: SportRef,
    q: ResultsQuery,
    changed?: ReadonlyMap<string, EventStatus>,
  ): ResultsPayload {
    if (changed?.size === 0) return { sport: sport.id, games: [] };
    const league = sport.league.id;
    const now = this.clock();
    const events = new Map<string, SportEvent>();
    const filter = changed
      ? { leagues: [league], events: [...changed.keys()] }
      : { leagues: [league] };
    for (const e of this.reader.events(filter)) events.set(e.id, e);
    // Games only the book still remembers (finished, let go of by state).
    const remembered = changed
      ? [...changed.keys()].flatMap((id) => this.book.get(id) ?? [])
      : this.book.ofLeague(league);
    for (const t of remembered) {
      if (t.event.league === league && !events.has(t.event.id)) events.set(t.event.id, t.event);
    }
    const games = [...events.values()]
      .filter((e) => selects(q, e, now, changed?.get(e.id)))
      .map((event) => ({ event, track: this.book.get(event.id) }));
    return buildResults(sport.id, sport.league, games, q.include);
  }
}
