import type { BrowserWindow, Rectangle } from 'electron';
import type { WindowBounds } from './settings';

export const DEFAULT_SIZE = { width: 1100, height: 740 };

/** True when at least 100×50 px of the window's top falls on one of the screens' work areas. */
function isOnScreen(bounds: Rectangle, screens: readonly Rectangle[]): boolean {
  return screens.some((area) => {
    const width =
      Math.min(bounds.x + bounds.width, area.x + area.width) - Math.max(bounds.x, area.x);
    const top = Math.max(bounds.y, area.y);
    return width >= 100 && top < Math.min(bounds.y + 50, area.y + area.height);
  });
}

/**
 * Where the window opens: the remembered bounds, unless the screen they were on is gone (a
 * monitor unplugged), in which case the remembered size is kept and the OS centres it.
 */
export function restoreBounds(
  saved: WindowBounds | undefined,
  screens: readonly Rectangle[],
): { x?: number; y?: number; width: number; height: number } {
  if (!saved) return { ...DEFAULT_SIZE };
  const { x, y, width, height } = saved;
  if (x === undefined || y === undefined) return { width, height };
  return isOnScreen({ x, y, width, height }, screens) ? { x, y, width, height } : { width, height };
}

/** Calls `save` with the window's bounds when it is moved, resized or closed (debounced). */
export function trackBounds(window: BrowserWindow, save: (bounds: WindowBounds) => void): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const capture = () => {
    if (window.isDestroyed() || window.isMinimized()) return;
    const { x, y, width, height } = window.getNormalBounds();
    save({ x, y, width, height, maximized: window.isMaximized() });
  };
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(capture, 500);
  };
  window.on('resize', later);
  window.on('move', later);
  window.on('close', () => {
    clearTimeout(timer);
    capture();
  });
}
