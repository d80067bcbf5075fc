import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  visibleInterval,
  visibleTimeout,
  type Visibility,
} from '../../renderer/src/lib/visible-timers.js';

/** A page whose visibility the test sets, firing `visibilitychange` as a browser does. */
class Page extends EventTarget implements Visibility {
  hidden = false;
  listeners = 0;
  set(hidden: boolean): void {
    this.hidden = hidden;
    this.dispatchEvent(new Event('visibilitychange'));
  }
  override addEventListener(type: 'visibilitychange', listener: () => void): void {
    this.listeners++;
    super.addEventListener(type, listener);
  }
  override removeEventListener(type: 'visibilitychange', listener: () => void): void {
    this.listeners--;
    super.removeEventListener(type, listener);
  }
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('visible timers', () => {
  it('an interval ticks while visible, never while hidden, and once at once when shown', () => {
    const page = new Page();
    let ticks = 0;
    const stop = visibleInterval(() => ticks++, 250, page);
    vi.advanceTimersByTime(1000);
    expect(ticks).toBe(4);
    page.set(true);
    vi.advanceTimersByTime(60_000);
    expect(ticks).toBe(4);
    expect(vi.getTimerCount()).toBe(0);
    page.set(false);
    expect(ticks).toBe(5);
    vi.advanceTimersByTime(250);
    expect(ticks).toBe(6);
    stop();
    vi.advanceTimersByTime(1000);
    expect(ticks).toBe(6);
    expect(page.listeners).toBe(0);
  });

  it('a deadline that passes while hidden is met when shown, not before and without a timer', () => {
    const page = new Page();
    let fired = 0;
    visibleTimeout(() => fired++, 6000, page);
    vi.advanceTimersByTime(1000);
    page.set(true);
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(20_000);
    expect(fired).toBe(0);
    page.set(false);
    expect(fired).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
    expect(page.listeners).toBe(0);
  });

  it('a deadline still ahead when shown keeps its time: what is left of it, not all of it', () => {
    const page = new Page();
    let fired = 0;
    visibleTimeout(() => fired++, 6000, page);
    page.set(true);
    vi.advanceTimersByTime(2000);
    page.set(false);
    vi.advanceTimersByTime(3999);
    expect(fired).toBe(0);
    vi.advanceTimersByTime(1);
    expect(fired).toBe(1);
    vi.advanceTimersByTime(60_000);
    expect(fired).toBe(1);
  });

  it('a cancelled timeout never fires, hidden or shown', () => {
    const page = new Page();
    let fired = 0;
    const cancel = visibleTimeout(() => fired++, 100, page);
    page.set(true);
    cancel();
    page.set(false);
    vi.advanceTimersByTime(1000);
    expect(fired).toBe(0);
    expect(page.listeners).toBe(0);
  });

  it('without a page (Node) they are plain timers', () => {
    let ticks = 0;
    let fired = 0;
    const stop = visibleInterval(() => ticks++, 100, undefined);
    visibleTimeout(() => fired++, 300, undefined);
    vi.advanceTimersByTime(300);
    expect([ticks, fired]).toEqual([3, 1]);
    stop();
  });
});
