/**
 * Names that come from outside (a server's name in an invite) and text the OS shows for us
 * (notifications), by the server's own rule (server/shared/name-rules.ts).
 */
export { nameProblem, visibleName } from '../server/shared/name-rules';

/** Bidi controls: taken out of message text, where other format characters (joiners) are emoji. */
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** Message text as the OS may show it: without bidi controls, so nothing reorders it. */
export function visibleText(text: string): string {
  return text.replace(BIDI, '');
}
