import { useEffect, useState, useSyncExternalStore } from 'react';
import type { ChatClient } from '../lib/chat-client';
import type { ChatState } from '../lib/chat-state';

/** The ChatClient's state, re-rendering on every change. */
export function useChatState(client: ChatClient): ChatState {
  return useSyncExternalStore(client.subscribe, client.getState);
}

/** Seconds left until `at`, ticking once a second; 0 once passed. */
export function useCountdown(at: number | undefined): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (at === undefined) return;
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [at]);
  return at === undefined ? 0 : Math.max(0, Math.ceil((at - now) / 1000));
}
