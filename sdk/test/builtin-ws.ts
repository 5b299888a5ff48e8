// Run by real-server.test.ts under `node --experimental-websocket`: the SDK with no WebSocket
// passed in uses the global one. Prints what it saw as one JSON line.
import { connect } from '../src/client.js';

const client = connect(process.env['URL']!, { key: process.env['KEY']! });
const sub = client.subscribe({});
await sub.ready();
process.stdout.write(
  `${JSON.stringify({ quotes: sub.book.size, transport: client.transportKind, seq: sub.position?.seq })}\n`,
);
client.close();
