import type { Message } from '../../../server/protocol';
import { inRoomTimeline, mentionsMe } from './chat-state';
import { applyUpdates } from './message-updates';
import type { Requester } from './room-directory';
import type { ActionResult } from './socket-request';
import type { StateStore } from './state-store';

/**
 * What a person does to messages already sent: edit, delete, react. Each answer carries the
 * message's new state, applied at once; everyone else hears of it through `message:updated`.
 */
export class MessageActions {
  constructor(
    private readonly store: StateStore,
    private readonly request: Requester,
  ) {}

  async edit(messageId: number, text: string): Promise<ActionResult> {
    return this.settle(await this.request('message:edit', { messageId, text }));
  }

  async remove(messageId: number): Promise<ActionResult> {
    return this.settle(await this.request('message:delete', { messageId }));
  }

  async react(messageId: number, emoji: string, on: boolean): Promise<ActionResult> {
    return this.settle(await this.request('message:react', { messageId, emoji, on }));
  }

  /**
   * A changed message from the server (an answer, or `message:updated`): applied where it is
   * held, and the room's change feed position moves with it when it is the very next change.
   */
  updated(message: Message): void {
    this.recount(message);
    applyUpdates(this.store, [message]);
    this.store.patchRoom(message.roomId, (r) => ({
      room: { ...r.room, changeSeq: Math.max(r.room.changeSeq, message.seq) },
      // Only the very next number: a gap means changes were missed, which the feed fills in.
      changeSeq: r.loaded && message.seq === r.changeSeq + 1 ? message.seq : r.changeSeq,
    }));
  }

  /**
   * An unread message of someone else's that was deleted, or whose mention of this user came or
   * went with an edit, moves the room's counts as it moved the server's (for messages held).
   */
  private recount(message: Message): void {
    const { me, rooms } = this.store.get();
    const room = rooms[message.roomId];
    const held = room?.messages.find((m) => m.id === message.id);
    if (!room || !held || held.seq >= message.seq) return;
    if (message.author.id === me.id || message.id <= room.lastReadId) return;
    const unread = (m: Message) => (m.deletedAt === undefined && inRoomTimeline(m) ? 1 : 0);
    const mention = (m: Message) => (mentionsMe(m, me.id) ? 1 : 0);
    const dUnread = unread(message) - unread(held);
    const dMentions = mention(message) - mention(held);
    if (dUnread === 0 && dMentions === 0) return;
    this.store.patchRoom(message.roomId, (r) => ({
      unread: Math.max(0, r.unread + dUnread),
      mentions: Math.max(0, r.mentions + dMentions),
    }));
  }

  private settle(answer: Awaited<ReturnType<Requester>>): ActionResult {
    if (!answer.ok) return answer;
    if ('message' in answer) this.updated(answer.message);
    return { ok: true };
  }
}
