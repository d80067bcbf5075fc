import type { SavedServer } from '../../../main/ipc-channels';
import { isUnencrypted } from '../lib/server-address';
import { SettingsIcon } from './app-settings';
import { countText } from './badges';
import { NOT_ENCRYPTED_HINT } from './not-encrypted';
import { LockIcon } from './policy-locks';

export type RailTarget = { kind: 'server'; url: string } | { kind: 'add' } | { kind: 'host' };

/** "1 mention or direct message", "3 mentions or direct messages". */
const badgeWords = (count: number): string =>
  `${count} ${count === 1 ? 'mention or direct message' : 'mentions or direct messages'}`;

/** Two letters that stand for a server in the rail. */
function initials(name: string): string {
  const words = name.trim().split(/\s+/);
  const letters = words.length > 1 ? `${words[0]?.[0]}${words[1]?.[0]}` : name.slice(0, 2);
  return letters.toUpperCase();
}

/**
 * The column of servers at the far left (as in Mattermost and Rocket.Chat), each with a red badge
 * counting what asks for attention there: mentions of this user and unread direct messages, the
 * same number the dock or taskbar badge adds up (ordinary room messages show only in the sidebar).
 * A server reached over plain http from another computer keeps a "not encrypted" mark: an icon
 * on the button, and the words in its name and tooltip.
 */
export function ServerRail(props: {
  servers: SavedServer[];
  /** By server URL: mentions and unread direct messages (ChatState's `badgeCount`). */
  badges: Record<string, number>;
  active: RailTarget;
  hosting: boolean;
  /**
   * What the organisation's policy locks: the button still leads to its screen, which says so,
   * and carries a lock.
   */
  locks?: { servers: boolean; hosting: boolean };
  onSelect: (target: RailTarget) => void;
  /** Opens the desktop Settings dialog (its button sits at the foot of the rail). */
  onSettings?: () => void;
}) {
  const lockedAdd = props.locks?.servers === true;
  const lockedHost = props.locks?.hosting === true;
  const is = (target: RailTarget) =>
    props.active.kind === target.kind &&
    (target.kind !== 'server' ||
      (props.active.kind === 'server' && props.active.url === target.url));
  return (
    <nav className="server-rail" aria-label="Servers">
      <ul>
        {props.servers.map((server) => {
          const badge = props.badges[server.url] ?? 0;
          const target = { kind: 'server', url: server.url } as const;
          const plain = isUnencrypted(server.url);
          return (
            <li key={server.url}>
              <button
                type="button"
                className="rail-button"
                aria-current={is(target) ? 'page' : undefined}
                aria-label={`${server.name}${plain ? ', not encrypted' : ''}${badge > 0 ? `, ${badgeWords(badge)}` : ''}`}
                title={`${server.name} · ${server.url}${plain ? `\n${NOT_ENCRYPTED_HINT}` : ''}`}
                onClick={() => props.onSelect(target)}
              >
                {initials(server.name)}
                {plain && (
                  <span className="rail-insecure" aria-hidden="true">
                    ⚠
                  </span>
                )}
                {badge > 0 && (
                  <span className="rail-unread" aria-hidden="true">
                    {countText(badge)}
                  </span>
                )}
              </button>
            </li>
          );
        })}
      </ul>
      <button
        type="button"
        className="rail-button"
        aria-current={is({ kind: 'add' }) ? 'page' : undefined}
        aria-label={lockedAdd ? 'Add a server (set by your organisation)' : 'Add a server'}
        title={lockedAdd ? 'Add a server: set by your organisation' : 'Add a server'}
        onClick={() => props.onSelect({ kind: 'add' })}
      >
        +{lockedAdd && <RailLock />}
      </button>
      <button
        type="button"
        className={props.hosting ? 'rail-button rail-hosting' : 'rail-button'}
        aria-current={is({ kind: 'host' }) ? 'page' : undefined}
        aria-label={hostLabel(props.hosting, lockedHost)}
        title={hostLabel(props.hosting, lockedHost).replace(/ \((.*)\)$/, ': $1')}
        onClick={() => props.onSelect({ kind: 'host' })}
      >
        ⌂{lockedHost && <RailLock />}
      </button>
      {props.onSettings && (
        <button
          type="button"
          className="rail-button rail-settings"
          aria-label="Settings"
          aria-haspopup="dialog"
          title="Settings"
          onClick={props.onSettings}
        >
          <SettingsIcon />
        </button>
      )}
    </nav>
  );
}

const hostLabel = (running: boolean, locked: boolean): string =>
  locked
    ? 'Host a server (turned off by your organisation)'
    : running
      ? 'Hosting (running)'
      : 'Host a server';

/** The lock on a rail button, where the unread badge would sit on a server. */
const RailLock = () => (
  <span className="rail-lock" aria-hidden="true">
    <LockIcon />
  </span>
);
