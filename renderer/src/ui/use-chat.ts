import { useEffect, useState, useSyncExternalStore } from 'react';
import type { ChatClient } from '../lib/chat-client';
import type { ChatState } from '../lib/chat-state';
import { visibleInterval } from '../lib/visible-timers';

/** The ChatClient's state, re-rendering on every change. */
export function useChatState(client: ChatClient): ChatState {
  return useSyncExternalStore(client.subscribe, client.getState);
}

/**
 * Seconds left until `at`, re-read four times a second so the shown second is never late; not
 * while the window is hidden (nobody sees it), and at once when it is shown again. 0 once passed.
 */
export function useCountdown(at: number | undefined): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (at === undefined) return;
    return visibleInterval(() => setNow(Date.now()), 250);
  }, [at]);
  return at === undefined ? 0 : Math.max(0, Math.ceil((at - now) / 1000));
}
