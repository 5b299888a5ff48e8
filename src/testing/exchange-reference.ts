// A deliberately naive exchange for property tests: resting orders in one flat list, matched by
// sorting the whole list for every incoming order (O(n^2) over a run), and cash kept as separate
// YES and NO inventories that merge into a dollar per pair - a different formulation from the
// engine's netted positions, so the two agree only if both are right. It shares with the engine
// only the request rules (validate.ts) and the hold formula (ledger.ts marketHold), which are the
// specification it is checked against, not the machinery.
import type { ModifyRequest, OrderRequest, OrderState } from '../exchange/api.js';
import { marketHold } from '../exchange/ledger.js';
import { fee, MONEY, PX, QTY, toUnits } from '../exchange/units.js';
import { checkOrder, checkPrice, checkQuantity, type MarketRules } from '../exchange/validate.js';

type Side = 'buy' | 'sell';

export interface RefOrder {
  id: string;
  account: string;
  slug: string;
  side: Side;
  price: number;
  qty: number;
  cum: number;
  leaves: number;
  tif: string;
  postOnly: boolean;
  prio: number;
  state: OrderState;
}

export interface RefTrade {
  maker: string;
  taker: string;
  price: number;
  qty: number;
}

interface RefAccount {
  cash: number;
  yes: Map<string, number>;
  no: Map<string, number>;
}

export class ReferenceExchange {
  readonly orders = new Map<string, RefOrder>();
  readonly accounts = new Map<string, RefAccount>();
  readonly trades: RefTrade[] = [];
  readonly markets = new Map<string, MarketRules>();
  private n = 0;
  private prio = 0;

  constructor(
    private readonly takerBps: number,
    private readonly makerBps: number,
  ) {}

  listMarket(slug: string, tick: number, minQty: number): void {
    this.markets.set(slug, { state: 'MARKET_STATE_OPEN', tick, minQty });
  }

  openAccount(id: string, dollars: number): void {
    this.accounts.set(id, { cash: dollars * MONEY, yes: new Map(), no: new Map() });
  }

  fund(id: string, dollars: number): boolean {
    const a = this.accounts.get(id);
    const units = toUnits(dollars, MONEY);
    if (!a || units === null || units === 0) return false;
    if (a.cash + units < this.hold(id)) return false;
    a.cash += units;
    return true;
  }

  net(account: string, slug: string): number {
    const a = this.accounts.get(account);
    return (a?.yes.get(slug) ?? 0) - (a?.no.get(slug) ?? 0);
  }

  cash(account: string): number {
    return this.accounts.get(account)?.cash ?? 0;
  }

  resting(slug?: string): RefOrder[] {
    return [...this.orders.values()].filter(
      (o) => o.leaves > 0 && isOpen(o.state) && (!slug || o.slug === slug),
    );
  }

  hold(
    account: string,
    extra?: { slug: string; side: Side; price: number; leaves: number; skip?: string },
  ): number {
    let total = 0;
    for (const slug of this.markets.keys()) {
      const mine = this.resting(slug).filter((o) => o.account === account && o.id !== extra?.skip);
      const list: { side: Side; price: number; leaves: number }[] = mine;
      if (extra && extra.slug === slug) list.push(extra);
      total += marketHold(this.net(account, slug), list, Math.max(this.takerBps, this.makerBps));
    }
    return total;
  }

  /** Returns the new order's id and final state. */
  create(account: string, req: OrderRequest, now: number): RefOrder {
    const id = `ord_${++this.n}`;
    const o: RefOrder = {
      id,
      account,
      slug: req.marketSlug,
      side: 'buy',
      price: 0,
      qty: 0,
      cum: 0,
      leaves: 0,
      tif: req.tif ?? 'TIME_IN_FORCE_GOOD_TILL_CANCEL',
      postOnly: false,
      prio: 0,
      state: 'ORDER_STATE_REJECTED',
    };
    this.orders.set(id, o);
    const rules = this.markets.get(req.marketSlug) ?? null;
    if (!this.accounts.has(account)) return o;
    const check = checkOrder(rules, req, now);
    if (!check.ok) return o;
    const c = check.order;
    o.side = c.dir.side === 'ORDER_SIDE_BUY' ? 'buy' : 'sell';
    o.tif = c.tif;
    o.postOnly = c.postOnly;
    o.price = c.price;
    o.qty = c.qty ?? 0;
    if (c.type === 'ORDER_TYPE_MARKET') {
      let need = c.qty ?? Number.POSITIVE_INFINITY;
      let budget = c.cash ?? Number.POSITIVE_INFINITY;
      const step = rules!.minQty >= QTY ? QTY : 1;
      let got = 0;
      let worst = 0;
      for (const r of this.crossing(o)) {
        if (need <= 0 || budget <= 0) break;
        const unit = o.side === 'buy' ? r.price : PX - r.price;
        let take = Math.min(need, r.leaves);
        if (c.cash !== null) take = Math.min(take, Math.floor(budget / unit / step) * step);
        if (take <= 0) break;
        got += take;
        need -= take;
        budget -= take * unit;
        worst = r.price;
      }
      if (got === 0) return o;
      o.price = worst;
      if (c.qty === null) o.qty = got;
    }
    o.leaves = o.qty;
    if (this.blocked(o, o.price, o.leaves, o.postOnly)) {
      o.leaves = 0;
      return o;
    }
    o.state = 'ORDER_STATE_NEW';
    if (o.tif === 'TIME_IN_FORCE_FILL_OR_KILL') {
      const available = this.crossing(o).reduce((s, r) => s + r.leaves, 0);
      if (available < o.leaves) {
        o.leaves = 0;
        o.state = 'ORDER_STATE_CANCELED';
        return o;
      }
    }
    this.match(o);
    if (o.leaves > 0) {
      if (o.tif === 'TIME_IN_FORCE_IMMEDIATE_OR_CANCEL' || o.tif === 'TIME_IN_FORCE_FILL_OR_KILL') {
        o.leaves = 0;
        o.state = 'ORDER_STATE_CANCELED';
      } else {
        o.prio = ++this.prio;
      }
    }
    return o;
  }

