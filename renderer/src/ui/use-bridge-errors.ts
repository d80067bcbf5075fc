import { useCallback, useEffect, useState } from 'react';
import { bridgeErrorMessage } from '../lib/bridge-error';

/** How Electron words a rejected `ipcRenderer.invoke`: the mark of a failed bridge call. */
const IPC_FAILURE = /^Error invoking remote method '/;

/**
 * The desktop shell's one place for failed bridge calls that no screen answers itself: `report`
 * shows a failure in the shell's banner, and any IPC failure that would otherwise end as an
 * unhandled rejection (a badge, a notification, a token write started and not awaited) is shown
 * there too, instead of reaching no one.
 */
export function useBridgeErrors() {
  const [error, setError] = useState<string>();
  const report = useCallback((failure: unknown) => setError(bridgeErrorMessage(failure)), []);
  useEffect(() => {
    const unhandled = (event: PromiseRejectionEvent) => {
      const reason: unknown = event.reason;
      if (!(reason instanceof Error) || !IPC_FAILURE.test(reason.message)) return;
      event.preventDefault();
      report(reason);
    };
    window.addEventListener('unhandledrejection', unhandled);
    return () => window.removeEventListener('unhandledrejection', unhandled);
  }, [report]);
  return { error, report, dismiss: () => setError(undefined) };
}
