// Server-Sent Events messages, built once and written to many streams.

/**
 * `id` is the resume point a reconnecting EventSource sends back as Last-Event-ID; messages
 * without one (control, heartbeats) leave the client's last id alone. The payload is
 * single-line JSON, so one `data:` line is enough.
 */
export function sseFrame(payload: string, id?: string): Buffer {
  const head = id ? `id: ${id}\n` : '';
  return Buffer.from(`${head}data: ${payload}\n\n`, 'utf8');
}

/** The message of `head` followed by `body` (UTF-8 bytes encoded once for many streams). */
export function sseFrameWithHead(head: string, body: Buffer, id?: string): Buffer {
  const start = Buffer.from(`${id ? `id: ${id}\n` : ''}data: ${head}`, 'utf8');
  const frame = Buffer.allocUnsafe(start.length + body.length + 2);
  start.copy(frame, 0);
  body.copy(frame, start.length);
  frame.write('\n\n', start.length + body.length, 'latin1');
  return frame;
}
