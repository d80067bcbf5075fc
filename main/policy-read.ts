import {
  closeSync,
  constants,
  fstatSync,
  openSync,
  readSync,
  realpathSync,
  type Stats,
  statSync,
} from 'node:fs';
import { dirname } from 'node:path';

/*
 * Reading the organisation's policy file safely: only a regular file, only so many bytes, and on
 * Linux and macOS only one that nobody but root can have written. Parsing it is policy.ts.
 */

/** A policy file bigger than this is refused unread: a real one is a few hundred bytes. */
export const POLICY_MAX_BYTES = 64 * 1024;

/** Who must have written the file: checked on Linux and macOS (Windows: docs/deployment-desktop.md). */
export interface PolicyTrust {
  platform: NodeJS.Platform;
  /** The uid that must own the file and its folder: root (0). Unprivileged tests pass their own. */
  ownerUid: number;
}

/** The file's text; or it is not there (no policy); or why it cannot be used, after its path. */
export type PolicyText = { text: string } | { missing: true } | { problem: string };

const MUST = 'a policy file and its folder must be owned by root and writable by root only';

/** Why a file or folder that someone other than root may have written is not trusted. */
function distrust(stats: Stats, trust: PolicyTrust, where: string): string | undefined {
  const owner = trust.ownerUid === 0 ? 'root' : `uid ${trust.ownerUid}`;
  if (stats.uid !== trust.ownerUid)
    return `${where} owned by uid ${stats.uid}, not by ${owner}: ${MUST}`;
  // Group- or world-writable, sticky or not: /tmp is no place for a policy either.
  if ((stats.mode & 0o022) !== 0)
    return `${where} writable by others than its owner (mode ${(stats.mode & 0o777).toString(8)}): ${MUST}`;
  return undefined;
}

/** The file (as opened) and the folders that hold its name and its target must be root's alone. */
function ownershipProblem(file: string, stats: Stats, trust: PolicyTrust): string | undefined {
  // Windows has no uid or mode bits to speak of: there the admin sets the folder's ACL.
  if (trust.platform === 'win32') return undefined;
  const folders = new Set([dirname(file), dirname(realpathSync(file))]);
  return (
    distrust(stats, trust, 'is') ??
    [...folders]
      .map((folder) => distrust(statSync(folder), trust, `is in ${folder}, which is`))
      .find(Boolean)
  );
}

/**
 * Reads the policy file through one descriptor, so that what is checked is what is read: opened
 * without waiting (a FIFO would block the start), checked with `fstat` (a regular file only, even
 * through a symbolic link: no device, FIFO or folder), then read up to one byte past the limit,
 * since a file can grow after `fstat` and a `/proc` file reports a size of 0. Never throws.
 */
export function readPolicyText(file: string, trust: PolicyTrust): PolicyText {
  let fd: number;
  try {
    // The real platform, not the trusted one: Windows has no O_NONBLOCK (and no FIFOs as files).
    const nonBlocking = process.platform === 'win32' ? 0 : constants.O_NONBLOCK;
    fd = openSync(file, constants.O_RDONLY | nonBlocking);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { missing: true };
    return { problem: `could not be read (${code ?? String(error)})` };
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return { problem: 'is not a regular file' };
    const untrusted = ownershipProblem(file, stats, trust);
    if (untrusted) return { problem: untrusted };
    if (stats.size > POLICY_MAX_BYTES)
      return {
        problem: `is ${stats.size} bytes; a policy file may be ${POLICY_MAX_BYTES} at most`,
      };
    const buffer = Buffer.alloc(POLICY_MAX_BYTES + 1);
    let length = 0;
    for (let got = -1; got !== 0 && length < buffer.length; length += got)
      got = readSync(fd, buffer, length, buffer.length - length, null);
    if (length > POLICY_MAX_BYTES)
      return { problem: `is over ${POLICY_MAX_BYTES} bytes, the most a policy file may be` };
    return { text: buffer.toString('utf8', 0, length) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { problem: `could not be read (${code ?? String(error)})` };
  } finally {
    closeSync(fd);
  }
}
