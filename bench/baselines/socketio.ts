// socketio: a Socket.IO server on the WebSocket transport. Each connection joins one room
// (its sport, or "all") from the handshake query; each update is one emit to the union of
// "all" and its sport's room, which Socket.IO encodes once per broadcast.
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { announce, envPort, listenLines } from './common.js';

const http = createServer();
const io = new Server(http, { transports: ['websocket'], serveClient: false });

io.on('connection', (socket) => {
  const { sport } = socket.handshake.query;
  void socket.join(typeof sport === 'string' && sport !== '*' ? sport : 'all');
});

function publish(body: Buffer): void {
  const update = JSON.parse(body.toString('utf8')) as { sport: string };
  io.to('all').to(update.sport).emit('u', update);
}

http.listen(envPort('BENCH_PORT'), '127.0.0.1', 2048);
const ingest = listenLines(envPort('BENCH_INGEST_PORT'), publish);
announce([http, ingest]);
