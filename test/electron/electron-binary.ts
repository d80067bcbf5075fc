import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const PACKAGE = 'node_modules/electron';

/**
 * The Electron executable, if one is installed; never downloads. (Requiring the `electron` package
 * would try to download it, which cannot succeed on the project's machines.)
 */
export function electronBinary(): { path?: string; reason: string } {
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const pathFile = join(PACKAGE, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  const path = override
    ? join(override, relative ?? 'electron')
    : relative && join(PACKAGE, 'dist', relative);
  if (path && existsSync(path)) return { path, reason: `Electron binary at ${path}` };
  return {
    reason:
      'No Electron binary on this machine: the electron package downloads it on first use, and ' +
      'this machine cannot reach its download host. Run `npx install-electron` (or set ' +
      'ELECTRON_OVERRIDE_DIST_PATH) where the download works, then run this test.',
  };
}
