import type { Message } from '../../../server/protocol';
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
    applyUpdates(this.store, [message]);
    this.store.patchRoom(message.roomId, (r) => ({
      room: { ...r.room, changeSeq: Math.max(r.room.changeSeq, message.seq) },
      // Only the very next number: a gap means changes were missed, which the feed fills in.
      changeSeq: r.loaded && message.seq === r.changeSeq + 1 ? message.seq : r.changeSeq,
    }));
  }

  private settle(answer: Awaited<ReturnType<Requester>>): ActionResult {
    if (!answer.ok) return answer;
    if ('message' in answer) this.updated(answer.message);
    return { ok: true };
  }
}
