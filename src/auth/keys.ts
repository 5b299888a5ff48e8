// API keys, stored hashed in <dataDir>/keys.json. Keys are 192-bit random secrets, so one
// SHA-256 is enough (no password stretching needed) and a lookup stays cheap on every handshake.
import { createHash, generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { readDataFile } from './data-file.js';

const keyRecord = z
  .object({
    id: z.string().min(1).max(64),
    // Empty for a signing key: it has no secret, only `publicKey`.
    hash: z.union([z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 hex digest'), z.literal('')]),
    plan: z.string().min(1).max(64),
    account: z.string().min(1).max(128),
    createdAt: z.string().max(64),
    revokedAt: z.string().max(64).optional(),
    /** Base64 Ed25519 public key, for keys that sign their requests (no secret is kept). */
    publicKey: z
      .string()
      .regex(/^[A-Za-z0-9+/]{43}=$/, 'a base64 32-byte Ed25519 public key')
      .optional(),
  })
  .strict();

const keysFile = z.array(keyRecord);

export type KeyRecord = z.infer<typeof keyRecord>;

/** Told when keys.json changed on disk but could not be used; the last good keys stay. */
export type InvalidFileListener = (err: Error) => void;

export type KeyLookup =
  | { status: 'ok'; record: KeyRecord }
  | { status: 'unknown' }
  | { status: 'revoked'; record: KeyRecord };

const hash = (key: string) => createHash('sha256').update(key).digest('hex');

/**
 * A new Ed25519 pair as Polymarket US SDKs take it: `secret` is the base64 32-byte seed (shown
 * once, never stored), `publicKey` the base64 public key the store keeps.
 */
export function signingPair(): { secret: string; publicKey: string } {
  const { privateKey } = generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' });
  const b64 = (s: string | undefined) => Buffer.from(s ?? '', 'base64url').toString('base64');
  return { secret: b64(jwk.d), publicKey: b64(jwk.x) };
}

export class KeyStore {
  private readonly path: string;
  private records: KeyRecord[] = [];
  private byHash = new Map<string, KeyRecord>();
  private byIdMap = new Map<string, KeyRecord>();
  private loadedMtime = -1;
  private lastCheck = 0;
  private readonly announced = new Set<string>();
  private revokedListener: ((ids: string[]) => void) | null = null;

  /** Throws LC_ERR_DATA_FILE_INVALID when keys.json exists and is not valid. */
  constructor(
    dataDir: string,
    private readonly onInvalid: InvalidFileListener = () => {},
  ) {
    this.path = join(dataDir, 'keys.json');
    this.load();
  }

  /** Picks up keys another process (the CLI) wrote, at most once a second. */
  private refresh(): void {
    const now = Date.now();
    if (now - this.lastCheck < 1_000) return;
    this.lastCheck = now;
    this.reload();
  }

  private load(): void {
    if (!existsSync(this.path)) return;
    const mtime = statSync(this.path).mtimeMs;
    if (mtime === this.loadedMtime) return;
    // Marked as seen first, so a bad file is reported once, not at every poll.
    this.loadedMtime = mtime;
    this.records = readDataFile(this.path, keysFile);
    this.index();
    this.announceRevoked();
  }

  /** A file changed while running: a bad one is reported and the last good keys stay in force. */
  private reload(): void {
    try {
      this.load();
    } catch (e) {
      this.onInvalid(e as Error);
    }
  }

  /** Called with the ids of keys revoked since the last call, wherever the revocation came from. */
  onRevoked(listener: (ids: string[]) => void): void {
    this.revokedListener = listener;
    this.announceRevoked();
  }

  /** Re-reads keys.json if another process changed it (cheap: one stat). */
  poll(): void {
    this.reload();
  }

  private announceRevoked(): void {
    const fresh = this.records.filter((r) => r.revokedAt && !this.announced.has(r.id));
    for (const r of fresh) this.announced.add(r.id);
    if (fresh.length > 0) this.revokedListener?.(fresh.map((r) => r.id));
  }

  private save(): void {
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(this.records, null, 2)}\n`, { mode: 0o600 });
    renameSync(tmp, this.path);
    this.loadedMtime = statSync(this.path).mtimeMs;
    this.index();
  }

  private index(): void {
    this.byHash = new Map(this.records.filter((r) => r.hash !== '').map((r) => [r.hash, r]));
    this.byIdMap = new Map(this.records.map((r) => [r.id, r]));
  }

  lookup(key: string): KeyLookup {
    this.refresh();
    const record = this.byHash.get(hash(key));
    if (!record) return { status: 'unknown' };
    return record.revokedAt ? { status: 'revoked', record } : { status: 'ok', record };
  }

  /** A key by its id (signed requests name the id, not a secret). */
  byId(id: string): KeyLookup {
    this.refresh();
    const record = this.byIdMap.get(id);
    if (!record) return { status: 'unknown' };
    return record.revokedAt ? { status: 'revoked', record } : { status: 'ok', record };
  }

  /** Registers a signing key: the caller holds the secret half, only the public key is kept. */
  createSigned(plan: string, publicKey: string, account?: string): KeyRecord {
    this.reload();
    const id = randomUUID();
    const record: KeyRecord = {
      id,
      hash: '',
      plan,
      account: account ?? id,
      createdAt: new Date().toISOString(),
      publicKey,
    };
    this.records.push(record);
    this.save();
    return record;
  }

  /** Returns the new key; only its hash is kept. */
  create(plan: string, account?: string): { key: string; record: KeyRecord } {
    this.reload();
    const id = randomBytes(6).toString('hex');
    const key = `lc_${id}_${randomBytes(24).toString('base64url')}`;
    const record: KeyRecord = {
      id,
      hash: hash(key),
      plan,
      account: account ?? id,
      createdAt: new Date().toISOString(),
    };
    this.records.push(record);
    this.save();
    return { key, record };
  }

  list(): KeyRecord[] {
    this.reload();
    return [...this.records];
  }

  revoke(id: string): boolean {
    this.reload();
    const r = this.records.find((x) => x.id === id);
    if (!r || r.revokedAt) return false;
    r.revokedAt = new Date().toISOString();
    this.save();
    this.announceRevoked();
    return true;
  }

  isEmpty(): boolean {
    this.reload();
    return this.records.length === 0;
  }
}
