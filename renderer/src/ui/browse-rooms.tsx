import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { RoomListing } from '../../../server/protocol';
import type { ChatClient } from '../lib/chat-client';
import { Modal } from './modal';
import { useDomId } from './dom-ids';

/**
 * Public rooms this user is not in, a page at a time ("Load more"), with a search by name. A
 * server may hold tens of thousands of rooms: the list is never fetched whole.
 */
export function BrowseRoomsDialog(props: { client: ChatClient; onClose: () => void }) {
  const { client } = props;
  const [rooms, setRooms] = useState<RoomListing[] | undefined>();
  const [cursor, setCursor] = useState<number | null>(null);
  const [query, setQuery] = useState('');
  const [searched, setSearched] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const queryId = useDomId('browse-query');

  const load = useCallback(
    async (after: number | undefined, search: string) => {
      setBusy(true);
      setError(undefined);
      const page = await client.browseRooms(after, search || undefined);
      setBusy(false);
      if (!page) return setError('The server did not answer. Try again.');
      setRooms((shown) => (after === undefined ? page.rooms : [...(shown ?? []), ...page.rooms]));
      setCursor(page.nextCursor);
    },
    [client],
  );
  useEffect(() => void load(undefined, ''), [load]);

  const search = (event: FormEvent) => {
    event.preventDefault();
    setSearched(query.trim());
    void load(undefined, query.trim());
  };
  const join = async (roomId: number) => {
    const result = await client.joinRoom(roomId);
    if (result.ok) props.onClose();
    else setError(result.error.message);
  };

  return (
    <Modal title="Browse rooms" onClose={props.onClose}>
      <form className="browse-search" role="search" onSubmit={search}>
        <label htmlFor={queryId}>Search rooms</label>
        <input
          id={queryId}
          type="search"
          maxLength={64}
          value={query}
          onChange={(event) => setQuery(event.target.value)}
        />
        <button type="submit" disabled={busy}>
          Search
        </button>
      </form>
      {!rooms && !error && <p aria-busy="true">Loading…</p>}
      {rooms?.length === 0 && (
        <p className="muted">
          {searched
            ? 'No public room you are not in has that in its name.'
            : 'You are in every public room already.'}
        </p>
      )}
      <ul className="browse-list" aria-label="Public rooms">
        {rooms?.map((room) => (
          <li key={room.id}>
            <span>
              #{room.name}{' '}
              <span className="muted small">
                {room.memberCount} {room.memberCount === 1 ? 'member' : 'members'}
              </span>
            </span>
            <button
              type="button"
              aria-label={`Join #${room.name}`}
              onClick={() => void join(room.id)}
            >
              Join
            </button>
          </li>
        ))}
      </ul>
      {cursor !== null && (
        <button type="button" disabled={busy} onClick={() => void load(cursor, searched)}>
          Load more
        </button>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="modal-buttons">
        <button type="button" onClick={props.onClose}>
          Close
        </button>
      </div>
    </Modal>
  );
}
