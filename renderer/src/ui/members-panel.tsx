import { useCallback, useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import type { MembersPage } from '../../../server/protocol';
import type { ChatClient } from '../lib/chat-client';
import type { RoomState } from '../lib/chat-state';
import { Avatar } from './avatar';
import { PersonButton } from './profile-card';
import { usePerson } from './use-people';
import { isAdmin } from '../lib/admin-rooms';
import { RemoveMemberButton } from './room-settings-remove';
import './members-panel.css';
import { useDomId } from './dom-ids';

type Member = MembersPage['members'][number];

/**
 * Everyone in a room, online ones first, page by page (`room:members`). Pages are merged by id,
 * as the protocol asks: a later page may repeat someone the first listed as online. While the
 * room's presence list is complete, who is online follows it live; in a big room (capped list)
 * each member keeps what their page said. Escape closes it; the opener returns focus.
 */
export function MembersPanel(props: { client: ChatClient; room: RoomState; onClose: () => void }) {
  const { client, room, onClose } = props;
  const roomId = room.room.id;
  const [members, setMembers] = useState<Map<number, Member>>(new Map());
  const [cursor, setCursor] = useState<number | null>(null);
  const [total, setTotal] = useState<number>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const titleId = useDomId('members-title');
  const panel = useRef<HTMLElement>(null);
  const top = useHeaderHeight(panel);

  const load = useCallback(
    async (after?: number) => {
      setBusy(true);
      const page = await client.members(roomId, after);
      setBusy(false);
      if (!page.ok) return setError(page.error.message);
      setError(undefined);
      setMembers((known) => {
        const merged = new Map(after === undefined ? [] : known);
        for (const member of page.members) merged.set(member.id, member);
        return merged;
      });
      setCursor(page.nextCursor);
      setTotal(page.total);
    },
    [client, roomId],
  );
  useEffect(() => {
    void load();
    heading.current?.focus();
  }, [load]);

  // Admins may remove members from rooms (not from direct conversations).
  const { me } = client.getState();
  const canRemove = isAdmin(me) && room.room.kind !== 'direct';
  const removed = (userId: number) => {
    setMembers((known) => {
      const kept = new Map(known);
      kept.delete(userId);
      return kept;
    });
    setTotal((count) => (count === undefined ? count : count - 1));
  };

  const live =
    room.online.length === room.onlineCount ? new Set(room.online.map((u) => u.id)) : undefined;
  const shown = [...members.values()]
    .map((m) => ({ ...m, online: live ? live.has(m.id) : m.online }))
    .sort((a, b) => Number(b.online) - Number(a.online) || a.id - b.id);

  return (
    <aside
      ref={panel}
      className="members-panel"
      style={{ top }}
      aria-labelledby={titleId}
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return;
        event.stopPropagation();
        onClose();
      }}
    >
      <header className="members-panel-header">
        <h2 id={titleId} ref={heading} tabIndex={-1}>
          Members{total !== undefined && ` (${total})`}
        </h2>
        <button type="button" aria-label="Close members" onClick={onClose}>
          ✕
        </button>
      </header>
      {error && (
        <p className="field-error small" role="alert">
          {error}
        </p>
      )}
      <ul className="members-list">
        {shown.map((member) => (
          <li key={member.id} className={member.online ? 'member online' : 'member'}>
            <span className={member.online ? 'online-dot' : 'offline-dot'} aria-hidden="true" />
            <Avatar user={member} />
            <MemberName client={client} member={member} />
            {member.online && <span className="visually-hidden">, online</span>}
            {canRemove && member.id !== me.id && (
              <RemoveMemberButton
                client={client}
                roomId={roomId}
                roomName={room.room.name}
                member={member}
                onRemoved={() => removed(member.id)}
              />
            )}
          </li>
        ))}
      </ul>
      {cursor !== null && (
        <button type="button" disabled={busy} onClick={() => void load(cursor)}>
          Load more
        </button>
      )}
    </aside>
  );
}

/** A member's current name (a button to their profile card) and @username, as the cache has it. */
function MemberName(props: { client: ChatClient; member: Member }) {
  const { user, profile } = usePerson(props.member);
  return (
    <>
      <PersonButton client={props.client} user={props.member} />{' '}
      {!profile?.deleted && <span className="muted small">@{user.username}</span>}
    </>
  );
}

/**
 * The panel sits over the room below its header (which stays usable: the Members button closes
 * it again), so it starts at the header's height, whatever wrapping makes of that.
 */
function useHeaderHeight(panel: RefObject<HTMLElement | null>): number {
  const [height, setHeight] = useState(0);
  useLayoutEffect(() => {
    const header = panel.current?.parentElement?.querySelector<HTMLElement>('.room-header');
    if (!header) return;
    const measure = () => setHeight(header.offsetHeight);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(header);
    return () => observer.disconnect();
  }, [panel]);
  return height;
}
