import type { AdminUser, AuditAction, Role } from '../../../server/protocol';

/** Each audit action in words, as the log's "Action" column says it. */
export const AUDIT_WORDS: Record<AuditAction, string> = {
  'user.ban': 'Banned',
  'user.unban': 'Unbanned',
  'user.role': 'Changed role',
  'user.password_reset': 'Reset password',
  'owner.transfer': 'Transferred ownership',
  'invite.create': 'Made an invite code',
  'invite.revoke': 'Revoked an invite code',
  'settings.update': 'Changed server settings',
  'room.update': 'Changed a room',
  'room.archive': 'Archived a room',
  'room.unarchive': 'Unarchived a room',
  'room.delete': 'Deleted a room',
  'room.remove_member': 'Removed from a room',
  'message.delete': 'Deleted a message',
};

/** An action this client does not know yet (a newer server) is shown as the server named it. */
export const auditWords = (action: string): string =>
  (AUDIT_WORDS as Record<string, string | undefined>)[action] ?? action;

export const ROLE_WORDS: Record<Role, string> = {
  owner: 'Owner',
  admin: 'Admin',
  member: 'Member',
};

/** A date and time in the person's own locale: "2 Dec 2026, 11:30". */
export function when(ms: number): string {
  return new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** "Online now", "Last seen 2 Dec 2026, 11:30", "Never signed in". */
export function lastSeen(user: Pick<AdminUser, 'online' | 'lastSeenAt'>): string {
  if (user.online) return 'Online now';
  return user.lastSeenAt === null ? 'Never connected' : when(user.lastSeenAt);
}

/** A status as one line: "🌴 On holiday", or '' for none. */
export const statusLine = (user: Pick<AdminUser, 'status'>): string =>
  [user.status.emoji, user.status.text].filter(Boolean).join(' ');
