// The server's half of the opening handshake (RFC 6455 §4.2.2): the accept hash and the choice
// of subprotocol, answered as `ws` answered them before Linecast did it itself.
import { createHash } from 'node:crypto';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** `Sec-WebSocket-Accept` for a client's `Sec-WebSocket-Key`. */
export function acceptKey(key: string): string {
  return createHash('sha1')
    .update(key + GUID)
    .digest('base64');
}

/** RFC 7230 token characters, the only ones a subprotocol name may use. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * The subprotocols a `Sec-WebSocket-Protocol` value offers, in order; null when it is not a
 * comma-separated list of distinct tokens (refused with 400, as `ws` refused it).
 */
export function offeredProtocols(header: string | undefined): string[] | null {
  if (header === undefined) return [];
  const names = header.split(',').map((p) => p.replace(/^[ \t]+|[ \t]+$/g, ''));
  if (names.some((p) => !TOKEN.test(p))) return null;
  return new Set(names).size === names.length ? names : null;
}

/**
 * The 101 response. The first offered subprotocol is echoed: a dialect that reads a credential
 * from it (Parlay's `apikey.<key>`) finds it first, and a browser fails a handshake that echoes
 * none of what it offered.
 */
export function switchingProtocols(key: string, protocol: string | undefined): string {
  return (
    'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
    `Sec-WebSocket-Accept: ${acceptKey(key)}\r\n` +
    (protocol === undefined ? '' : `Sec-WebSocket-Protocol: ${protocol}\r\n`) +
    '\r\n'
  );
}
