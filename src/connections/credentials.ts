// Reads a connection's credential from where its endpoint declares it may be, in the declared
// order. Pure: the runner authenticates what is found.
import type { Credential } from '../seam/admission.js';
import type { HandshakeRequest } from '../seam/request.js';

export type Found =
  /** A key; `alternate` is the same key without a declared optional prefix. */
  | { kind: 'key'; key: string; alternate?: string }
  /** An Ed25519-signed request: verify `signature` over `message` with the key id's public key. */
  | {
      kind: 'signed';
      keyId: string;
      timestamp: string;
      signature: string;
      message: string;
      windowMs: number;
    };

const first = (v: string | string[] | undefined): string | undefined =>
  (Array.isArray(v) ? v[0] : v)?.trim() || undefined;

function keyOf(key: string | undefined, prefix?: string): Found | null {
  if (!key) return null;
  if (prefix && key.startsWith(prefix) && key.length > prefix.length)
    return { kind: 'key', key, alternate: key.slice(prefix.length) };
  return { kind: 'key', key };
}

function read(source: Credential, req: HandshakeRequest): Found | null {
  switch (source.from) {
    case 'query':
      return keyOf(req.query.get(source.name) ?? undefined, source.optionalPrefix);
    case 'header':
      return keyOf(first(req.headers[source.name.toLowerCase()]), source.optionalPrefix);
    case 'bearer': {
      const auth = first(req.headers.authorization);
      return auth?.startsWith('Bearer ') ? keyOf(auth.slice(7).trim()) : null;
    }
    case 'subprotocol': {
      const offered = first(req.headers['sec-websocket-protocol']) ?? '';
      const match = offered
        .split(',')
        .map((p) => p.trim())
        .find((p) => p.startsWith(source.prefix));
      return keyOf(match?.slice(source.prefix.length));
    }
    case 'ed25519': {
      const keyId = first(req.headers[source.keyHeader.toLowerCase()]);
      const timestamp = first(req.headers[source.timestampHeader.toLowerCase()]);
      const signature = first(req.headers[source.signatureHeader.toLowerCase()]);
      if (!keyId && !timestamp && !signature) return null;
      return {
        kind: 'signed',
        keyId: keyId ?? '',
        timestamp: timestamp ?? '',
        signature: signature ?? '',
        message: `${timestamp ?? ''}GET${req.path}`,
        windowMs: source.windowMs,
      };
    }
  }
}

/** The credential of the first declared source that is present, or null (missing). */
export function readCredential(
  sources: readonly Credential[],
  req: HandshakeRequest,
): Found | null {
  for (const source of sources) {
    const found = read(source, req);
    if (found) return found;
  }
  return null;
}
