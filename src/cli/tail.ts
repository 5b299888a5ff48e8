// `linecast tail`: every Change of a filter, live, one line each, through the SDK (so it
// resumes across server restarts without a gap or a duplicate).
import { type Client, connect, SubscriptionError } from '@linecast/sdk';
import { WebSocket } from 'ws';
import { LinecastError } from '../errors/catalogue.js';
import { clientArgs } from './client-args.js';
import { failed } from './failure.js';
import { changeLine, jsonLine } from './odds-line.js';

export async function tailCommand(argv: string[]): Promise<number> {
  const out = process.stdout;
  const args = clientArgs(argv, process.env, out.isTTY === true);
  if (!args.key)
    throw new LinecastError('LC_ERR_AUTH_MISSING', 'pass --key, set LINECAST_KEY or --data-dir');
  const colour = !args.json && out.isTTY === true;
  // Node 20 has no global WebSocket without a flag; the server's own `ws` stands in.
  const client: Client = connect(args.url, { key: args.key, WebSocket });
  let endedBy = '';
  client.on('closed', (t) => {
    endedBy = t.reason;
  });
  client.on('state', (t) => {
    process.stderr.write(`linecast tail: ${t.to} (${t.reason}${t.detail ? ` ${t.detail}` : ''})\n`);
  });
  const stop = () => client.close();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const sub = client.subscribe(args.filter);
  try {
    for await (const m of sub) {
      if (args.json) out.write(`${jsonLine(m)}\n`);
      else if (m.type === 'image') {
        const how = m.recovered ? m.cause : `${m.cause}, not recovered: the book was replaced`;
        process.stderr.write(
          `linecast tail: ${m.quotes.length} quotes at ${m.position.epoch}:${m.position.seq} (${how})\n`,
        );
      } else out.write(`${changeLine(m, colour)}\n`);
    }
  } catch (e) {
    // A refused subscription (an unknown league, a filter too large) ends the command.
    client.close();
    if (!(e instanceof SubscriptionError)) throw e;
    throw failed(`${args.url} refused the subscription: ${e.message}`);
  }
  // Ctrl-C is a normal end; a revoked key or a refused subscription is not.
  return endedBy === 'client_close' ? 0 : 1;
}
