import type { Message } from '../../../server/protocol';
import { timeLabel } from '../lib/format';
import type { RowActions } from './row-actions';

/** "3 replies · last reply 14:05" under a thread's root; opens the thread in the side panel. */
export function ThreadSummary(props: { message: Message; actions: RowActions }) {
  const { message, actions } = props;
  const summary = message.thread;
  if (!summary) return null;
  const count = summary.replyCount;
  return (
    <button
      type="button"
      className="thread-summary"
      onClick={() => void actions.client.openThread(actions.roomId, message.id)}
    >
      {count} {count === 1 ? 'reply' : 'replies'} · last reply {whenLabel(summary.lastReplyAt)}
    </button>
  );
}

/** The time today, otherwise the date and time ("May 6, 14:05"). */
function whenLabel(ms: number, now = Date.now()): string {
  if (new Date(ms).toDateString() === new Date(now).toDateString()) return timeLabel(ms);
  const day = new Date(ms).toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
  return `${day}, ${timeLabel(ms)}`;
}
