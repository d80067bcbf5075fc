import type { SavedServer } from '../../../main/ipc-channels';
import { isUnencrypted } from '../lib/server-address';
import { countText } from './badges';
import { NOT_ENCRYPTED_HINT } from './not-encrypted';

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
  onSelect: (target: RailTarget) => void;
}) {
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
        aria-label="Add a server"
        title="Add a server"
        onClick={() => props.onSelect({ kind: 'add' })}
      >
        +
      </button>
      <button
        type="button"
        className={props.hosting ? 'rail-button rail-hosting' : 'rail-button'}
        aria-current={is({ kind: 'host' }) ? 'page' : undefined}
        aria-label={props.hosting ? 'Hosting (running)' : 'Host a server'}
        title={props.hosting ? 'Hosting: running' : 'Host a server'}
        onClick={() => props.onSelect({ kind: 'host' })}
      >
        ⌂
      </button>
    </nav>
  );
}
