import unhomoglyph from 'unhomoglyph';
import type { SavedServer, ServerCheck } from './ipc-channels';
import { conflictMessage, pinConflict } from './tls/pins';

/**
 * What two names look like to a person: NFKC folds compatibility forms (full-width letters,
 * ligatures), then Unicode's confusables table maps lookalikes ("Guіld" with a Cyrillic і,
 * "GuIld" with a capital I) to one skeleton. Lower case is compared as well, so "guild" and
 * "Guild" count as the same name too.
 */
function skeletons(name: string): string[] {
  const folded = name.normalize('NFKC').trim().replace(/\s+/g, ' ');
  return [unhomoglyph(folded), unhomoglyph(folded.toLowerCase())];
}

/** True when a person could take one server name for the other. */
export function namesLookAlike(a: string, b: string): boolean {
  const [exactA, lowerA] = skeletons(a);
  const [exactB, lowerB] = skeletons(b);
  return exactA === exactB || lowerA === lowerB;
}

/**
 * The check before a server from an invite or an mDNS answer is offered to the person: refused
 * when it would pin a second certificate for its host, else what the confirmation should say.
 */
export function checkServer(servers: readonly SavedServer[], candidate: SavedServer): ServerCheck {
  const saved = servers.find((server) => server.url === candidate.url);
  const lookalikes = servers.filter(
    (server) => server.url !== candidate.url && namesLookAlike(server.name, candidate.name),
  );
  const conflict = pinConflict(servers, candidate);
  if (conflict?.kind === 'changed') {
    const { pin, presented } = conflict;
    return {
      mismatch: { pinned: pin.fingerprint, presented, pinnedBy: pin.url },
      saved,
      lookalikes,
    };
  }
  if (conflict) return { refused: conflictMessage(conflict), saved, lookalikes };
  return { saved, lookalikes };
}
