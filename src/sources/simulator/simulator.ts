// The simulator source: a deterministic world stepped by advanceTo/tick, and a timer that
// drives it in real time. The slate comes from each league's season calendar at the simulated
// date: games in play, today's kick-offs and the next days' games pre-match. Its opening board
// is emitted at once when the simulator starts, as a real feed's is already there when you
// connect. After that the configured rate is a budget: every step earns rate x dt updates,
// shared between leagues (lanes.ts); within a league pending work (status holds, followers
// catching up, newly listed boards) spends it first and random price moves fill what is left.
import type { Catalog } from '../../catalog/types.js';
import type { Update } from '../../model/types.js';
import type { Clock, Emit, Source } from '../types.js';
import { simBooks } from './books.js';
import { Calendar, type Fixture } from './calendar.js';
import { advanceGame, type World } from './game.js';
import type { BookGroup } from './group.js';
import { FollowQueue } from './heap.js';
import { Lane, nextLane } from './lanes.js';
import type { SimEvent } from './model.js';
import { Rng } from './prng.js';
import { gameDurationMs, sportProfile } from './profiles.js';
import { Slate } from './slate.js';
import { eventUpdate } from './work.js';

export interface SimulatorOptions {
  catalog: Catalog;
  seed: number;
  /** Updates per second; 0 turns the simulator off. */
  rate: number;
  clock: Clock;
  /** Start of simulated time (and the date whose calendar is played); defaults to clock(). */
  now?: number;
  /**
   * Most events simulated at once; 0 or absent: the calendar's whole slate. When the slate is
   * larger, games in play and each league's next kick-offs come first, league by league.
   */
  events?: number;
  /** World seconds per real second (games, breaks, the calendar); default 1. */
  speed?: number;
  /** Players per team with props; default 2. */
  propPlayers?: number;
  /** Only these book ids; default every catalog book. */
  books?: string[];
  /** Timer period of start(); default 25 ms. */
  intervalMs?: number;
  /**
   * Longest stretch of emitting, in ms, before start() yields the event loop (checked between
   * slices of EMIT_SLICE updates); default 4, as ingest's `ingest.maxTurnMs`.
   */
  maxTurnMs?: number;
}

/** World steps are at most this long, so a long tick still sees scores and breaks in order. */
const STEP_MS = 250;
/** After a stall (a paused process, a slow consumer) at most this much time earns budget. */
const MAX_CATCH_UP_MS = 1000;
/** Games kicking off within this (world time) have their full board; later ones main lines only. */
const GAME_DAY_MS = 18 * 3_600_000;
/** How often (world time) the calendar is read again for newly listed games. */
const LIST_EVERY_MS = 15 * 60_000;
/** Fixtures are remembered this long after kick-off, so an ended game is not listed again. */
const FORGET_AFTER_MS = 2 * 86_400_000;
/**
 * Updates handed to emit at once by start(), between two looks at the turn's budget
 * (maxTurnMs). The hub writes a turn's frames (and the analytics' alerts) only when the turn
 * ends, so a turn's length is the latency it adds for everyone behind it on a busy server: a
 * fixed 1,000-update slice was a 40-50 ms turn at 50,000 updates/s.
 */
const EMIT_SLICE = 100;
const MOVE_SIZE = 0.025;
const STEAM_SIZE = 0.12;
const STEAM_CHANCE = 0.03;
const REVERSION = 0.05;

