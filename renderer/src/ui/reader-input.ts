/** Which way the reader's input scrolls the message list. */
export type Direction = 'up' | 'down';

/** Keys that scroll a focused list, and which way. */
const KEYS: Record<string, Direction> = {
  ArrowUp: 'up',
  PageUp: 'up',
  Home: 'up',
  ArrowDown: 'down',
  PageDown: 'down',
  End: 'down',
};

/**
 * Calls `input` with the way the reader's wheel, key or finger on the message list scrolls it
 * (follow-end.ts leaves the end at the input itself). Returns the cleanup.
 */
export function listenForReader(
  element: HTMLDivElement,
  input: (direction: Direction) => void,
): () => void {
  // Not inside a dialog a row opened (a picker, the lightbox): they scroll themselves.
  const mine = (event: Event) => !(event.target as Element | null)?.closest?.('dialog');
  let touchY: number | undefined;
  const wheel = (event: WheelEvent) => {
    // With Ctrl it zooms; sideways it scrolls a code block.
    if (!mine(event) || event.ctrlKey || Math.abs(event.deltaY) <= Math.abs(event.deltaX)) return;
    input(event.deltaY < 0 ? 'up' : 'down');
  };
  const touch = (event: TouchEvent) => {
    const y = event.touches[0]?.clientY;
    if (event.type === 'touchstart' || y === undefined || touchY === undefined) touchY = y;
    // The finger moving down scrolls the list up; a tap's jitter is not a scroll.
    else if (mine(event) && Math.abs(y - touchY) >= 10) {
      input(y > touchY ? 'up' : 'down');
      touchY = y;
    }
  };
  const key = (event: KeyboardEvent) => {
    // Typed into a message being edited in place, or a shortcut: no scroll.
    const target = event.target as Element | null;
    if (!mine(event) || target?.closest('input, textarea, [contenteditable="true"]')) return;
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    // On a row's button or toolbar, Space presses it and Home and End move between its
    // buttons; the arrows and the page keys still scroll the list.
    const onControl = target !== element && target?.closest('button, a, [role="toolbar"]');
    if (onControl && (event.key === ' ' || event.key === 'Home' || event.key === 'End')) return;
    const direction = event.key === ' ' ? (event.shiftKey ? 'up' : 'down') : KEYS[event.key];
    if (direction) input(direction);
  };
  const options = { passive: true } as const;
  const listeners = [
    ['wheel', wheel],
    ['touchstart', touch],
    ['touchmove', touch],
    ['keydown', key],
  ] as const;
  for (const [type, listener] of listeners)
    element.addEventListener(type, listener as EventListener, options);
  return () => {
    for (const [type, listener] of listeners)
      element.removeEventListener(type, listener as EventListener);
  };
}
