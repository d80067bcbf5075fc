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

/** The local calendar day of a time, as a number: cheap enough to run per message per render. */
const dayKey = (ms: number) => {
  const date = new Date(ms);
  return date.getFullYear() * 10_000 + date.getMonth() * 100 + date.getDate();
};

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

/**
 * One time formatter, made again once a minute (so that a changed time zone or locale shows
 * soon): `toLocaleTimeString` builds a new `Intl.DateTimeFormat` per call, and every visible row
 * calls this on every render, which was most of the renderer's time during a message burst.
 */
let clock: { format: Intl.DateTimeFormat; madeAt: number } | undefined;

export function timeLabel(ms: number): string {
  const now = Date.now();
  if (!clock || now - clock.madeAt > 60_000 || now < clock.madeAt)
    clock = {
      format: new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' }),
      madeAt: now,
    };
  return clock.format.format(ms);
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