  cancel(account: string, id: string): boolean {
    const o = this.orders.get(id);
    if (!o || o.account !== account || !isOpen(o.state) || o.leaves === 0) return false;
    o.leaves = 0;
    o.state = 'ORDER_STATE_CANCELED';
    return true;
  }

  cancelAll(account: string): string[] {
    const ids = this.resting()
      .filter((o) => o.account === account)
      .map((o) => o.id);
    for (const id of ids) this.cancel(account, id);
    return ids;
  }

  modify(account: string, id: string, change: ModifyRequest): boolean {
    const o = this.orders.get(id);
    if (!o || o.account !== account || !isOpen(o.state) || o.leaves === 0) return false;
    const rules = this.markets.get(o.slug)!;
    let price = o.price;
    if (change.price !== undefined) {
      const p = checkPrice(rules, change.price);
      if (typeof p !== 'number') return false;
      price = p;
    }
    let qty = o.qty;
    if (change.quantity !== undefined) {
      const q = checkQuantity(rules, change.quantity);
      if (typeof q === 'string') return false;
      qty = q;
    }
    if (qty <= o.cum) return false;
    const leaves = qty - o.cum;
    if (this.blocked(o, price, leaves, o.postOnly)) return false;
    const keep = price === o.price && leaves <= o.leaves;
    o.qty = qty;
    o.leaves = leaves;
    if (!keep) {
      o.price = price;
      o.prio = Number.POSITIVE_INFINITY;
      this.match(o);
      o.prio = ++this.prio;
    }
    return true;
  }

  settle(slug: string, yesWins: boolean): void {
    for (const o of this.resting(slug)) {
      o.leaves = 0;
      o.state = 'ORDER_STATE_CANCELED';
    }
    for (const a of this.accounts.values()) {
      const won = (yesWins ? a.yes : a.no).get(slug) ?? 0;
      a.cash += won * PX;
      a.yes.delete(slug);
      a.no.delete(slug);
    }
    this.markets.set(slug, { ...this.markets.get(slug)!, state: 'MARKET_STATE_EXPIRED' });
  }

  private blocked(o: RefOrder, price: number, leaves: number, postOnly: boolean): boolean {
    const crosses = (p: number) => (o.side === 'buy' ? p <= price : p >= price);
    const opposite = this.resting(o.slug).filter((r) => r.side !== o.side && r.id !== o.id);
    if (opposite.some((r) => r.account === o.account && crosses(r.price))) return true;
    if (postOnly && opposite.some((r) => crosses(r.price))) return true;
    const need = this.hold(o.account, { slug: o.slug, side: o.side, price, leaves, skip: o.id });
    return need > this.cash(o.account);
  }

  /** Opposite resting orders this one crosses, best price first, then oldest. */
  private crossing(o: RefOrder): RefOrder[] {
    return this.resting(o.slug)
      .filter(
        (r) =>
          r.side !== o.side &&
          r.id !== o.id &&
          (o.side === 'buy' ? r.price <= o.price : r.price >= o.price),
      )
      .sort(
        (a, b) => (o.side === 'buy' ? a.price - b.price : b.price - a.price) || a.prio - b.prio,
      );
  }

  private match(o: RefOrder): void {
    for (const maker of this.crossing(o)) {
      if (o.leaves === 0) break;
      const q = Math.min(o.leaves, maker.leaves);
      const px = maker.price;
      for (const [party, bps] of [
        [maker, this.makerBps],
        [o, this.takerBps],
      ] as const) {
        const a = this.accounts.get(party.account)!;
        const buysYes = party.side === 'buy';
        a.cash -= q * (buysYes ? px : PX - px) + fee(px * q, bps);
        const inv = buysYes ? a.yes : a.no;
        inv.set(o.slug, (inv.get(o.slug) ?? 0) + q);
        const pairs = Math.min(a.yes.get(o.slug) ?? 0, a.no.get(o.slug) ?? 0);
        a.yes.set(o.slug, (a.yes.get(o.slug) ?? 0) - pairs);
        a.no.set(o.slug, (a.no.get(o.slug) ?? 0) - pairs);
        a.cash += pairs * PX;
        party.leaves -= q;
        party.cum += q;
        party.state = party.leaves === 0 ? 'ORDER_STATE_FILLED' : 'ORDER_STATE_PARTIALLY_FILLED';
      }
      this.trades.push({ maker: maker.id, taker: o.id, price: px, qty: q });
    }
  }
}

const isOpen = (s: OrderState) => s === 'ORDER_STATE_NEW' || s === 'ORDER_STATE_PARTIALLY_FILLED';
