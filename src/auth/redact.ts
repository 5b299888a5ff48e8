// Secrets never reach a log line: the logger censors the fields that can hold one, and URLs are
// logged with their credential parameters cut down to a short prefix (enough to tell keys apart).
import type { LoggerOptions } from 'pino';

/** Query parameters that carry a credential in some dialect. */
const SECRET_PARAMS = new Set(['key', 'api_key', 'apikey', 'token', 'access_token']);
const SECRET_HEADERS = ['authorization', 'x-therundown-key', 'x-api-key', 'cookie'];
const FIELDS = ['key', 'apiKey', 'token', 'secret', 'authorization'];

/** pino options: every field that can hold a secret, at the top level or one level down. */
export const logRedaction: Pick<LoggerOptions, 'redact'> = {
  redact: {
    paths: [
      ...FIELDS,
      ...FIELDS.map((f) => `*.${f}`),
      ...SECRET_HEADERS.map((h) => `headers["${h}"]`),
      ...SECRET_HEADERS.map((h) => `*.headers["${h}"]`),
    ],
    censor: '[redacted]',
  },
};

/** A secret cut to its first 6 characters, so two keys in a log can still be told apart. */
export function redactSecret(secret: string): string {
  return secret.length <= 6 ? '…' : `${secret.slice(0, 6)}…`;
}

function decodeName(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' ')).toLowerCase();
  } catch {
    return raw.toLowerCase();
  }
}

/** `/ws?api_key=oa_abc123...&sport=x` -> `/ws?api_key=oa_abc…&sport=x`; other URLs unchanged. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q === -1) return url;
  const parts = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq === -1) return pair;
      const name = decodeName(pair.slice(0, eq));
      return SECRET_PARAMS.has(name)
        ? `${pair.slice(0, eq)}=${redactSecret(pair.slice(eq + 1))}`
        : pair;
    });
  return `${url.slice(0, q)}?${parts.join('&')}`;
}
