import { statSync } from 'node:fs';

/**
 * True when a file that must stay private (a secret, a key, a setup code) can be read by other
 * users. Windows reports 0o666 for every file whatever its ACL, so the mode says nothing there and
 * the check is skipped; the data dir's ACL is what protects it. `platform` is a parameter so that
 * both branches can be tested on any machine.
 */
export function readableByOthers(file: string, platform: NodeJS.Platform = process.platform) {
  return platform !== 'win32' && (statSync(file).mode & 0o077) !== 0;
}
