import { app, Notification } from 'electron';
import { broadcast, handle, type OwnContents } from './ipc';
import type { Windows } from './window';

/**
 * System notifications and the unread badge. Clicking a notification brings the window up and
 * asks the renderer to open that room (`room:open`).
 */
export function setupNotifications(windows: Windows, own: OwnContents): void {
  // A reference per live notification: one that is garbage-collected loses its click handler.
  const shown = new Set<Notification>();
  handle('notify', own, (notice) => {
    if (!Notification.isSupported()) return;
    const notification = new Notification({ title: notice.title, body: notice.body });
    shown.add(notification);
    notification.on('click', () => {
      windows.show();
      broadcast(own, 'room:open', { serverUrl: notice.serverUrl, roomId: notice.roomId });
    });
    notification.on('close', () => shown.delete(notification));
    notification.show();
  });
  handle('badge:set', own, (count) => {
    app.setBadgeCount(count);
  });
}
