import type { ChatState, RoomState } from './chat-state';

/**
 * The chat client's one immutable state and its subscribers. Every part of the client (room
 * sync, pending sends, read state, room actions) changes the state through here, so the UI sees
 * one object that is replaced, never mutated.
 */
export class StateStore {
  private readonly listeners = new Set<() => void>();

  constructor(private state: ChatState) {}

  get = (): ChatState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  update(patch: Partial<ChatState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }

  /** Changes one room, if the client has it; a room it does not have is left alone. */
  patchRoom(roomId: number, patch: (room: RoomState) => Partial<RoomState>): void {
    const room = this.state.rooms[roomId];
    if (!room) return;
    this.update({ rooms: { ...this.state.rooms, [roomId]: { ...room, ...patch(room) } } });
  }
}
