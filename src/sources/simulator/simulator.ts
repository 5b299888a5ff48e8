// The simulator source: a deterministic world stepped by advanceTo/tick, and a timer that
// drives it in real time. The configured rate is a budget: every step earns rate x dt updates;
// pending work (status holds, followers catching up, new boards) spends it first, and random
// price moves fill what is left.
import type { Catalog } from '../../catalog/types.js';
import type { Update } from '../../model/types.js';
import type { Clock, Emit, Source } from '../types.js';
import { simBooks } from './books.js';
import { advanceGame, type World } from './game.js';
import type { BookGroup } from './group.js';
import { FollowQueue } from './heap.js';
import type { MarketInstance, SimEvent } from './model.js';
import { Rng } from './prng.js';
import { Slate } from './slate.js';
import { eventUpdate, WorkQueue } from './work.js';

export interface SimulatorOptions {
  catalog: Catalog;
  seed: number;
  /** Updates per second; 0 turns the simulator off. */
  rate: number;
  clock: Clock;
  /** Start of simulated time; defaults to clock(). */
  now?: number;
  /**
   * Events on the slate at any time. Default: rate / 2000, between 6 and 40, so a slow feed
   * still gets its first full board out within a minute or so.
   */
  events?: number;
  /** Share of the initial slate already in play; default 0.25. */
  inPlayShare?: number;
  /** World seconds per real second (games, breaks, start times); default 1. */
  speed?: number;
  /** Players per team with props; default 2. */
  propPlayers?: number;
  /** Only these book ids; default every catalog book. */
  books?: string[];
  /** Timer period of start(); default 25 ms. */
  intervalMs?: number;
}

/** World steps are at most this long, so a long tick still sees scores and breaks in order. */
const STEP_MS = 250;
/** After a stall (a paused process, a slow consumer) at most this much time earns budget. */
const MAX_CATCH_UP_MS = 1000;
/** Fresh moves wait while pending followers already need this many seconds of budget. */
const FOLLOW_HORIZON_S = 2;
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
  private readonly slate: Slate;
  private readonly events: SimEvent[] = [];
  private instances: MarketInstance[] = [];
  private readonly work = new WorkQueue();
  private readonly follow = new FollowQueue();
  private nowMs: number;
  private budget = 0;
  private avgFollowerFlush = 2;
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
    this.nowMs = opts.now ?? opts.clock();
    const wanted = opts.books ? new Set(opts.books) : null;
    const books = simBooks(
      opts.catalog.books.filter((b) => !wanted || wanted.has(b.id)),
      this.rng,
    );
    this.slate = new Slate(opts.catalog, books, this.rng, opts.propPlayers ?? 2);
    const events = opts.events ?? Math.min(40, Math.max(6, Math.round(this.rate / 2000)));
    this.fillSlate(events, opts.inPlayShare ?? 0.25);
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

  tick(ms: number): Update[] {
    return this.advanceTo(this.nowMs + ms);
  }

  start(emit: Emit): void {
    if (this.timer || this.rate === 0) return;
    this.timer = setInterval(() => {
      const updates = this.advanceTo(this.clock());
      if (updates.length > 0) emit(updates);
    }, this.intervalMs);
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
      this.work.add(ev);
    }
  }

  requoteAll(ev: SimEvent): void {
    for (const inst of ev.instances) for (const g of inst.groups) this.work.add(g);
  }

  requote(group: BookGroup): void {
    this.work.add(group);
  }

  ended(ev: SimEvent): void {
    this.slate.release(ev);
    this.prune = true;
    const startsIn = this.rng.range(10 * 60_000, 6 * 3_600_000) / this.speed;
    const next = this.slate.create(ev.league, this.startTime(this.nowMs + startsIn));
    if (next) this.add(next);
  }

  private fillSlate(count: number, inPlayShare: number): void {
    const leagues = this.rng.shuffle([...this.slate.leagues]);
    for (let i = 0; i < count && leagues.length > 0; i++) {
      const league = leagues[i % leagues.length];
      if (!league) break;
      const inPlay = this.rng.chance(inPlayShare);
      const startsIn = this.rng.range(5 * 60_000, 8 * 3_600_000) / this.speed;
      const ev = this.slate.create(league, this.startTime(this.nowMs + startsIn));
      if (!ev) continue;
      if (inPlay) this.slate.putInPlay(ev, this.rng.range(0.05, 0.9), this.nowMs);
      this.add(ev);
    }
  }

  /** Real slates start on the quarter hour; sped-up worlds keep the exact time. */
  private startTime(t: number): number {
    return this.speed === 1 ? Math.ceil(t / 900_000) * 900_000 : Math.round(t);
  }

  private add(ev: SimEvent): void {
    this.events.push(ev);
    for (const inst of ev.instances) this.instances.push(inst);
    if (this.announced) this.eventChanged(ev, true);
    this.requoteAll(ev);
  }

  private step(dt: number, allowance: number): void {
    const now = this.nowMs;
    this.budget = Math.min(this.budget + allowance, allowance + this.rate * 0.5 + 20);
    for (let i = 0; i < this.events.length; i++)
      advanceGame(this.events[i] as SimEvent, now, dt, this);
    for (let g = this.follow.popDue(now); g; g = this.follow.popDue(now)) {
      g.followAt = 0;
      if (g.dead) continue;
      g.seen = g.inst.mu;
      this.work.add(g);
    }
    this.budget -= this.work.drain(now, this.budget, this.out, (n) => {
      this.avgFollowerFlush += (n - this.avgFollowerFlush) * 0.01;
    });
    this.moves(now);
    if (this.prune) this.pruneEnded();
  }

  private moves(now: number): void {
    const list = this.instances;
    if (list.length === 0) return;
    const limit = 64 + Math.ceil(this.budget) * 2;
    for (let tries = 0; this.budget > 0 && tries < limit; tries++) {
      if (this.follow.size * this.avgFollowerFlush > this.rate * FOLLOW_HORIZON_S) return;
      const inst = list[this.rng.int(list.length)] as MarketInstance;
      const ev = inst.ev;
      if (inst.closed || ev.suspended || inst.offBoardUntil > now || ev.event.status === 'ended')
        continue;
      const size = this.rng.chance(STEAM_CHANCE) ? STEAM_SIZE : MOVE_SIZE;
      inst.mu += (inst.anchor - inst.mu) * REVERSION + this.rng.normal() * inst.sd * size;
      if (inst.shape === 'yes') inst.mu = Math.min(Math.max(inst.mu, 0.02), 0.9);
      for (const g of inst.groups) {
        if (g.book.sharp) {
          g.seen = inst.mu;
          this.budget -= g.flush(now, this.out);
        } else if (g.followAt === 0) {
          g.followAt = now + g.book.lagMs * (0.7 + 0.6 * this.rng.next());
          this.follow.push(g);
        }
      }
    }
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
    for (let i = this.events.length - 1; i >= 0; i--)
      if (set.has(this.events[i] as SimEvent)) this.events.splice(i, 1);
    this.instances = this.instances.filter((i) => !set.has(i.ev));
    this.prune = this.events.some((e) => e.event.status === 'ended');
  }
}
