/** What one engine.io connection may have queued for sending before it counts as frozen. */
export interface BacklogLimit {
  packets: number;
  bytes: number;
}

/** The parts of an engine.io socket (a connection, before or after any namespace) used here. */
export interface EngineConnection {
  readyState: string;
  transport: { name: string; socket?: { bufferedAmount?: number; terminate?: () => void } };
  on(event: string, listener: (...args: never[]) => void): unknown;
  close(discard?: boolean): void;
}

const BACKLOG = Symbol('parley.backlog');

/** Per-connection counters, kept on the connection itself (one small object, no closures). */
interface Backlog {
  bytes: number;
  packets: number;
  limit: BacklogLimit;
  dropped: boolean;
}
type Guarded = EngineConnection & { [BACKLOG]: Backlog };

/**
 * Bounds what the server holds for a client that does not read. engine.io queues packets in the
 * connection's write buffer until the transport can take them (a long-polling GET, or a WebSocket
 * whose earlier frames were written), and a WebSocket keeps unsent frames in its own buffer. A
 * client that never reads would make the server hold every answer and broadcast for it, and
 * long-polling would later join the whole queue into one string (past V8's limit, that crashes the
 * process). So every packet queued for a connection, from its very first handshake and whether or
 * not it ever joined a namespace, is counted here: once the bytes queued plus the bytes the
 * WebSocket still holds pass the budget, or the packets pass theirs, the connection is cut at the
 * transport. The client sees a lost connection, reconnects, and catches up from history.
 */
export function guardBacklog(connection: EngineConnection, limit: BacklogLimit): void {
  (connection as Guarded)[BACKLOG] = { bytes: 0, packets: 0, limit, dropped: false };
  connection.on('packetCreate', onPacketCreate);
  // 'drain': the write buffer was handed to the transport (a poll answer or WebSocket frames).
  connection.on('drain', onDrain);
}

/** Bytes a packet holds while queued: what a string or buffer weighs in memory, roughly. */
function weight(data: unknown): number {
  if (typeof data === 'string') return data.length;
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return data.byteLength;
  return 0;
}

function onPacketCreate(this: Guarded, packet: { data?: unknown }): void {
  const backlog = this[BACKLOG];
  backlog.bytes += weight(packet.data);
  backlog.packets += 1;
  const socketBytes = this.transport.socket?.bufferedAmount ?? 0;
  if (backlog.dropped) return;
  if (
    backlog.bytes + socketBytes <= backlog.limit.bytes &&
    backlog.packets <= backlog.limit.packets
  )
    return;
  backlog.dropped = true;
  // After the packet is queued: closing inside engine.io's sendPacket would leave it half done.
  process.nextTick(() => dropConnection(this));
}

function onDrain(this: Guarded): void {
  const backlog = this[BACKLOG];
  backlog.bytes = 0;
  backlog.packets = 0;
}

/**
 * Cuts a connection at once: a polite close would wait for a backlog that will never drain (or,
 * on a WebSocket, for a close frame from a client that does not read).
 */
export function dropConnection(connection: EngineConnection): void {
  const socket = connection.transport.socket;
  if (connection.transport.name === 'websocket' && socket?.terminate) socket.terminate();
  else connection.close(true);
}
