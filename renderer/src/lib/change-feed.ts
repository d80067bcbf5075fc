import { applyUpdates } from './message-updates';
import type { Requester } from './room-directory';
import type { StateStore } from './state-store';

/** Rooms asked about in one `message:changes` request (the server takes up to 100). */
const ROOMS_PER_REQUEST = 100;
/** Changed messages per answer (the server gives up to 1000). */
const CHANGES_PER_ANSWER = 1000;

/**
 * Brings the messages a client already holds up to date after time away: every loaded room whose
 * change feed moved past the client's position (rooms:list says where each room's is) is asked
 * what changed since, in as few requests as the server allows, and the answers are applied in
 * place. Resolves false when a request failed (the rooms stay where they were, for a retry).
 */
export async function catchUpChanges(store: StateStore, request: Requester): Promise<boolean> {
  for (;;) {
    const behind = Object.values(store.get().rooms)
      .filter((r) => r.loaded && r.room.changeSeq > r.changeSeq)
      .slice(0, ROOMS_PER_REQUEST)
      .map((r) => ({ roomId: r.room.id, since: r.changeSeq }));
    if (behind.length === 0) return true;
    const answer = await request('message:changes', { rooms: behind, limit: CHANGES_PER_ANSWER });
    if (!answer.ok) return false;
    applyUpdates(store, answer.messages);
    let moved = false;
    for (const { roomId, changeSeq, complete } of answer.rooms) {
      store.patchRoom(roomId, (r) => {
        const position = Math.max(r.changeSeq, changeSeq);
        if (position > r.changeSeq) moved = true;
        // Complete: the room's feed is where the server said, even if rooms:list said less.
        return complete
          ? {
              changeSeq: position,
              room: { ...r.room, changeSeq: Math.max(r.room.changeSeq, position) },
            }
          : { changeSeq: position };
      });
    }
    // Rooms the server left out (no longer ours) or that did not move would ask forever.
    const answered = new Set(answer.rooms.map((r) => r.roomId));
    for (const { roomId } of behind)
      if (!answered.has(roomId)) store.patchRoom(roomId, (r) => ({ changeSeq: r.room.changeSeq }));
    if (!moved && answer.rooms.every((r) => r.complete)) return true;
    if (!moved) return false;
  }
}
