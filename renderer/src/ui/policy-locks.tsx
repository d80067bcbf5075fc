import type { ReactNode } from 'react';
import type { SavedServer } from '../../../main/ipc-channels';

/**
 * What the desktop app shows where the organisation's policy file (docs/deployment-desktop.md)
 * locks a setting: a lock and the words "Set by your organisation", in place of a control that
 * would only fail. Main refuses the same changes; this is so that nobody has to try to find out.
 */

/** A padlock, drawn rather than taken from an emoji font that many systems lack. Decorative. */
export function LockIcon() {
  return (
    <svg
      className="icon lock-icon"
      viewBox="0 0 20 20"
      width="1em"
      height="1em"
      aria-hidden="true"
      focusable="false"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      strokeLinecap="round"
    >
      <rect x="4" y="9" width="12" height="8.5" rx="1.5" />
      <path d="M6.8 9V6.5a3.2 3.2 0 0 1 6.4 0V9" />
    </svg>
  );
}

/** "🔒 Set by your organisation", and why when there is room to say it. */
export function LockNote(props: { children?: ReactNode; id?: string }) {
  return (
    <p className="policy-lock" id={props.id}>
      <LockIcon /> <strong>Set by your organisation</strong>
      {props.children && <>: {props.children}</>}
    </p>
  );
}

/** The hosting screen when the policy turns hosting off: why, and nothing to press. */
export function HostingLocked() {
  return (
    <main className="center-screen">
      <section className="card" aria-labelledby="hosting-locked-title">
        <h1 id="hosting-locked-title">Host a server</h1>
        <LockNote>
          hosting a Parley server on this computer is turned off by your organisation&apos;s Parley
          policy. Ask your IT team if you need it.
        </LockNote>
      </section>
    </main>
  );
}

/**
 * "Your servers", each with Remove, except a server the policy presets (or every one, while
 * the policy locks the list), which shows the lock instead.
 */
export function SavedServerList(props: {
  servers: SavedServer[];
  /** Servers the person may not remove, by URL. */
  fixed: (url: string) => boolean;
  onRemove: (url: string) => void;
}) {
  if (props.servers.length === 0) return null;
  return (
    <section aria-labelledby="saved-servers">
      <h2 id="saved-servers">Your servers</h2>
      <ul className="saved-servers">
        {props.servers.map((server) => (
          <li key={server.url}>
            <span>
              {server.name} <span className="mono muted">{server.url}</span>
            </span>
            {props.fixed(server.url) ? (
              <span className="policy-lock">
                <LockIcon /> Set by your organisation
              </span>
            ) : (
              <button type="button" onClick={() => props.onRemove(server.url)}>
                Remove<span className="visually-hidden"> {server.name}</span>
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The add-server screen while the policy locks the list: the servers, and why nothing else. */
export function ServersLocked(props: { servers: SavedServer[] }) {
  return (
    <main className="center-screen">
      <section className="card" aria-labelledby="servers-locked-title">
        <h1 id="servers-locked-title">Add a server</h1>
        <LockNote>
          your organisation&apos;s Parley policy does not allow adding or removing servers.
        </LockNote>
        <SavedServerList servers={props.servers} fixed={() => true} onRemove={() => undefined} />
      </section>
    </main>
  );
}
