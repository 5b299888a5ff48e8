// WebSocket text frames built once and written to many connections (RFC 6455 §5.2; server
// frames are never masked, so the same bytes are valid on every connection).

const OP_TEXT = 0x1;

export function textFrame(payload: string): Buffer {
  const body = Buffer.from(payload, 'utf8');
  const n = body.length;
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
  body.copy(frame, headerLength);
  return frame;
}
