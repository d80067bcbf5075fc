import type { Message } from '../../../server/protocol';
import type { PendingMessage } from './chat-state';
import type { Requester } from './room-directory';
import type { StateStore } from './state-store';

/** How a message is sent: as a reply (quote), into a thread, with files (see SendRequest). */
export type SendOptions = Pick<
  PendingMessage,
  'replyTo' | 'threadId' | 'alsoToRoom' | 'attachments'
>;

/**
 * Messages this person sent that the server has not acknowledged: shown at once as pending,
 * delivered when connected (again after a reconnect), failed with the server's reason, retried
 * with the same clientId so that the server stores each at most once.
 */
export class PendingSends {
  private readonly inFlight = new Set<string>();

  constructor(
    private readonly store: StateStore,
    private readonly request: Requester,
    private readonly connected: () => boolean,
    /** The stored message the server acknowledged, for the room's list. */
    private readonly stored: (message: Message) => void,
  ) {}

  /** Shows the message as pending at once, then delivers it. */
  send(roomId: number, text: string, options: SendOptions = {}): void {
    const pending: PendingMessage = {
      ...options,
      clientId: newClientId(),
      text,
      status: 'sending',
      createdAt: Date.now(),
    };
    this.store.patchRoom(roomId, (room) => ({ pending: [...room.pending, pending] }));
    void this.deliver(roomId, pending);
  }

  /** Resends a failed message with the same clientId. */
  retry(roomId: number, clientId: string): void {
    const pending = this.store.get().rooms[roomId]?.pending.find((p) => p.clientId === clientId);
    if (!pending) return;
    this.setPending(roomId, clientId, { status: 'sending', error: undefined });
    void this.deliver(roomId, pending);
  }

  discard(roomId: number, clientId: string): void {
    this.store.patchRoom(roomId, (room) => ({
      pending: room.pending.filter((p) => p.clientId !== clientId),
    }));
  }

  /** After a (re)connect: every send still waiting goes out, each once. */
  resend(): void {
    for (const room of Object.values(this.store.get().rooms)) {
      for (const pending of room.pending) {
        if (pending.status === 'sending') void this.deliver(room.room.id, pending);
      }
    }
  }

  private async deliver(roomId: number, pending: PendingMessage): Promise<void> {
    if (!this.connected() || this.inFlight.has(pending.clientId)) return; // sent on reconnect
    this.inFlight.add(pending.clientId);
    const answer = await this.request('message:send', {
      roomId,
      text: pending.text,
      clientId: pending.clientId,
      replyTo: pending.replyTo,
      threadId: pending.threadId,
      alsoToRoom: pending.alsoToRoom,
      fileIds: pending.attachments?.map((file) => file.id),
    });
    this.inFlight.delete(pending.clientId);
    if (answer.ok) return this.stored(answer.message);
    if (answer.error.code === 'unreachable' && !this.connected()) return; // retried on reconnect
    const wait = 'retryAfterMs' in answer.error ? answer.error.retryAfterMs : undefined;
    const error = wait
      ? `${answer.error.message} Try again in ${Math.ceil(wait / 1000)} s.`
      : answer.error.message;
    this.setPending(roomId, pending.clientId, { status: 'failed', error });
  }

  private setPending(roomId: number, clientId: string, patch: Partial<PendingMessage>): void {
    this.store.patchRoom(roomId, (r) => ({
      pending: r.pending.map((p) => (p.clientId === clientId ? { ...p, ...patch } : p)),
    }));
  }
}

function newClientId(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}
