import type { SearchHit, User } from '../../../server/protocol';
import type { ChatState } from '../lib/chat-state';
import { dayLabel, timeLabel } from '../lib/format';
import { shownName } from '../lib/names';
import type { SearchView } from '../lib/search';
import { excerpt, groupByRoom, highlightParts } from '../lib/search-hits';
import { queryFilters } from '../lib/search-query';
import { roomTitle } from './room-title';

/**
 * The results of a search, grouped by room (each under the room's name), best first: author,
 * time and the text with the matches marked. The text is shown as plain text cut at the
 * server's ranges, never as HTML or Markdown, so a message cannot inject markup here. Then
 * "Load more", and the loading, error and "no results" states; the last offers to search
 * again without each filter of the query, and names the filters that matched nothing.
 */
export function SearchResultList(props: {
  view: SearchView;
  state: ChatState;
  onOpen: (hit: SearchHit) => void;
  onMore: () => void;
  onWithout: (filter: string) => void;
}) {
  const { view, state } = props;
  // A message deleted since the search ran is not offered (the server no longer finds it).
  const hits = view.hits.filter((hit) => {
    const held = state.rooms[hit.message.roomId]?.messages.find((m) => m.id === hit.message.id);
    return held?.deletedAt === undefined;
  });
  const count = `${hits.length}${view.nextCursor ? '+' : ''}`;
  const status =
    view.status === 'loading'
      ? `Searching for “${view.query}”…`
      : view.status === 'done'
        ? `${count} ${hits.length === 1 && !view.nextCursor ? 'result' : 'results'} for “${view.query}”`
        : '';
  return (
    <div className="search-results">
      <p className="muted small search-status" role="status">
        {status}
      </p>
      {view.status === 'error' && (
        <p className="field-error" role="alert">
          {view.error}
        </p>
      )}
      {view.unknownFilters.length > 0 && (
        <ul className="search-unknown">
          {view.unknownFilters.map((filter) => (
            <li key={filter}>
              No such room or person: <code>{filter}</code>{' '}
              <button type="button" onClick={() => props.onWithout(filter)}>
                Search without {filter}
              </button>
            </li>
          ))}
        </ul>
      )}
      {view.status === 'done' && hits.length === 0 && (
        <NoResults query={view.query} unknown={view.unknownFilters} onWithout={props.onWithout} />
      )}
      {groupByRoom(hits).map(({ roomId, hits: roomHits }) => {
        const room = state.rooms[roomId];
        const title = room ? roomTitle(room.room, state.me.id) : 'A room you left';
        return (
          <section key={roomId} className="search-room" aria-label={title}>
            <h3 className="search-room-title">{title}</h3>
            <ul className="search-hits">
              {roomHits.map((hit) => (
                <li key={hit.message.id}>
                  <HitButton hit={hit} me={state.me} onOpen={props.onOpen} />
                </li>
              ))}
            </ul>
          </section>
        );
      })}
      {view.nextCursor && view.status === 'done' && (
        <button
          type="button"
          className="search-more"
          disabled={view.loadingMore}
          onClick={props.onMore}
        >
          {view.loadingMore ? 'Loading…' : 'Load more results'}
        </button>
      )}
      {view.status === 'done' && view.error && (
        <p className="field-error small" role="alert">
          {view.error}
        </p>
      )}
    </div>
  );
}

/** One result: pressing it opens the room at the message. */
function HitButton(props: { hit: SearchHit; me: User; onOpen: (hit: SearchHit) => void }) {
  const { message } = props.hit;
  const shown = excerpt(message.text, props.hit.highlights);
  const files = message.attachments?.length ?? 0;
  return (
    <button type="button" className="search-hit" onClick={() => props.onOpen(props.hit)}>
      <span className="search-hit-header">
        <bdi className="author">
          {shownName(message.author.displayName) || message.author.username}
        </bdi>{' '}
        <span className="muted small">@{message.author.username}</span>{' '}
        <time className="muted small" dateTime={new Date(message.createdAt).toISOString()}>
          {dayLabel(message.createdAt)}, {timeLabel(message.createdAt)}
        </time>
      </span>
      <span className="search-hit-text">
        {highlightParts(shown.text, shown.ranges).map((part, i) =>
          part.mark ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>,
        )}
        {files > 0 && (
          <span className="muted small"> ({files === 1 ? '1 file' : `${files} files`})</span>
        )}
      </span>
    </button>
  );
}

/** Nothing found: the filters of the query, each with a button to search without it. */
function NoResults(props: {
  query: string;
  unknown: string[];
  onWithout: (filter: string) => void;
}) {
  const filters = queryFilters(props.query).filter((f) => !props.unknown.includes(f));
  return (
    <div className="search-empty">
      <p>
        No messages match <q>{props.query}</q>.
      </p>
      {filters.length > 0 && (
        <>
          <p className="muted small">Try removing a filter:</p>
          <ul className="search-filters">
            {filters.map((filter) => (
              <li key={filter}>
                <button type="button" onClick={() => props.onWithout(filter)}>
                  Remove {filter}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
