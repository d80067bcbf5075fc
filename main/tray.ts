import { Menu, Tray, nativeImage } from 'electron';
import type { HostStatus } from './ipc-channels';

/** Words for the tray's tooltip and first menu line. */
export function hostingLabel(status: HostStatus): string {
  switch (status.state) {
    case 'running': {
      const people = status.people === 1 ? '1 person' : `${status.people} people`;
      return `Hosting at ${status.urls[0] ?? '?'} · ${people} connected`;
    }
    case 'starting':
      return 'Starting the server…';
    case 'stopping':
      return 'Stopping the server…';
    case 'crashed':
    case 'failed':
      return `Hosting stopped: ${status.message ?? 'unknown error'}`;
    case 'stopped':
      return 'Not hosting';
  }
}

/** The tray icon: hosting status, show the window, quit. Returns its update function. */
export function setupTray(deps: {
  icon: string;
  onShow: () => void;
  onQuit: () => void;
}): (status: HostStatus) => void {
  const tray = new Tray(nativeImage.createFromPath(deps.icon).resize({ width: 16, height: 16 }));
  tray.on('click', deps.onShow);
  const update = (status: HostStatus) => {
    const label = hostingLabel(status);
    tray.setToolTip(`Parley · ${label}`);
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label, enabled: false },
        { type: 'separator' },
        { label: 'Show Parley', click: deps.onShow },
        { label: 'Quit Parley', click: deps.onQuit },
      ]),
    );
  };
  update({ state: 'stopped', urls: [], connections: 0, people: 0, restarts: 0 });
  return update;
}
