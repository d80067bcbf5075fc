import { posix, win32 } from 'node:path';
import type { z } from 'zod';
import { POLICY_MAX_BYTES, type PolicyTrust, readPolicyText } from './policy-read';
import { type LoadedPolicy, policySchema, policyState } from './policy-schema';
import { NO_POLICY } from './policy-state';

export type { LoadedPolicy };
export { POLICY_MAX_BYTES };

/**
 * Where the organisation's policy lives: a system-wide folder that only administrators can write.
 * There is deliberately no environment variable or command-line switch of ours to point it
 * elsewhere; tests call {@link loadPolicy} with a path of their own. On Windows `%ProgramData%`
 * is read from the environment, as every Windows program does: changing it changes only the
 * person's own Parley, which they could as well run without a policy (docs/deployment-desktop.md).
 */
export function policyPath(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string {
  if (platform === 'win32')
    return win32.join(env.ProgramData || 'C:\\ProgramData', 'Parley', 'policy.json');
  if (platform === 'darwin')
    return posix.join('/Library/Application Support/Parley', 'policy.json');
  return '/etc/parley/policy.json';
}

/** `servers[0].url: …; allowHostng: …`: where in the file, then what is wrong there. */
function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const said = issues.slice(0, 3).map((issue) => {
    const where = issue.path
      .map((key, index) =>
        typeof key === 'number' ? `[${key}]` : `${index ? '.' : ''}${String(key)}`,
      )
      .join('');
    return `${where || 'top level'}: ${issue.message}`;
  });
  if (issues.length > 3) said.push(`and ${issues.length - 3} more`);
  return said.join('; ');
}

/** How {@link loadPolicy} reads: where it logs, and whose file it trusts (root's, by default). */
export interface LoadOptions extends Partial<PolicyTrust> {
  log?: (message: string) => void;
}

/** A file that exists but cannot be used: logged, reported with what is wrong, none of it applied. */
export function brokenPolicy(file: string, what: string, log: (m: string) => void): LoadedPolicy {
  const error = `${file} ${what}`;
  log(`policy: ${error}; no policy applies`);
  return { state: { ...NO_POLICY, file, error }, servers: [] };
}

/**
 * Reads the policy file once, at start. A missing file is no policy. A file that cannot be used
 * (unreadable, not a regular file, writable by others than root on Linux and macOS, too big, not
 * JSON, not valid) is logged and reported with what is wrong, and none of it applies: it fails
 * open (see docs/deployment-desktop.md for why). Never throws: a start must never fail on it.
 */
export function loadPolicy(file: string, options: LoadOptions = {}): LoadedPolicy {
  const { log = console.warn, platform = process.platform, ownerUid = 0 } = options;
  try {
    const read = readPolicyText(file, { platform, ownerUid });
    if ('missing' in read) return { state: NO_POLICY, servers: [] };
    if ('problem' in read) return brokenPolicy(file, read.problem, log);
    let json: unknown;
    try {
      // Windows editors like to start with a byte-order mark.
      json = JSON.parse(read.text.replace(/^\uFEFF/, '')) as unknown;
    } catch (error) {
      return brokenPolicy(file, `is not valid JSON (${errorText(error)})`, log);
    }
    const parsed = policySchema.safeParse(json);
    if (!parsed.success)
      return brokenPolicy(
        file,
        `is not a valid policy: ${describeIssues(parsed.error.issues)}`,
        log,
      );
    const servers = (parsed.data.servers ?? []).map(({ name, url, fingerprint }) => ({
      name,
      url,
      ...(fingerprint && { fingerprint }),
    }));
    return { state: policyState(file, parsed.data), servers };
  } catch (error) {
    // A bug of ours, not the admin's: still a reported broken file, never a failed start.
    return brokenPolicy(file, `could not be applied (${errorText(error)})`, log);
  }
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));
