import { auditPayload, settingsUpdatePayload } from '../admin/admin-schemas.js';
import { requireAdmin, requireOwner } from '../admin/require-role.js';
import type { ServerSettings } from '../protocol.js';
import { emptyPayload } from '../schemas.js';
import { acked, type AckedTable } from './dispatch.js';

/** `settings.update`'s detail: each given setting, `key: before → after`. */
function describe(before: ServerSettings, patch: Partial<ServerSettings>): string {
  return Object.entries(patch)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => {
      const old = before[key as keyof ServerSettings];
      return `${key}: ${JSON.stringify(old)} → ${JSON.stringify(value)}`;
    })
    .join('; ');
}

/**
 * `admin:settings`, `admin:settings-update` and `admin:audit`; a change of
 * `deletedUserMessages` is for the owner alone (`forbidden` for an admin). A settings change takes effect at
 * once (registration reads the live policy; `/api/info` the live name) and every socket hears
 * `server:updated`. The mDNS advertisement keeps the name the server started with.
 */
export const adminSettingsEvents: Partial<AckedTable> = {
  'admin:settings': acked(emptyPayload, async (_input, socket, { store, settings }) => {
    await requireAdmin(store, socket.data.user.id);
    return { settings: settings.current() };
  }),
  'admin:settings-update': acked(settingsUpdatePayload, async (patch, socket, context) => {
    const { store, settings, io } = context;
    // The retention of a deleted account's messages is the owner's policy alone.
    const actor =
      patch.deletedUserMessages === undefined
        ? await requireAdmin(store, socket.data.user.id)
        : await requireOwner(store, socket.data.user.id);
    const before = settings.current();
    const now = await settings.update(patch);
    await store.addAudit({
      actorId: actor.id,
      action: 'settings.update',
      target: { kind: 'server', id: store.serverId, label: now.name },
      detail: describe(before, patch),
      at: Date.now(),
    });
    io.emit('server:updated', { name: now.name, registration: now.registration });
    return { settings: now };
  }),
  'admin:audit': acked(auditPayload, async (query, socket, { store }) => {
    await requireAdmin(store, socket.data.user.id);
    return store.auditPage(query);
  }),
};
