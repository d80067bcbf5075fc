import { BrowserWindow, screen } from 'electron';
import { APP_ENTRY } from './app-origin';
import { secureWebPreferences } from './security';
import type { SettingsStore } from './settings';
import { restoreBounds, trackBounds } from './window-state';

/** The app's windows; IPC is accepted from these only. */
export class Windows {
  private main: BrowserWindow | undefined;

  constructor(
    private readonly settings: SettingsStore,
    private readonly paths: { preload: string; icon: string },
    /** Told when the main window opens and closes (LAN browsing lives as long as it does). */
    private readonly lifecycle: { opened(): void; closed(): void } = { opened() {}, closed() {} },
  ) {}

  /** The main window, created (or restored and focused) on demand. */
  show(): BrowserWindow {
    if (this.main && !this.main.isDestroyed()) {
      if (this.main.isMinimized()) this.main.restore();
      this.main.show();
      this.main.focus();
      return this.main;
    }
    this.main = this.create(true);
    return this.main;
  }

  /**
   * Opens the main window without showing it: a start in the tray. Its page loads and runs, so
   * every server session stays connected and notifications, the badge and wakes arrive; the
   * tray's "Show Parley", a link or a notification shows it ({@link show}).
   */
  openHidden(): BrowserWindow {
    if (!this.main || this.main.isDestroyed()) this.main = this.create(false);
    return this.main;
  }

  /** The webContents of our open windows. */
  contents = () => (this.main && !this.main.isDestroyed() ? [this.main.webContents] : []);

  /** A new main window, shown once its page has painted when `reveal`, else left hidden. */
  private create(reveal: boolean): BrowserWindow {
    const saved = this.settings.get().window;
    const bounds = restoreBounds(
      saved,
      screen.getAllDisplays().map((display) => display.workArea),
    );
    const window = new BrowserWindow({
      ...bounds,
      minWidth: 480,
      minHeight: 360,
      show: false,
      title: 'Parley',
      icon: this.paths.icon,
      backgroundColor: '#1d1f23',
      webPreferences: secureWebPreferences(this.paths.preload),
    });
    const shown = () => {
      if (saved?.maximized) window.maximize();
      trackBounds(window, (next) => this.settings.update((s) => ({ ...s, window: next })));
    };
    // maximize() would show a hidden window, and a window closed (quit from the tray) before
    // it was ever shown has no bounds of the person's to save: both wait for its first showing.
    if (reveal) {
      shown();
      window.once('ready-to-show', () => window.show());
    } else window.once('show', shown);
    window.once('closed', () => this.lifecycle.closed());
    this.lifecycle.opened();
    void window.loadURL(APP_ENTRY);
    return window;
  }
}