export class Simulator implements Source, World {
  readonly name = 'simulator';
  readonly rng: Rng;
  readonly speed: number;
  private readonly rate: number;
  private readonly clock: Clock;
  private readonly intervalMs: number;
  private readonly maxTurnMs: number;
  private readonly cap: number;
  private readonly origin: number;
  private readonly calendar: Calendar;
  private readonly slate: Slate;
  private readonly events: SimEvent[] = [];
  private readonly lanes = new Map<string, Lane>();
  private readonly laneList: Lane[] = [];
  /** Fixture key -> kick-off (world ms) of every game listed so far. */
  private readonly listed = new Map<string, number>();
  private readonly durations = new Map<string, number>();
  private readonly follow = new FollowQueue();
  private nowMs: number;
  private nextListing = 0;
  private budget = 0;
  private announced = false;
  private prune = false;
  private out: Update[] = [];
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(opts: SimulatorOptions) {
    this.rng = new Rng(opts.seed);
    this.rate = Math.max(0, opts.rate);
    this.clock = opts.clock;
    this.speed = opts.speed ?? 1;
    this.intervalMs = opts.intervalMs ?? 25;
    this.maxTurnMs = opts.maxTurnMs ?? 4;
    this.cap = Math.max(0, opts.events ?? 0);
    this.nowMs = opts.now ?? opts.clock();
    this.origin = this.nowMs;
    const wanted = opts.books ? new Set(opts.books) : null;
    const books = simBooks(
      opts.catalog.books.filter((b) => !wanted || wanted.has(b.id)),
      this.rng,
    );
    this.calendar = new Calendar(opts.catalog, opts.seed);
    this.slate = new Slate(opts.catalog, books, this.rng, opts.propPlayers ?? 2);
    this.list();
  }

  get now(): number {
    return this.nowMs;
  }

  /** Events currently simulated (including ended ones still closing their quotes). */
  get eventCount(): number {
    return this.events.length;
  }

  /** Runs the world up to `now` and returns the updates it produced, in order. */
  advanceTo(now: number): Update[] {
    const out: Update[] = [];
    if (this.rate === 0) {
      this.nowMs = Math.max(this.nowMs, now);
      return out;
    }
    this.out = out;
    if (!this.announced) {
      this.announced = true;
      for (const ev of this.events) out.push(eventUpdate(ev, this.nowMs));
      this.openBoards(out);
    }
    const gap = now - this.nowMs;
    const perMs = gap > 0 ? (this.rate * Math.min(gap, MAX_CATCH_UP_MS)) / 1000 / gap : 0;
    while (this.nowMs < now) {
      const dt = Math.min(STEP_MS, now - this.nowMs);
      this.nowMs += dt;
      this.step(dt, dt * perMs);
    }
    this.out = [];
    return out;
  }

  /** The opening board, league by league in turn, so each league's first prices come early. */
  private openBoards(out: Update[]): void {
    for (let busy = true; busy; ) {
      busy = false;
      for (const lane of this.laneList) {
        const queue = lane.work.size > 0 ? lane.work : lane.opening;
        if (queue.size === 0) continue;
        queue.flushNext(this.nowMs, out);
        busy = true;
      }
    }
  }

  tick(ms: number): Update[] {
    return this.advanceTo(this.nowMs + ms);
  }

