import type { Message } from '../../../server/protocol';
import type { PendingMessage } from './chat-state';

/** Messages by one author closer together than this share one header. */
const GROUP_GAP_MS = 5 * 60_000;

export type Row =
  | {
      kind: 'message';
      key: string;
      message: Message;
      day?: string;
      header: boolean;
      own: boolean;
      /** The "New messages" divider goes before this row. */
      divider?: boolean;
    }
  | { kind: 'pending'; key: string; pending: PendingMessage; header: boolean };

/** What else shapes the rows besides the messages. */
export interface RowOptions {
  /** The room's `dividerAfter`: the divider marks the first message by someone else after it. */
  dividerAfter?: number;
  /** The current time, for the day labels (Today, Yesterday). */
  now?: number;
}

const dayKey = (ms: number) => new Date(ms).toDateString();

/** A day separator label: Today, Yesterday, or the date. */
export function dayLabel(ms: number, now = Date.now()): string {
  const day = dayKey(ms);
  if (day === dayKey(now)) return 'Today';
  if (day === dayKey(now - 86_400_000)) return 'Yesterday';
  return new Date(ms).toLocaleDateString(undefined, {
    weekday: 'long',
    month: 'long',
    day: 'numeric',
    year: 'numeric',
  });
}

export function timeLabel(ms: number): string {
  return new Date(ms).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

/**
 * The rows of a message list: day separators, author headers on each new group, the "New
 * messages" divider before the first unread message by someone else, pending last.
 */
export function buildRows(
  messages: Message[],
  pending: PendingMessage[],
  meId: number,
  options: RowOptions = {},
): Row[] {
  const { dividerAfter, now = Date.now() } = options;
  const rows: Row[] = [];
  let previous: Message | undefined;
  // Once placed, no later message gets it: there is one divider.
  let dividerPlaced = dividerAfter === undefined;
  for (const message of messages) {
    const newDay = !previous || dayKey(previous.createdAt) !== dayKey(message.createdAt);
    const divider =
      !dividerPlaced && message.id > (dividerAfter ?? 0) && message.author.id !== meId;
    if (divider) dividerPlaced = true;
    const header =
      divider ||
      newDay ||
      previous?.author.id !== message.author.id ||
      message.createdAt - (previous?.createdAt ?? 0) > GROUP_GAP_MS;
    rows.push({
      kind: 'message',
      key: `m${message.id}`,
      message,
      day: newDay ? dayLabel(message.createdAt, now) : undefined,
      header,
      own: message.author.id === meId,
      ...(divider ? { divider } : {}),
    });
    previous = message;
  }
  const lastIsOwn = previous?.author.id === meId;
  pending.forEach((p, i) =>
    rows.push({
      kind: 'pending',
      key: `p${p.clientId}`,
      pending: p,
      header: i === 0 && !lastIsOwn,
    }),
  );
  return rows;
}
