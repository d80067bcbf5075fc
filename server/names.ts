import { createRequire } from 'node:module';

/**
 * Names people choose and other people read: display names, room names, the server's name.
 * Two jobs: refuse characters that hide, reorder or fake text (a name must show what it says),
 * and give each name a look-alike key, so that names which merely look the same can be told.
 *
 * The character rule itself is in shared/name-rules.ts, which the desktop app and the web client
 * import too.
 */

import { lookAlikeKeys, type LookAlikeKeys } from './shared/name-rules.js';

export { nameProblem } from './shared/name-rules.js';

/**
 * The look-alike keys of a name; two names look alike when either key is equal.
 * - `folded`: the skeleton of the case-folded name, so case never matters: `general`, `GENERAL`,
 *   `ｇｅｎｅｒａｌ` and `gеneral` (Cyrillic е) share one.
 * - `shape`: the skeleton of the name as written, folded after: capital I looks like small l
 *   (`generaI`), which folding first would turn into an i. No single key can hold both, since
 *   i and l must stay apart.
 *
 * Keys are stored (rooms.name_key and rooms.shape_key): a change here needs a migration that
 * recomputes them.
 */
export function nameKeys(name: string): LookAlikeKeys {
  return lookAlikeKeys(name, skeleton);
}

let unhomoglyph: ((text: string) => string) | undefined;

/**
 * Loaded on first use, by name at run time (outside the CLI's bundle): loading it builds one
 * pattern of every confusable (~10 ms), which every start paid while most never name anything.
 */
function skeleton(text: string): string {
  unhomoglyph ??= createRequire(import.meta.url)('unhomoglyph') as (text: string) => string;
  return unhomoglyph(text);
}