  /**
   * Drives the world from the clock. A large batch (the opening board, or a busy server's
   * backlog of steps) is handed over in slices, as many per turn of the event loop as maxTurnMs
   * allows, so requests are served while it goes out; the world waits for the last slice before
   * it steps again, so order is kept. The next turn is queued after emit, so what emit queued
   * (the hub's flush of this turn's frames) runs first. Settles once the opening board is handed
   * over.
   */
  start(emit: Emit): Promise<void> {
    if (this.timer || this.rate === 0) return Promise.resolve();
    let pending: Update[] = [];
    let at = 0;
    let opened = () => {};
    const opening = new Promise<void>((resolve) => {
      opened = resolve;
    });
    const deliver = () => {
      if (!this.timer) return opened();
      const turnStart = performance.now();
      let more = true;
      try {
        do {
          const slice = pending.slice(at, at + EMIT_SLICE);
          at += slice.length;
          more = at < pending.length;
          if (!more) pending = [];
          if (slice.length > 0) emit(slice);
        } while (more && performance.now() - turnStart < this.maxTurnMs);
      } finally {
        // Even past a throwing emit: the world must not stall on a batch it never finishes.
        if (more) setImmediate(deliver);
        else opened();
      }
    };
    const step = () => {
      if (pending.length > 0) return;
      pending = this.advanceTo(this.clock());
      at = 0;
      deliver();
    };
    this.timer = setInterval(step, this.intervalMs);
    // The opening board now, not one interval later: it is what "ready" waits for.
    step();
    return opening;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  // World: called back by the games.

  eventChanged(ev: SimEvent, statusChanged: boolean): void {
    if (statusChanged) {
      // Never conflated, so every consumer sees each transition.
      this.out.push(eventUpdate(ev, this.nowMs));
      this.budget--;
    } else {
      this.laneOf(ev).work.add(ev);
    }
  }

  requoteAll(ev: SimEvent): void {
    const work = this.laneOf(ev).work;
    for (const inst of ev.instances) for (const g of inst.groups) work.add(g);
  }

  /** Queues a board that opens: newly listed, or widened to game day. */
  private openBoard(ev: SimEvent): void {
    const opening = this.laneOf(ev).opening;
    for (const inst of ev.instances) for (const g of inst.groups) opening.add(g);
  }

  requote(group: BookGroup): void {
    this.laneOf(group.inst.ev).work.add(group);
  }

  ended(): void {
    this.prune = true;
  }

  /** World time: the calendar runs `speed` times faster than the clock from the start. */
  private world(real: number): number {
    return this.origin + (real - this.origin) * this.speed;
  }

  private real(world: number): number {
    return this.origin + (world - this.origin) / this.speed;
  }

  private duration(fx: Fixture): number {
    let ms = this.durations.get(fx.league.id);
    if (ms === undefined) {
      ms = gameDurationMs(fx.league, sportProfile(fx.league));
      this.durations.set(fx.league.id, ms);
    }
    return ms;
  }

  /**
   * Reads the calendar: lists games not yet on the slate (up to the cap), and opens the full
   * board of games that have reached game day.
   */
  private list(): void {
    const now = this.world(this.nowMs);
    this.nextListing = now + LIST_EVERY_MS;
    for (const [key, startsAt] of this.listed) {
      if (startsAt < now - FORGET_AFTER_MS) this.listed.delete(key);
    }
    const gameDay = this.real(now + GAME_DAY_MS);
    for (const ev of this.events) {
      if (ev.event.status === 'scheduled' && ev.event.startsAt <= gameDay && this.slate.open(ev)) {
        if (this.announced) this.eventChanged(ev, false);
        this.openBoard(ev);
      }
    }
    const perLeague: { key: string; fx: Fixture }[][] = [];
    for (const league of this.calendar.leagues) {
      const fresh: { key: string; fx: Fixture }[] = [];
      for (const fx of this.calendar.listed(league, now)) {
        const key = `${league.id}|${fx.day}|${fx.home.id}|${fx.away.id}`;
        if (this.listed.has(key) || fx.startsAt + this.duration(fx) <= now) continue;
        fresh.push({ key, fx });
      }
      if (fresh.length > 0) perLeague.push(fresh.sort((x, y) => x.fx.startsAt - y.fx.startsAt));
    }
    let room = this.cap > 0 ? this.cap - this.events.length : Number.POSITIVE_INFINITY;
    // League by league, earliest first: under a cap every league still gets its next games.
    perLeague.sort((x, y) => (x[0]?.fx.startsAt ?? 0) - (y[0]?.fx.startsAt ?? 0));
    for (let i = 0; room > 0; i++) {
      let any = false;
      for (const fresh of perLeague) {
        const next = fresh[i];
        if (!next || room <= 0) continue;
        any = true;
        room--;
        this.listed.set(next.key, next.fx.startsAt);
        this.add(this.eventFor(next.fx, now));
      }
      if (!any) break;
    }
  }

  private eventFor(fx: Fixture, now: number): SimEvent {
    const ev = this.slate.create(fx, this.real(fx.startsAt), fx.startsAt - now <= GAME_DAY_MS);
    if (fx.startsAt <= now) this.slate.putInPlay(ev, (now - fx.startsAt) / this.duration(fx));
    return ev;
  }

  private laneOf(ev: SimEvent): Lane {
    let lane = this.lanes.get(ev.league.id);
    if (!lane) {
      lane = new Lane(ev.league.id);
      this.lanes.set(ev.league.id, lane);
      this.laneList.push(lane);
    }
    return lane;
  }

  private add(ev: SimEvent): void {
    const lane = this.laneOf(ev);
    if (lane.events.length === 0) {
      // A lane that comes back starts level with the busiest, not with credit for its absence.
      const first = nextLane(this.laneList);
      lane.pass = first ? first.pass : 0;
    }
    lane.add(ev);
    this.events.push(ev);
    if (this.announced) this.eventChanged(ev, true);
    this.openBoard(ev);
  }

  private step(dt: number, allowance: number): void {
    const now = this.nowMs;
    this.budget = Math.min(this.budget + allowance, allowance + this.rate * 0.5 + 20);
    if (this.world(now) >= this.nextListing) this.list();
    for (let i = 0; i < this.events.length; i++)
      advanceGame(this.events[i] as SimEvent, now, dt, this);
    for (let g = this.follow.popDue(now); g; g = this.follow.popDue(now)) {
      g.followAt = 0;
      if (g.dead) continue;
      g.seen = g.inst.mu;
      this.requote(g);
    }
    const gameDay = this.real(this.world(now) + GAME_DAY_MS);
    for (const lane of this.laneList) lane.reweigh(gameDay);
    const limit = 64 + Math.ceil(this.budget) * 2;
    for (let tries = 0; this.budget > 0 && tries < limit; tries++) {
      const lane = nextLane(this.laneList);
      if (!lane) break;
      const n = this.act(lane, now, gameDay);
      lane.pass += Math.max(n, 1) / lane.weight;
      this.budget -= n;
    }
    if (this.prune) this.pruneEnded();
  }

  private act(lane: Lane, now: number, gameDay: number): number {
    if (lane.work.size > 0) return lane.work.flushNext(now, this.out);
    if (lane.opening.size === 0) return this.move(lane, now, gameDay);
    lane.openTurn = !lane.openTurn;
    return lane.openTurn ? lane.opening.flushNext(now, this.out) : this.move(lane, now, gameDay);
  }

  /** A fresh move of one market's truth: sharp books re-quote at once, the others follow later. */
  private move(lane: Lane, now: number, gameDay: number): number {
    const ev = lane.pick(gameDay);
    if (!ev) return 0;
    const inst = ev.instances[this.rng.int(ev.instances.length)];
    if (!inst || inst.closed || inst.offBoardUntil > now) {
      lane.charge(ev, 0, gameDay);
      return 0;
    }
    const size = this.rng.chance(STEAM_CHANCE) ? STEAM_SIZE : MOVE_SIZE;
    inst.mu += (inst.anchor - inst.mu) * REVERSION + this.rng.normal() * inst.sd * size;
    if (inst.shape === 'yes') inst.mu = Math.min(Math.max(inst.mu, 0.02), 0.9);
    let n = 0;
    for (const g of inst.groups) {
      if (g.book.sharp) {
        g.seen = inst.mu;
        n += g.flush(now, this.out);
      } else if (g.followAt === 0) {
        g.followAt = now + g.book.lagMs * (0.7 + 0.6 * this.rng.next());
        this.follow.push(g);
      }
    }
    lane.charge(ev, n, gameDay);
    return n;
  }

  private pruneEnded(): void {
    this.prune = false;
    const gone = this.events.filter(
      (e) => e.event.status === 'ended' && e.openGroups === 0 && !e.queued,
    );
    if (gone.length === 0) {
      this.prune = this.events.some((e) => e.event.status === 'ended');
      return;
    }
    const set = new Set(gone);
    const keep = (e: SimEvent) => !set.has(e);
    this.events.splice(0, this.events.length, ...this.events.filter(keep));
    for (const lane of this.laneList)
      lane.events.splice(0, lane.events.length, ...lane.events.filter(keep));
    this.prune = this.events.some((e) => e.event.status === 'ended');
    // Under a cap, a game that is over makes room for the next one on the calendar.
    if (this.cap > 0) this.list();
  }
}
