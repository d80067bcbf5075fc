import type { ServerInspection } from '../../../main/ipc-channels';
import { groupFingerprint } from '../../../server/shared/fingerprint';
import { useDomId } from './dom-ids';

export function Fingerprint(props: { hex: string }) {
  return <code className="fingerprint">{groupFingerprint(props.hex)}</code>;
}

/** Trust on first use: the person compares the fingerprint with the host's before anything is sent. */
export function FingerprintCheck(props: {
  inspection: ServerInspection & { fingerprint: string };
  onTrust: () => void;
  onCancel: () => void;
}) {
  const { inspection } = props;
  const titleId = useDomId('fp-title');
  return (
    <section className="notice fingerprint-check" aria-labelledby={titleId}>
      <h2 id={titleId}>Check this server's certificate</h2>
      <p>
        <span className="mono">{inspection.url}</span> uses a certificate that no authority vouches
        for, as servers hosted on a LAN do. Ask the host to read out the fingerprint shown on their
        hosting screen, and compare every group:
      </p>
      <Fingerprint hex={inspection.fingerprint} />
      <p>Parley will remember it and refuse this server if it ever changes.</p>
      <div className="modal-buttons">
        <button type="button" className="primary" onClick={props.onTrust}>
          They match: trust and add
        </button>
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </section>
  );
}

/**
 * A typed address that answers over plain http only, on another computer: said before it is
 * added (and marked "Not encrypted" for as long as it stays).
 */
export function PlainHttpCheck(props: { url: string; onAccept: () => void; onCancel: () => void }) {
  const titleId = useDomId('plain-title');
  return (
    <section className="notice fingerprint-check" aria-labelledby={titleId}>
      <h2 id={titleId}>This server is not encrypted</h2>
      <p>
        <span className="mono">{props.url}</span> does not answer over https, only over plain HTTP.
        Anyone on the network in between could read your password and messages, or change them.
      </p>
      <p>Use it only on a network you trust, or ask its host to serve it over https.</p>
      <div className="modal-buttons">
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
        <button type="button" className="primary" onClick={props.onAccept}>
          Add it anyway
        </button>
      </div>
    </section>
  );
}

/**
 * A pinned host that shows another certificate: nothing was sent, and we say why. The pin may
 * have been saved for another port of the same host (`pinnedBy`): it holds for all of them.
 */
export function InterceptionWarning(props: {
  url: string;
  pinned: string;
  presented: string;
  pinnedBy?: string;
  /** Where the other certificate came from when not from the server itself ("This invite"). */
  via?: string;
  onDismiss?: () => void;
}) {
  const elsewhere = props.pinnedBy !== undefined && props.pinnedBy !== props.url;
  const url = <span className="mono">{props.url}</span>;
  const titleId = useDomId('mitm-title');
  return (
    <section className="interception" role="alert" aria-labelledby={titleId}>
      <h2 id={titleId}>This server's certificate has changed</h2>
      <p>
        {props.via ? (
          <>
            {props.via} gives {url} a different certificate
          </>
        ) : (
          <>{url} presented a different certificate</>
        )}{' '}
        from the one Parley pinned for {elsewhere ? 'its computer' : 'it'}. Someone may be
        impersonating it. Nothing was sent: no password, no token.
      </p>
      {elsewhere && (
        <p>
          The pin was saved with <span className="mono">{props.pinnedBy}</span>, and holds for every
          port of <span className="mono">{new URL(props.url).hostname}</span>.
        </p>
      )}
      <p>Pinned:</p>
      <Fingerprint hex={props.pinned} />
      <p>{props.via ? 'In the invite:' : 'Presented now:'}</p>
      <Fingerprint hex={props.presented} />
      <p>
        If the host says they replaced their certificate, check the new fingerprint with them, then
        remove {elsewhere ? 'that server' : 'this server'} and add it again.
      </p>
      {props.onDismiss && (
        <button type="button" onClick={props.onDismiss}>
          Dismiss
        </button>
      )}
    </section>
  );
}
