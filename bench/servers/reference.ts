/**
 * Bench worker: the classic "socketio-jwt" design, as a reference to compare against. Express
 * signs a JWT with a string secret; io.use verifies handshake.auth.token; one room (or the one
 * named in the handshake, for the multi-room run); broadcasts labelled with the decoded name;
 * nothing persisted. It speaks Parley's event names so that one client drives both.
 */
import { createServer } from 'node:http';
import express from 'express';
import jwt from 'jsonwebtoken';
import { Server } from 'socket.io';
import { processStats, serve } from '../lib/workers.js';

const noAuth = process.argv.includes('--no-auth');
/** `--mixed-auth`: a handshake with a token is verified, one with only a name is not. */
const mixedAuth = process.argv.includes('--mixed-auth');
const SECRET = 'reference-secret-with-enough-length-for-hs256';
const app = express();
app.use(express.json());
app.post('/login', (req, res) => {
  res.json({ token: jwt.sign({ name: String(req.body?.username) }, SECRET, { expiresIn: '15m' }) });
});
const httpServer = createServer(app);
const io = new Server(httpServer, { serveClient: false });
io.use((socket, next) => {
  const auth = socket.handshake.auth as { token?: string; name?: string; room?: string };
  if (noAuth || (mixedAuth && auth.token === undefined)) {
    socket.data.user = { name: auth.name ?? 'anonymous' };
    return next();
  }
  try {
    socket.data.user = jwt.verify(String(auth.token), SECRET);
    next();
  } catch {
    next(new Error('unauthorized'));
  }
});
let nextId = 0;
io.on('connection', (socket) => {
  const room = String((socket.handshake.auth as { room?: unknown }).room ?? 'general');
  void socket.join(room);
  socket.on(
    'message:send',
    (payload: { text: string; clientId: string }, ack: (a: unknown) => void) => {
      const message = {
        id: ++nextId,
        roomId: 1,
        author: { name: socket.data.user.name },
        text: payload.text,
        clientId: payload.clientId,
        createdAt: Date.now(),
      };
      socket.to(room).emit('message', message);
      ack({ ok: true, message });
    },
  );
});
const port = await new Promise<number>((resolve) =>
  httpServer.listen(0, '127.0.0.1', () => resolve((httpServer.address() as { port: number }).port)),
);

serve({
  url: () => `http://127.0.0.1:${port}`,
  ...processStats,
  users: ({
    count,
    rooms = 0,
    perRoom = 0,
  }: {
    count: number;
    rooms?: number;
    perRoom?: number;
  }) => {
    // `bare`: each one's name, which a server with --no-auth or --mixed-auth takes unverified.
    const bare = Array.from({ length: count }, (_, i) => ({
      name: `u${i}`,
      room: rooms > 0 ? `room-${Math.floor(i / Math.max(1, perRoom))}` : 'general',
    }));
    const auths = noAuth
      ? bare
      : bare.map(({ name, room }) => ({
          token: jwt.sign({ name }, SECRET, { expiresIn: '1h' }),
          room,
        }));
    return { auths, bare, roomIds: rooms > 0 ? Array.from({ length: rooms }, (_, r) => r) : [1] };
  },
});
