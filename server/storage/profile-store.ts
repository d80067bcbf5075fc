import type { Profile, UserStatus } from '../protocol.js';

/** Storage of profiles: display name, status and avatar key (see `Profile` in protocol.ts). */
export interface ProfileStore {
  /** Profiles of these users, deleted ones included (as "Deleted user"); unknown ids left out. */
  profiles(userIds: number[]): Promise<Profile[]>;
  /** Undefined for an unknown or deleted user. */
  updateProfile(
    userId: number,
    change: { displayName?: string; status?: UserStatus },
  ): Promise<Profile | undefined>;
  /**
   * Sets (or, with null, clears) the avatar key; resolves with the key it replaced, so that the
   * caller can delete that image. Undefined for an unknown or deleted user.
   */
  setAvatar(
    userId: number,
    key: string | null,
  ): Promise<{ profile: Profile; previous: string | null } | undefined>;
  /** Which of these avatar keys some account names (any number of keys; order not kept). */
  avatarsInUse(keys: string[]): Promise<string[]>;
}
