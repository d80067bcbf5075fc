import unhomoglyph from 'unhomoglyph';
import type { SavedServer, ServerCheck } from './ipc-channels';
import { lookAlikeKeys } from '../server/shared/name-rules';
import { conflictMessage, pinConflict } from './tls/pins';

/**
 * True when a person could take one server name for the other: the server's own look-alike keys
 * (NFKC, invisible characters dropped, case folded, Unicode's confusables: "Guіld" with a
 * Cyrillic і, "GUILD"), as it compares room names.
 */
export function namesLookAlike(a: string, b: string): boolean {
  const [one, other] = [lookAlikeKeys(a, unhomoglyph), lookAlikeKeys(b, unhomoglyph)];
  return one.folded === other.folded || one.shape === other.shape;
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
