import type { User } from '../protocol.js';

/** One live session as the store keeps it (see `SessionInfo` for what clients see). */
export interface SessionRecord {
  id: number;
  userAgent: string;
  ip: string;
  startedAt: number;
  /** The last activity written so far (sign-in, refresh, or a flushed socket connection). */
  lastActiveAt: number;
}

/** What deleting an account changed, for the caller to tell the people concerned. */
export interface AccountDeleted {
  /** Sessions ended by the deletion. */
  sessions: number[];
  /** Rooms the account left that still exist (their member count moved). */
  leftRooms: number[];
  /** Private rooms it was the last member of, now gone; and who had an invitation to each. */
  deletedRooms: Array<{ roomId: number; invitees: number[] }>;
  /**
   * Rooms whose change numbers moved: its messages became tombstones, or its reactions on
   * others' messages went (both only under the `delete` policy).
   */
  changedRooms: number[];
  /** Pending room invitations it had sent, now withdrawn: each invitee is to be told. */
  withdrawnInvitations: Array<{ roomId: number; inviteeId: number }>;
  /** The avatar key it had (null: none): the caller deletes that image once this commits. */
  avatar: string | null;
}

/** Storage of account security: session details, password changes, resets, deletion, ownership. */
export interface SecurityStore {
  /** The user's live sessions: not revoked and younger than `sessionMaxAgeMs`. */
  userSessions(
    userId: number,
    live: { now: number; sessionMaxAgeMs: number },
  ): Promise<SessionRecord[]>;
  /** Revokes one live session of this user; false when it is not theirs, or already over. */
  revokeOwnSession(userId: number, sessionId: number, now: number): Promise<boolean>;
  /** Revokes every live session of the user but `keep`; resolves with the revoked ids. */
  revokeOtherSessions(userId: number, keep: number, now: number): Promise<number[]>;
  /** Records activity times ([sessionId, at]) in one transaction; a time never moves back. */
  noteSessionActivity(entries: Array<[number, number]>): Promise<void>;
  /**
   * Atomically: stores the new password hash and revokes every live session of the user except
   * `keep` (none when null), and deletes any reset code for the user's password. Resolves with
   * the revoked session ids.
   */
  setPassword(
    userId: number,
    passwordHash: string,
    keep: number | null,
    now: number,
  ): Promise<number[]>;
  /**
   * Atomically deletes an account (not the owner's: undefined, nothing changed): a username no
   * registration can make (`~deleted-<id>`), `DELETED_USER_NAME`, no password, avatar or status,
   * `deleted_at`; the old username held until `holdUntil`; out of every room but two-person
   * direct ones (a private room left empty goes, as on leaving); pending invitations to it and
   * from it, and its password reset, dropped; the reset codes it made dropped and its usable
   * invite codes revoked; every session revoked; with `tombstone`, each of its live messages
   * becomes a tombstone with its room's next change number, and its reactions go (each message
   * it had reacted to takes its room's next change number).
   */
  deleteAccount(deletion: {
    userId: number;
    now: number;
    holdUntil: number;
    tombstone: boolean;
  }): Promise<AccountDeleted | undefined>;
  /** Stores a reset code's hash for the user, replacing any earlier one. */
  issuePasswordReset(reset: {
    userId: number;
    hash: string;
    createdBy: number;
    expiresAt: number;
  }): Promise<void>;
  /**
   * The user a live reset code (by hash) for this username belongs to; undefined otherwise. A
   * code is live only while its maker is an admin or the owner, not banned or deleted, who
   * outranks the user as they are now.
   */
  checkPasswordReset(username: string, hash: string, now: number): Promise<number | undefined>;
  /**
   * Atomically: spends the code (checked again, its maker's rights included), sets the
   * password, revokes every session of
   * the user. Undefined (nothing changed) when the code is unknown, used, expired or not this
   * username's; else the user and the revoked session ids.
   */
  redeemPasswordReset(redeem: {
    username: string;
    hash: string;
    passwordHash: string;
    now: number;
  }): Promise<{ user: User; banned: boolean; revoked: number[] } | undefined>;
  /**
   * Atomically: `toId` becomes the owner and the owner `fromId` an admin; reset codes for
   * either's password, and those `fromId` made, are deleted. Refused (undefined,
   * nothing changed) unless `fromId` is the owner and `toId` an existing, not banned, not
   * deleted account other than them.
   */
  transferOwnership(
    fromId: number,
    toId: number,
  ): Promise<{ owner: User; previous: User } | undefined>;
  /** Whether the account was deleted. */
  isDeleted(userId: number): Promise<boolean>;
}
