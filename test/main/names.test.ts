import { beforeEach, describe, expect, it, vi } from 'vitest';
import { inviteLink, parseInvite } from '../../main/invite-link';
import { nameProblem as mainRule } from '../../main/names';
import { setupNotifications } from '../../main/notifications';
import type { Windows } from '../../main/window';
import { nameProblem as serverRule } from '../../server/names';
import { BAD_NAMES } from '../bad-names';
import { FakeWebContents, ipcMain, Notification } from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));

const NOW = Date.UTC(2026, 10, 29);
const link = (name: string) =>
  inviteLink({ serverUrl: 'http://192.168.1.20:4000', name, expiresAt: NOW + 86_400_000 });

describe('names in main', () => {
  it('refuses invite names the server would refuse as a name', () => {
    for (const [kind, name] of BAD_NAMES) {
      // The link's name is trimmed, as the server's is; a URL cannot carry a lone surrogate.
      if (name.trim() !== name || /\p{Cs}/u.test(name)) continue;
      expect([kind, parseInvite(link(name), NOW)]).toEqual([
        kind,
        { ok: false, message: 'The server name in this invite is missing or not valid.' },
      ]);
    }
    expect(parseInvite(link('Bürö ❤️ 東京'), NOW)).toMatchObject({ ok: true });
  });

  it('holds the same rule as server/names.ts for every code point', () => {
    const differ: string[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp >= 0x30000 && cp < 0xe0000) cp = 0xe0000; // unassigned planes: both refuse (Cn)
      const name = `a${String.fromCodePoint(cp)}b`;
      if (mainRule(name) !== serverRule(name)) differ.push(cp.toString(16));
    }
    expect(differ).toEqual([]);
  });

  describe('notifications', () => {
    const ours = new FakeWebContents();
    beforeEach(() => {
      ipcMain.handlers.clear();
      Notification.shown = [];
      setupNotifications({ show: () => undefined } as unknown as Windows, () => [ours as never]);
    });

    it('never hands the OS a bidi override or invisible character', async () => {
      const notify = ipcMain.handlers.get('notify');
      await notify?.(
        { sender: ours, senderFrame: { url: 'app://parley/index.html', parent: null } },
        {
          serverUrl: 'http://192.168.1.20:4000',
          roomId: 1,
          title: 'Ali\u202Eecila\u200B (@eve) in #general',
          body: 'pay \u202Eyadot\u202C now 👩\u200D💻',
        },
      );
      expect(Notification.shown).toEqual([
        { title: 'Aliecila (@eve) in #general', body: 'pay yadot now 👩\u200D💻' },
      ]);
    });
  });
});
