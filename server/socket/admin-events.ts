import { adminInviteEvents } from './admin-invite-events.js';
import { adminSettingsEvents } from './admin-settings-events.js';
import { adminUserEvents } from './admin-user-events.js';
import type { AckedTable } from './dispatch.js';

/**
 * Handlers of the `admin:*` events this area answers (`admin:reset-password` is the account
 * security work's). Each checks the actor's role fresh from the database (require-role.ts).
 */
export const adminEvents: Partial<AckedTable> = {
  ...adminUserEvents,
  ...adminInviteEvents,
  ...adminSettingsEvents,
};
