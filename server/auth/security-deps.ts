import type { LiveSettings } from '../admin/settings.js';
import type { ResolvedOptions } from '../options.js';
import type { AvatarFiles } from '../people/avatar-files.js';
import type { Profile, User } from '../protocol.js';
import type { ChatStore } from '../storage/store.js';
import type { AccountNotifier } from './account-notifier.js';
import type { Accounts, Revoker } from './accounts.js';
import type { SharedWindowLimiter } from './shared-window.js';

/** Who asks and from where, for the per-address limits and a new session's device. */
export interface Caller {
  ip: string;
  userAgent: string | undefined;
}

/** What account security works with: one per server (see AccountSecurity). */
export interface SecurityDeps {
  store: ChatStore;
  accounts: Accounts;
  /** Cuts sockets off at once (LiveSockets). */
  revoker: Revoker;
  /** Tells connected clients what changed (`room:updated`, `invite:removed`, `user:updated`). */
  notifier: AccountNotifier;
  settings: LiveSettings;
  options: ResolvedOptions;
  /**
   * Attempts at a password (change, deletion, transfer: by address and user) and at reset codes
   * (by address), each held to the login rate.
   */
  attempts: SharedWindowLimiter;
  /** Where avatar images are: a deleted account's image is removed after the deletion commits. */
  avatars: Pick<AvatarFiles, 'remove'>;
}

/**
 * The user's profile as everyone may see it, from the store; where the store cannot say
 * (profiles not there yet) it is made from the user, without avatar or status.
 */
export async function profileOf(store: ChatStore, user: User, deleted = false): Promise<Profile> {
  const stored = await store.profiles([user.id]).then(
    (found) => found[0],
    () => undefined,
  );
  const profile: Profile = stored ?? {
    ...user,
    avatar: null,
    status: { emoji: '', text: '' },
  };
  return deleted ? { ...profile, deleted: true } : profile;
}
