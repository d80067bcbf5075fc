import { readFileSync, statSync } from 'node:fs';
import { posix, win32 } from 'node:path';
import type { z } from 'zod';
import { type LoadedPolicy, policySchema, policyState } from './policy-schema';
import { NO_POLICY } from './policy-state';

export type { LoadedPolicy };

/** A policy file bigger than this is refused unread: a real one is a few hundred bytes. */
export const POLICY_MAX_BYTES = 64 * 1024;

/**
 * Where the organisation's policy lives: a system-wide folder that only administrators can write.
 * There is deliberately no environment variable or command-line switch of ours to point it
 * elsewhere; tests call {@link loadPolicy} with a path of their own. (On Windows `%ProgramData%`
 * is read from the environment, as every Windows program does; see docs/deployment-desktop.md.)
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

/**
 * Reads the policy file once, at start. A missing file is no policy. A file that cannot be used
 * (unreadable, too big, not JSON, not valid) is logged and reported with what is wrong, and none
 * of it applies: it fails open (see docs/deployment-desktop.md for why). Never throws.
 */
export function loadPolicy(
  file: string,
  log: (message: string) => void = console.warn,
): LoadedPolicy {
  const broken = (what: string): LoadedPolicy => {
    const error = `${file} ${what}`;
    log(`policy: ${error}; no policy applies`);
    return { state: { ...NO_POLICY, file, error }, servers: [] };
  };
  let text: string;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) return broken('is not a file');
    if (stat.size > POLICY_MAX_BYTES)
      return broken(`is ${stat.size} bytes; a policy file may be ${POLICY_MAX_BYTES} at most`);
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { state: NO_POLICY, servers: [] };
    return broken(`could not be read (${code ?? String(error)})`);
  }
  // It may have grown between the two calls; and Windows editors like to start with a BOM.
  if (Buffer.byteLength(text) > POLICY_MAX_BYTES) return broken('grew past the size limit');
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch (error) {
    return broken(`is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const parsed = policySchema.safeParse(json);
  if (!parsed.success)
    return broken(`is not a valid policy: ${describeIssues(parsed.error.issues)}`);
  const servers = (parsed.data.servers ?? []).map(({ name, url, fingerprint }) => ({
    name,
    url,
    ...(fingerprint && { fingerprint }),
  }));
  return { state: policyState(file, parsed.data), servers };
}
