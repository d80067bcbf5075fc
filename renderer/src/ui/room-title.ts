import type { Room, UserRef } from '../../../server/protocol';
import { fullName } from '../lib/names';

/**
 * A room's name as this user sees it: the other person's name for a direct conversation, with
 * their username unless `name` says otherwise (the sidebar adds it only where names look alike).
 */
export function roomTitle(
  room: Room,
  meId: number,
  name: (user: UserRef) => string = fullName,
): string {
  if (room.kind !== 'direct') return `#${room.name}`;
  const other = room.members?.find((m) => m.id !== meId);
  return other ? name(other) : 'Direct message';
}
