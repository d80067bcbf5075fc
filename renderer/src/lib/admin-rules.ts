import type { AdminUser, InviteCode, User } from '../../../server/protocol';

/** What the admin panel offers to do to one user (the server checks every one again). */
export interface UserActions {
  /** Ban, or unban when banned. */
  ban: boolean;
  resetPassword: boolean;
  /** Make admin / remove admin: the owner only. */
  changeRole: boolean;
  /** Make this user the owner: the owner only, to an account that can sign in. */
  transfer: boolean;
}

const NONE: UserActions = { ban: false, resetPassword: false, changeRole: false, transfer: false };

/**
 * The actions `me` may take on `target`, as the server's rules have them: nobody acts on
 * themselves or the owner, an admin does not act on another admin, and roles and ownership are
 * the owner's alone. A deleted account takes none.
 */
export function userActions(me: User, target: AdminUser): UserActions {
  if (target.id === me.id || target.role === 'owner' || target.deleted) return NONE;
  if (me.role === 'owner')
    return { ban: true, resetPassword: true, changeRole: true, transfer: !target.banned };
  if (me.role === 'admin' && target.role === 'member')
    return { ban: true, resetPassword: true, changeRole: false, transfer: false };
  return NONE;
}

export type InviteStatus = 'active' | 'revoked' | 'expired' | 'used up';

/** Whether an invite code still lets someone register, and if not, why. */
export function inviteStatus(invite: InviteCode, now = Date.now()): InviteStatus {
  if (invite.revoked) return 'revoked';
  if (invite.expiresAt <= now) return 'expired';
  if (invite.maxUses !== null && invite.uses >= invite.maxUses) return 'used up';
  return 'active';
}

/** "2 of 5", "3 of unlimited". */
export const inviteUses = (invite: InviteCode): string =>
  `${invite.uses} of ${invite.maxUses ?? 'unlimited'}`;

/**
 * The invite form's fields read into a request: uses 1 to 1000 (or unlimited), expiry 1 to 720
 * hours. Words for the first field that is wrong, instead of a request the server refuses.
 */
export function readInviteForm(form: {
  unlimited: boolean;
  uses: string;
  hours: string;
}):
  { maxUses: number | null; expiresInHours: number } | { error: string; field: 'uses' | 'hours' } {
  const uses = Number(form.uses);
  if (!form.unlimited && !(Number.isInteger(uses) && uses >= 1 && uses <= 1000))
    return { field: 'uses', error: 'Uses must be a whole number from 1 to 1000.' };
  const hours = Number(form.hours);
  if (!(Number.isInteger(hours) && hours >= 1 && hours <= 720))
    return { field: 'hours', error: 'Expiry must be a whole number of hours from 1 to 720.' };
  return { maxUses: form.unlimited ? null : uses, expiresInHours: hours };
}
