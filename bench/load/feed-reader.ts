import type { ChangesPage, HistoryPage, RoomsPage } from '../../server/protocol.js';
import { WireClient } from '../lib/wire-client.js';

type Ok<T> = { ok: true } & T;
interface HeldRoom {
  changeSeq: number;
  /** Message id → the seq of the state held. */
  messages: Map<number, number>;
}

/**
 * A reader who was away, for the change feed bench: it holds what a web client holds (each
 * room's newest page and its feed position), and catches up the way the web client does
 * (renderer/src/lib/change-feed.ts): one listing, then `message:changes` for every room whose
 * feed moved, many rooms per request, applying each changed message it holds.
 */
export class FeedReader {
  private held = new Map<number, HeldRoom>();

  constructor(
    private readonly url: string,
    private readonly auth: object,
  ) {}

  /** Loads every room's newest page, as a client does before it goes away. */
  async hold(): Promise<number> {
    const client = await WireClient.connect(this.url, this.auth);
    for (const room of await listRooms(client)) {
      const page = await ask<HistoryPage>(client, 'message:history', {
        roomId: room.id,
        limit: 100,
      });
      const messages = new Map(page.messages.map((m) => [m.id, m.seq]));
      this.held.set(room.id, { changeSeq: page.changeSeq, messages });
    }
    client.close();
    return this.held.size;
  }

  /** Reconnects and catches up a copy of what it holds; the held state stays for the next run. */
  async catchUp(): Promise<{ ms: number; requests: number; received: number; applied: number }> {
    const t0 = performance.now();
    const rooms = new Map(
      [...this.held].map(([id, r]) => [id, { ...r, messages: new Map(r.messages) }]),
    );
    const client = await WireClient.connect(this.url, this.auth);
    let requests = 0;
    let received = 0;
    let applied = 0;
    const listing = await listRooms(client, () => requests++);
    const latest = new Map(listing.map((r) => [r.id, r.changeSeq]));
    for (;;) {
      const behind = [...rooms]
        .filter(([id, r]) => (latest.get(id) ?? 0) > r.changeSeq)
        .slice(0, 100)
        .map(([roomId, r]) => ({ roomId, since: r.changeSeq }));
      if (behind.length === 0) break;
      requests++;
      const answer = await ask<ChangesPage>(client, 'message:changes', {
        rooms: behind,
        limit: 1000,
      });
      received += answer.messages.length;
      for (const message of answer.messages) {
        const room = rooms.get(message.roomId);
        const seq = room?.messages.get(message.id);
        if (room && seq !== undefined && message.seq > seq) {
          room.messages.set(message.id, message.seq);
          applied++;
        }
      }
      for (const { roomId, changeSeq, complete } of answer.rooms) {
        const room = rooms.get(roomId);
        if (room)
          room.changeSeq = complete ? Math.max(changeSeq, latest.get(roomId) ?? 0) : changeSeq;
      }
    }
    client.close();
    return { ms: performance.now() - t0, requests, received, applied };
  }
}

async function ask<T>(client: WireClient, event: string, payload: unknown): Promise<Ok<T>> {
  const answer = await client.request<Ok<T> | { ok: false; error: unknown }>(event, payload);
  if (!answer.ok) throw new Error(`${event}: ${JSON.stringify(answer.error)}`);
  return answer;
}

async function listRooms(client: WireClient, counted: () => void = () => undefined) {
  const rooms: RoomsPage['rooms'] = [];
  for (let after: number | undefined; ;) {
    counted();
    const page = await ask<RoomsPage>(client, 'rooms:list', { joined: true, after, limit: 100 });
    rooms.push(...page.rooms);
    if (page.nextCursor === null) return rooms;
    after = page.nextCursor;
  }
}
