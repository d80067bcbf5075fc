import type { Room, UserRef } from '../../../server/protocol';
import { fullName } from '../lib/names';

/**
 * A room's name as this user sees it: for a direct conversation, the other people's names
 * ("Ann, Bob, Cy"), each with their username unless `name` says otherwise (the sidebar adds it
 * only where names look alike).
 */
export function roomTitle(
  room: Room,
  meId: number,
  name: (user: UserRef) => string = fullName,
): string {
  if (room.kind !== 'direct') return `#${room.name}`;
  const others = directOthers(room, meId);
  return others.length > 0 ? others.map(name).join(', ') : 'Direct message';
}

/** The people of a direct conversation other than this user, by id. */
export function directOthers(room: Room, meId: number): UserRef[] {
  return room.members?.filter((m) => m.id !== meId) ?? [];
}

/** A direct conversation of more than two people. */
export const isGroupDirect = (room: Room): boolean =>
  room.kind === 'direct' && room.memberCount > 2;
