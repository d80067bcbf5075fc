import type { SharedBudget } from '../cluster/shared-limits.js';
import type { LimitResult } from '../auth/rate-limit.js';
import type { ChatSocket } from './types.js';

/**
 * The last shared spend of each socket, while one is pending: a socket's events wait for the
 * cluster's budget in the order they came, not in the order Redis answers (an outage answers
 * later commands at once, earlier ones only at their deadline). A WeakMap, not a field of
 * SocketData: a single node never writes it.
 */
const turns = new WeakMap<ChatSocket, Promise<unknown>>();

/**
 * Spends one of `budget` for the socket's user, asked at once, then runs `allowed` or `refused`
 * after every earlier event of the socket has had its answer. Nothing runs for a socket that has
 * gone meanwhile (its work would answer nobody), and nothing thrown escapes unheard.
 */
export function spendInTurn(
  socket: ChatSocket,
  budget: SharedBudget,
  allowed: () => void,
  refused: (retryAfterMs: number) => void,
): void {
  const answer = budget.spend(String(socket.data.user.id));
  const before = turns.get(socket);
  const turn = (before ? before.then(() => answer) : answer).then((result: LimitResult) => {
    if (!socket.connected) return;
    if (result.allowed) allowed();
    else refused(result.retryAfterMs);
  });
  const settled = turn.catch((error: unknown) =>
    socket.data.context.logger.error('socket event failed after the shared budget', error),
  );
  turns.set(socket, settled);
  void settled.then(() => {
    if (turns.get(socket) === settled) turns.delete(socket);
  });
}
