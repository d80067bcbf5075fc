import { app, Notification } from 'electron';
import { broadcast, handle, type OwnContents } from './ipc';
import { visibleName, visibleText } from './names';
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
    // The renderer names the author with their username; a server could still have sent a
    // name with bidi controls or invisible characters, which the OS would show as they are.
    const notification = new Notification({
      title: visibleName(notice.title),
      body: visibleText(notice.body),
    });
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
