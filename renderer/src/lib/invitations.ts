import type { Invitation } from '../../../server/protocol';
import type { ChatState } from './chat-state';
import type { Requester } from './room-directory';
import type { ActionResult, ClientSocket } from './socket-request';

/**
 * Room invitations waiting for this user, and the people they blocked, kept in ChatState. An
 * invitation arrives as one small event and changes nothing else; only accepting it adds a room.
 */
export class Invitations {
  constructor(
    private readonly request: Requester,
    private readonly state: () => ChatState,
    private readonly update: (patch: Partial<ChatState>) => void,
  ) {}

  bind(socket: ClientSocket): void {
    socket.on('invite:received', ({ invitation }) => this.put(invitation));
    socket.on('invite:removed', ({ roomId }) => this.drop(roomId));
  }

  /** After every connect: the invitations and blocks as the server has them. */
  async load(): Promise<void> {
    const [invites, blocks] = await Promise.all([
      this.request('invites:list', {}),
      this.request('blocks:list', {}),
    ]);
    if (invites.ok) this.update({ invitations: invites.invitations });
    if (blocks.ok) this.update({ blocked: blocks.users });
  }

  /** Accepts; the caller enters the room the answer carries. */
  async accept(roomId: number) {
    const answer = await this.request('invite:accept', { roomId });
    // Gone either way once the server has answered: accepted, or no longer there to accept.
    if (answer.ok || answer.error.code === 'not_found') this.drop(roomId);
    return answer;
  }

  async decline(roomId: number): Promise<ActionResult> {
    const answer = await this.request('invite:decline', { roomId });
    if (answer.ok || answer.error.code === 'not_found') this.drop(roomId);
    return answer.ok || answer.error.code === 'not_found' ? { ok: true } : answer;
  }

  async block(username: string): Promise<ActionResult> {
    const answer = await this.request('user:block', { username });
    if (answer.ok) await this.load(); // their invitations went with the block
    return answer;
  }

  async unblock(username: string): Promise<ActionResult> {
    const answer = await this.request('user:unblock', { username });
    if (answer.ok)
      this.update({ blocked: this.state().blocked.filter((u) => u.username !== username) });
    return answer;
  }

  private put(invitation: Invitation): void {
    const others = this.state().invitations.filter((i) => i.room.id !== invitation.room.id);
    this.update({ invitations: [...others, invitation] });
  }

  private drop(roomId: number): void {
    const { invitations } = this.state();
    if (invitations.some((i) => i.room.id === roomId))
      this.update({ invitations: invitations.filter((i) => i.room.id !== roomId) });
  }
}
