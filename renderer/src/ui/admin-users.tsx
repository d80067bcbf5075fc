import { useCallback, useEffect, useRef, useState } from 'react';
import type { AdminUser, User } from '../../../server/protocol';
import type { AdminApi } from '../lib/admin-api';
import { lastSeen, ROLE_WORDS, statusLine } from '../lib/admin-format';
import { shownName } from '../lib/names';
import { ErrorLine } from './admin-dialog';
import { UserActionButtons } from './admin-user-actions';
import { useDomId } from './dom-ids';

/** How long typing in the search box waits before it asks the server. */
const SEARCH_DELAY_MS = 250;

/**
 * The Users tab: every account, searched by username or display name, a page at a time, with
 * role, status, last seen and bans, and what `me` may do to each.
 */
export function AdminUsers(props: { api: AdminApi; me: User }) {
  const { api } = props;
  const [query, setQuery] = useState('');
  const [users, setUsers] = useState<AdminUser[]>([]);
  const [cursor, setCursor] = useState<number | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const searchId = useDomId('admin-user-search');
  // Each request's number: an answer to any but the latest is stale (a slower earlier search,
  // or a next page of a query since changed) and is dropped.
  const latest = useRef(0);

  const load = useCallback(
    async (search: string, after?: number) => {
      const asked = ++latest.current;
      setBusy(true);
      const page = await api.users({ query: search || undefined, after });
      if (asked !== latest.current) return;
      setBusy(false);
      if (!page.ok) return setError(page.error.message);
      setError(undefined);
      setUsers((known) => (after === undefined ? page.users : [...known, ...page.users]));
      setCursor(page.nextCursor);
      setLoaded(true);
    },
    [api],
  );
  useEffect(() => {
    const timer = setTimeout(() => void load(query.trim()), query ? SEARCH_DELAY_MS : 0);
    return () => clearTimeout(timer);
  }, [load, query]);
  // A rename, a new status or a role given by anyone shows at once; a ban is not broadcast
  // (the banned account's sessions just end), so it shows when the list is next loaded.
  useEffect(
    () =>
      api.listen((event) => {
        if (event.kind !== 'user') return;
        const { user } = event;
        setUsers((list) =>
          list.map((known) => (known.id === user.id ? { ...known, ...user } : known)),
        );
      }),
    [api],
  );
  /** An action's answer: the user as they are now, in place in the list. */
  const replace = (user: AdminUser) =>
    setUsers((list) => list.map((known) => (known.id === user.id ? user : known)));
  // Ownership moved: two rows changed (and what `me` may do to each), so the list is read again.
  const reload = () => void load(query.trim());

  return (
    <div className="admin-users">
      <label htmlFor={searchId}>Search users</label>
      <input
        id={searchId}
        type="search"
        value={query}
        placeholder="Username or display name"
        onChange={(event) => setQuery(event.target.value)}
      />
      <ErrorLine error={error} />
      {loaded && users.length === 0 && <p className="muted">Nobody matches.</p>}
      {users.length > 0 && (
        <table className="admin-table">
          <caption className="visually-hidden">Users</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Last seen</th>
              <th scope="col">Banned</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <tr key={user.id} data-username={user.username}>
                <th scope="row" className="admin-person">
                  <bdi>{shownName(user.displayName) || user.username}</bdi>{' '}
                  <span className="muted small">@{user.username}</span>
                  {statusLine(user) && (
                    <span className="small admin-status">
                      <bdi>{statusLine(user)}</bdi>
                    </span>
                  )}
                </th>
                <td>{ROLE_WORDS[user.role]}</td>
                <td>{lastSeen(user)}</td>
                <td>
                  {user.banned ? (
                    <>
                      <strong>Banned</strong>
                      {user.banReason && (
                        <span className="small admin-reason">
                          : <bdi>{user.banReason}</bdi>
                        </span>
                      )}
                    </>
                  ) : (
                    <span className="muted">No</span>
                  )}
                </td>
                <td>
                  <UserActionButtons
                    api={api}
                    me={props.me}
                    user={user}
                    onChanged={replace}
                    onTransferred={reload}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {cursor !== null && (
        <button type="button" disabled={busy} onClick={() => void load(query.trim(), cursor)}>
          Load more users
        </button>
      )}
    </div>
  );
}
