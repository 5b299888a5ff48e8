// The one place a connection is admitted, for every dialect and both transports. The phases
// (docs/architecture.md, "A connection, from request to release"):
//   shed -> screen -> credentials -> authenticate -> entitle -> prepare -> acquire slots
//   -> accept -> attach (hub) -> open (dialect) -> live -> closing(reason) -> closed -> release
// A dialect declares its admission (src/seam/admission.ts); it never codes these steps.
import type { Logger } from 'pino';
import { ERRORS, errorBody } from '../errors/catalogue.js';
import type { Client, Hub, Peer } from '../hub/hub.js';
import { AddressRates } from '../limits/per-address.js';
import type {
  Admitted,
  Answer,
  RefusalInfo,
  RefusalReason,
  RefusalTable,
  SlotRule,
} from '../seam/admission.js';
import { REFUSAL_CODES } from '../seam/admission.js';
import type { Plan } from '../seam/core.js';
import type { HandshakeRequest, SocketEndpoint } from '../seam/dialect.js';
import type { Clock } from '../timers/clock.js';
import { type Found, readCredential } from './credentials.js';
import { Life, type Phase, type Report } from './life.js';
import { ACCOUNT_SLOTS, addressSlots, type Release, type Slots } from './slots.js';

export type Identity = ({ ok: true } & Admitted) | { ok: false; reason: 'unknown' | 'revoked' };

/** Key checks, as the auth layer answers them. */
export interface Identities {
  identify(key: string): Identity;
  /** Verifies an Ed25519 signature of `message` by the key id's stored public key. */
  identifySigned(keyId: string, message: string, signatureBase64: string): Identity;
  entitled(plan: Plan, dialect: string): boolean;
}

/** What a transport does for the runner; one object per connection attempt. */
export interface Transport {
  /** Answers before the upgrade, with an HTTP response. */
  refuse(status: number, body: unknown, headers?: Record<string, string>): void;
  /** Completes the upgrade or the SSE head; null when the client left meanwhile. */
  accept(): Promise<Accepted | null>;
  /**
   * Hands the admitted connection, before its upgrade, to a fan-out worker process that owns it
   * from then on (src/fanout/); false: it is served here. Absent where the transport cannot.
   */
  divert?(
    dialect: string,
    endpoint: SocketEndpoint,
    who: Admitted,
    context: unknown,
    release: Release,
  ): boolean;
}

export interface Accepted {
  peer: Peer;
  /** Wires the transport's events (messages, pongs, close) to the hub's client. */
  bind(hub: Hub, client: Client): void;
}

/** Limits per client address and on browsers' origins, before anything else. */
export interface AddressLimits {
  /** Connections one address may hold at once; 0: no limit. */
  maxConnections: number;
  /** New connections per second per address; 0: no limit. */
  connectionsPerSecond: number;
  /** Origins a browser may connect from; empty: any (non-browser clients send none). */
  allowedOrigins: readonly string[];
}

export interface RunnerDeps {
  identities: Identities;
  slots: Slots;
  hub: Hub;
  clock: Clock;
  /** True while new connections must be refused (event-loop lag, connection cap). */
  shed(): boolean;
  addresses: AddressLimits;
  report: Report;
  log: Logger;
}

/** The dialect's answer to a refusal, or the catalogue's coded HTTP error. */
export function answerFor(table: RefusalTable, reason: RefusalReason, info: RefusalInfo): Answer {
  const entry = table[reason];
  if (entry === undefined) {
    return { status: ERRORS[info.code].status, body: { error: errorBody(info.code, info.detail) } };
  }
  return typeof entry === 'function' ? entry(info) : entry;
}

class Refused {
  constructor(
    readonly phase: Phase,
    readonly reason: RefusalReason,
    readonly info: RefusalInfo,
  ) {}
}

const refused = (phase: Phase, reason: RefusalReason, detail?: string, limit?: number) =>
  new Refused(phase, reason, {
    code: REFUSAL_CODES[reason],
    ...(detail === undefined ? {} : { detail }),
    ...(limit === undefined ? {} : { limit }),
  });

export class ConnectionRunner {
  private readonly rates: AddressRates;
  private readonly coreSlots: readonly SlotRule[];

  constructor(private readonly deps: RunnerDeps) {
    this.rates = new AddressRates(deps.addresses.connectionsPerSecond);
    const perAddress = deps.addresses.maxConnections;
    this.coreSlots = perAddress > 0 ? [ACCOUNT_SLOTS, addressSlots(perAddress)] : [ACCOUNT_SLOTS];
  }

