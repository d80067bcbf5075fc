import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { SearchHit, UserRef } from '../../../server/protocol';
import type { ChatClient } from '../lib/chat-client';
import type { ChatState } from '../lib/chat-state';
import type { SearchResults } from '../lib/search';
import type { CompletionSources } from '../lib/search-complete';
import { withoutFilter } from '../lib/search-query';
import { useComposerIds, useDomId } from './dom-ids';
import { SearchBox } from './search-box';
import { SearchResultList } from './search-results';
import './search-panel.css';

/**
 * Search, in the side panel where a thread shows (as in Slack): the search field with its
 * filter completions, then the results grouped by room. A result opens its room at the message
 * (ChatClient.timeline), with the panel left open to try the next one. The close button and
 * Escape close it, and the focus goes back to where it was when the panel was opened.
 * `focusRequest` changes whenever the field should take the focus again (Ctrl+K while open).
 */
export function SearchPanel(props: {
  client: ChatClient;
  state: ChatState;
  results: SearchResults;
  focusRequest: number;
  onClose: () => void;
}) {
  const { client, state, results } = props;
  const view = useSyncExternalStore(results.subscribe, results.get);
  const [text, setText] = useState(view.query);
  const [jumpError, setJumpError] = useState('');
  const input = useRef<HTMLInputElement>(null);
  // Taken on the first render, before the field takes the focus.
  const [returnTo] = useState(() => document.activeElement);
  const members = useMembers(client, state.activeRoomId);

  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, [props.focusRequest]);

  const composer = useComposerIds().room;
  const titleId = useDomId('search-title');
  const close = () => {
    props.onClose();
    const back =
      returnTo instanceof HTMLElement && returnTo.isConnected && returnTo !== document.body
        ? returnTo
        : document.getElementById(composer);
    back?.focus();
  };

  const search = (query: string) => {
    setText(query);
    setJumpError('');
    void results.search(query);
  };

  const open = async (hit: SearchHit) => {
    const { message } = hit;
    setJumpError('');
    client.selectRoom(message.roomId);
    // A reply kept in its thread is not in the room: the room opens at its root, and the thread.
    const root = message.alsoToRoom ? undefined : message.threadId;
    const answer = await client.timeline.openAt(message.roomId, root ?? message.id);
    if (!answer.ok) return setJumpError(`Could not open the message: ${answer.error.message}`);
    if (root !== undefined) void client.openThread(message.roomId, root);
  };

  const sources = (): CompletionSources => {
    const now = client.getState();
    const rooms = Object.values(now.rooms).filter((r) => r.room.joined);
    const seen = rooms.flatMap((r) => [
      ...(r.room.members ?? []),
      ...r.online,
      ...r.messages.map((m) => m.author),
    ]);
    return {
      people: [...members, now.me, ...seen],
      rooms: rooms.filter((r) => r.room.kind !== 'direct').map((r) => r.room.name),
      today: new Date(),
    };
  };

  return (
    <aside
      className="search-panel"
      aria-labelledby={titleId}
      onKeyDown={(event) => {
        if (event.key !== 'Escape' || event.defaultPrevented) return;
        event.preventDefault();
        close();
      }}
    >
      <header className="thread-header">
        <h2 id={titleId}>Search</h2>
        <button type="button" className="icon-button" aria-label="Close search" onClick={close}>
          <span aria-hidden="true">×</span>
        </button>
      </header>
      <SearchBox
        value={text}
        onChange={setText}
        onSearch={search}
        sources={sources}
        inputRef={input}
      />
      {jumpError && (
        <p className="field-error small search-jump-error" role="alert">
          {jumpError}
        </p>
      )}
      <SearchResultList
        view={view}
        state={state}
        onOpen={(hit) => void open(hit)}
        onMore={() => void results.more()}
        onWithout={(filter) => search(withoutFilter(view.query, filter))}
      />
    </aside>
  );
}

/** The members of the room in view (the server's first page), for `from:@` completions. */
function useMembers(client: ChatClient, roomId: number | null): UserRef[] {
  const [members, setMembers] = useState<UserRef[]>([]);
  useEffect(() => {
    if (roomId === null) return;
    let live = true;
    void client.members(roomId).then((answer) => {
      // Without them, completion offers the people the client has seen.
      if (live && answer.ok) setMembers(answer.members);
    });
    return () => {
      live = false;
    };
  }, [client, roomId]);
  return members;
}
