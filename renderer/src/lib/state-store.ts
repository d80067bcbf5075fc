import type { ChatState, RoomState } from './chat-state';

/**
 * The chat client's one immutable state and its subscribers. Every part of the client (room
 * sync, pending sends, read state, room actions) changes the state through here, so the UI sees
 * one object that is replaced, never mutated.
 */
export class StateStore {
  private readonly listeners = new Set<() => void>();
  /** Open `batch` calls; while any is open, changes are kept and told once at its end. */
  private depth = 0;
  private changed = false;

  constructor(private state: ChatState) {}

  get = (): ChatState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  update(patch: Partial<ChatState>): void {
    this.state = { ...this.state, ...patch };
    if (this.depth > 0) this.changed = true;
    else this.notify();
  }

  /**
   * Runs `change`, telling subscribers once at its end (if anything changed) rather than after
   * every update in it: a batch of live messages is one re-render, not one per message. Reads
   * inside see every update at once; nested batches tell at the outermost end.
   */
  batch(change: () => void): void {
    this.depth++;
    try {
      change();
    } finally {
      this.depth--;
      if (this.depth === 0 && this.changed) {
        this.changed = false;
        this.notify();
      }
    }
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }

  /** Changes one room, if the client has it; a room it does not have is left alone. */
  patchRoom(roomId: number, patch: (room: RoomState) => Partial<RoomState>): void {
    const room = this.state.rooms[roomId];
    if (!room) return;
    this.update({ rooms: { ...this.state.rooms, [roomId]: { ...room, ...patch(room) } } });
  }
}