  /** Checks a declaration once, at start-up: SSE has no close codes to refuse with. */
  static check(endpoint: SocketEndpoint): void {
    if ((endpoint.transport ?? 'websocket') !== 'sse') return;
    for (const [reason, entry] of Object.entries(endpoint.admission.refusals)) {
      const sample =
        typeof entry === 'function' ? entry({ code: 'LC_ERR_SERVER_INTERNAL' }) : entry;
      if ('close' in sample) {
        throw new Error(
          `SSE endpoint ${endpoint.path}: refusal '${reason}' needs an HTTP status, not a close code`,
        );
      }
    }
  }

  async admit(
    dialect: string,
    endpoint: SocketEndpoint,
    req: HandshakeRequest,
    transport: Transport,
  ): Promise<void> {
    const admission = endpoint.admission;
    const life = new Life(dialect, admission.closes ?? {}, this.deps.report);
    let admitted: { who: Admitted; context: unknown; release: () => void };
    try {
      admitted = this.decide(endpoint, req);
    } catch (e) {
      if (!(e instanceof Refused)) throw e;
      life.refused(e.phase, e.info.code);
      return this.refuse(transport, answerFor(admission.refusals, e.reason, e.info));
    }
    const { who, context, release } = admitted;
    // Fan-out workers (`fanout.workers`): the worker upgrades it and reports its life.
    if (endpoint.workerSafe && transport.divert?.(dialect, endpoint, who, context, release)) return;
    let accepted: Accepted | null;
    try {
      accepted = await transport.accept();
    } catch (e) {
      release();
      throw e;
    }
    if (!accepted) {
      release();
      life.refused('accept', 'LC_ERR_PEER_UNRESPONSIVE');
      return;
    }
    life.live(accepted.peer, release);
    const client = this.deps.hub.attach(endpoint, accepted.peer, who, context, life);
    accepted.bind(this.deps.hub, client);
  }

  private async refuse(transport: Transport, answer: Answer): Promise<void> {
    if ('status' in answer) return transport.refuse(answer.status, answer.body, answer.headers);
    const accepted = await transport.accept();
    accepted?.peer.close(answer.close, answer.reason);
  }

  /** Every phase up to the slots, synchronously: a refusal throws Refused. */
  private decide(endpoint: SocketEndpoint, req: HandshakeRequest) {
    const admission = endpoint.admission;
    if (this.deps.shed()) throw refused('shed', 'overloaded');
    if (!this.rates.take(req.remoteAddress, this.deps.clock()))
      throw refused('shed', 'addressLimit', 'too many new connections per second');
    const origin = req.headers.origin;
    const allowed = this.deps.addresses.allowedOrigins;
    if (origin && allowed.length > 0 && !allowed.includes(origin))
      throw refused('screen', 'badOrigin', origin);
    const screened = admission.screen?.(req);
    if (screened) throw refused('screen', screened.reason, screened.detail);
    const found = readCredential(admission.credentials, req);
    if (!found) throw refused('credentials', 'missing');
    const id = this.identify(found);
    if (!id.ok) throw refused('authenticate', id.reason);
    const who: Admitted = { principal: id.principal, plan: id.plan };
    if (!this.deps.identities.entitled(who.plan, admission.entitlement))
      throw refused('entitle', 'forbidden');
    let context: unknown;
    if (admission.prepare) {
      const p = admission.prepare(req, who);
      if (!p.ok) {
        throw new Refused('prepare', p.reason, {
          code: p.code ?? REFUSAL_CODES[p.reason],
          ...(p.detail === undefined ? {} : { detail: p.detail }),
        });
      }
      context = p.context;
    }
    const rules = admission.replaceDefaultSlots
      ? (admission.slots ?? [])
      : [...this.coreSlots, ...(admission.slots ?? [])];
    const slot = this.deps.slots.acquire(rules, who, req.remoteAddress);
    if (!slot.ok) {
      const reason = slot.rule.per === 'address' ? 'addressLimit' : 'overCap';
      throw refused('acquire', reason, `limit is ${slot.limit}`, slot.limit);
    }
    return { who, context, release: slot.release };
  }

  private identify(found: Found): Identity {
    const ids = this.deps.identities;
    if (found.kind === 'key') {
      const r = ids.identify(found.key);
      if (!r.ok && r.reason === 'unknown' && found.alternate) return ids.identify(found.alternate);
      return r;
    }
    const ts = found.timestamp;
    if (!/^\d{1,16}$/.test(ts) || Math.abs(this.deps.clock() - Number(ts)) > found.windowMs)
      return { ok: false, reason: 'unknown' };
    return ids.identifySigned(found.keyId, found.message, found.signature);
  }
}
