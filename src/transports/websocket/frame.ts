// WebSocket text frames built once and written to many connections (RFC 6455 §5.2; server
// frames are never masked, so the same bytes are valid on every connection).

const OP_TEXT = 0x1;

export function textFrame(payload: string): Buffer {
  const body = Buffer.from(payload, 'utf8');
  const frame = withHeader(body.length);
  body.copy(frame, frame.length - body.length);
  return frame;
}

/**
 * The frame of `head` followed by `body` (UTF-8 bytes encoded once for many frames): one
 * allocation and one copy of the body, so a per-connection head on a shared body costs little.
 */
export function textFrameWithHead(head: string, body: Buffer): Buffer {
  const headLength = Buffer.byteLength(head, 'utf8');
  const frame = withHeader(headLength + body.length);
  const at = frame.length - headLength - body.length;
  frame.write(head, at, 'utf8');
  body.copy(frame, at + headLength);
  return frame;
}

/** A frame buffer of `n` payload bytes with its header written; the payload is left to fill. */
function withHeader(n: number): Buffer {
  const headerLength = n < 126 ? 2 : n < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerLength + n);
  frame[0] = 0x80 | OP_TEXT;
  if (n < 126) frame[1] = n;
  else if (n < 65_536) {
    frame[1] = 126;
    frame.writeUInt16BE(n, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(n), 2);
  }
  return frame;
}
