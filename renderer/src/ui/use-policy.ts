import { useEffect, useState } from 'react';
import type { DesktopApi } from '../../../main/desktop-api';
import type { PolicyState } from '../../../main/ipc-channels';

/** The banner's words for a policy file that main could not use (its error says where). */
export const brokenPolicyText = (error: string): string =>
  `Your organisation's Parley policy could not be applied: ${error}`;

/** The banner's words for a policy that applies but left something out (its notice says what). */
export const partialPolicyText = (notice: string): string =>
  `Part of your organisation's Parley policy was not applied: ${notice}`;

/**
 * The organisation's policy as main applied it, read once (main reads the file once, at start).
 * `loaded` is false until main has answered, so that the shell never shows a control unlocked
 * for a moment and then locks it. When the bridge itself fails, the failure is reported and the
 * app goes on with no locks, as main does with a broken file: main still enforces what it read.
 */
export function usePolicy(bridge: DesktopApi, report: (failure: unknown) => void) {
  /** undefined: not answered yet; null: the bridge failed. */
  const [policy, setPolicy] = useState<PolicyState | null>();
  const [dismissed, setDismissed] = useState(false);
  useEffect(() => {
    void bridge.getPolicy().then(setPolicy, (failure: unknown) => {
      setPolicy(null);
      report(failure);
    });
  }, [bridge, report]);
  return {
    loaded: policy !== undefined,
    policy: policy ?? undefined,
    locks: policy?.locks,
    /** The broken file's banner (an alert: nothing of the file applies), until dismissed. */
    problem: policy?.error && !dismissed ? brokenPolicyText(policy.error) : undefined,
    /**
     * A part left out of a policy that applies (a preset skipped for a saved certificate): said,
     * but not as an alarm, since the rest applies. Until dismissed.
     */
    notice:
      policy?.notice && !policy.error && !dismissed ? partialPolicyText(policy.notice) : undefined,
    dismiss: () => setDismissed(true),
  };
}
