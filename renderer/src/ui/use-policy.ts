import { useEffect, useState } from 'react';
import type { DesktopApi } from '../../../main/desktop-api';
import type { PolicyState } from '../../../main/ipc-channels';

/** The banner's words for a policy file that main could not use (its error says where). */
export const brokenPolicyText = (error: string): string =>
  `Your organisation's Parley policy could not be applied: ${error}`;

/** The banner's words for a policy that applies but left something out (its notice says what). */
export const partialPolicyText = (notice: string): string =>
  `Part of your organisation's Parley policy was not applied: ${notice}`;

/** What is wrong with the policy file, if anything: a broken file, else a part left out. */
function policyProblem(policy: PolicyState | null | undefined): string | undefined {
  if (policy?.error) return brokenPolicyText(policy.error);
  return policy?.notice ? partialPolicyText(policy.notice) : undefined;
}

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
    /** The banner for a broken file or a part left out, until dismissed. */
    problem: dismissed ? undefined : policyProblem(policy),
    dismiss: () => setDismissed(true),
  };
}
