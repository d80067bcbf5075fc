import { isUnencrypted } from '../lib/server-address';

/** What the mark means, for its tooltip and for the rail's accessible name. */
export const NOT_ENCRYPTED_HINT =
  'Not encrypted: this server is reached over plain HTTP, so anyone on the network in between ' +
  'can read your password and messages.';

/**
 * "Not encrypted", shown for as long as a server is reached over plain http from another
 * computer: in words (and an icon), never by colour alone. Nothing for https or loopback.
 */
export function NotEncryptedMark(props: { url: string }) {
  if (!isUnencrypted(props.url)) return null;
  return (
    <span className="not-encrypted" title={NOT_ENCRYPTED_HINT}>
      <span aria-hidden="true">⚠ </span>Not encrypted
    </span>
  );
}
