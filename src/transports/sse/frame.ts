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
