import type { ChangesPage } from '../protocol.js';
import { toMessage, type MessageRow } from './sqlite/message-rows.js';

/** The most text one change feed answer carries (as history pages are capped, but larger). */
export const CHANGES_CHARS = 512 * 1024;

/**
 * One answer of the change feed (`MessageStore.changes`), built room by room within its budget
 * of messages and characters; both stores read the rows, this decides what they answer. A room
 * cut short answers the last change it carries and `complete: false`, so the client asks again
 * from there; a room left out for want of budget answers where the client stands.
 */
export class ChangesPageBuilder {
  readonly page: ChangesPage = { messages: [], rooms: [] };
  private chars = 0;

  constructor(private left: number) {}

  /**
   * Whether the store must read `roomId`'s changes after `since` (`current` is its change
   * number now); if not, the room is answered already.
   */
  wants(roomId: number, since: number, current: number): boolean {
    if (current > since && this.left > 0 && this.chars <= CHANGES_CHARS) return true;
    this.page.rooms.push({
      roomId,
      changeSeq: Math.min(since, current),
      complete: current <= since,
    });
    return false;
  }

  /** How many rows to read for a wanted room: one more than fits, to tell whether it is all. */
  get rowsToRead(): number {
    return this.left + 1;
  }

  /** The room's rows after `since`, in change order (at most `rowsToRead`). */
  add(roomId: number, since: number, current: number, rows: readonly MessageRow[]): void {
    let taken = 0;
    for (const row of rows.slice(0, this.left)) {
      if (this.chars > CHANGES_CHARS) break;
      const message = toMessage(row);
      this.chars += message.text.length + 200 + JSON.stringify(message.reactions ?? []).length;
      this.page.messages.push(message);
      taken++;
    }
    const last = this.page.messages.at(-1);
    const complete = taken === rows.length;
    this.page.rooms.push({
      roomId,
      changeSeq: complete ? current : taken > 0 && last ? last.seq : since,
      complete,
    });
    this.left -= taken;
  }
}
