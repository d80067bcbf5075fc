import type { Room } from '../../../server/protocol';

/** A room's name as this user sees it: the other person's name for a direct conversation. */
export function roomTitle(room: Room, meId: number): string {
  if (room.kind !== 'direct') return `#${room.name}`;
  const other = room.members?.find((m) => m.id !== meId);
  return other ? other.displayName : 'Direct message';
}
