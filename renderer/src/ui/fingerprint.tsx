import type { ServerInspection } from '../../../main/ipc-channels';

/** "AB12 CD34 …": how people read a fingerprint aloud and compare it. */
export function groupFingerprint(hex: string): string {
  return (hex.toUpperCase().match(/.{1,4}/g) ?? []).join(' ');
}

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
  return (
    <section className="notice fingerprint-check" aria-labelledby="fp-title">
      <h2 id="fp-title">Check this server's certificate</h2>
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

/** A pinned server that now shows another certificate: nothing was sent, and we say why. */
export function InterceptionWarning(props: { url: string; pinned: string; presented: string }) {
  return (
    <section className="interception" role="alert" aria-labelledby="mitm-title">
      <h2 id="mitm-title">This server's certificate has changed</h2>
      <p>
        <span className="mono">{props.url}</span> presented a different certificate from the one
        Parley pinned for it. Someone on the network may be intercepting the connection. Nothing was
        sent: no password, no token.
      </p>
      <p>Pinned:</p>
      <Fingerprint hex={props.pinned} />
      <p>Presented now:</p>
      <Fingerprint hex={props.presented} />
      <p>
        If the host says they replaced their certificate, check the new fingerprint with them, then
        remove this server and add it again.
      </p>
    </section>
  );
}
