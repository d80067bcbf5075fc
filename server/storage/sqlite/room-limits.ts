import type { Database } from 'better-sqlite3';

/**
 * Migration: what keeps one account from flooding others with rooms and invitations.
 * - `rooms.member_count`, kept by triggers in the very statement that changes `members`, so
 *   that listing rooms counts nothing and the count cannot drift from the members;
 * - `rooms.created_by`, for the per-user room quota (unknown for rooms made before this);
 * - room names unique server-wide only among public rooms: a private room's name is checked
 *   against the rooms its creator can see, so that nobody learns it by trying to take it;
 * - `user_actions`, the last hour of rate-limited actions (rooms created, invitations sent);
 * - `room_invitations`, offers waiting for the invitee; `blocks`, who blocked whom.
 */
export function addRoomLimits(db: Database): void {
  db.exec(`
    ALTER TABLE rooms ADD COLUMN member_count INTEGER NOT NULL DEFAULT 0;
    UPDATE rooms SET member_count = (SELECT COUNT(*) FROM members m WHERE m.room_id = rooms.id);
    CREATE TRIGGER members_counted AFTER INSERT ON members BEGIN
      UPDATE rooms SET member_count = member_count + 1 WHERE id = NEW.room_id;
    END;
    CREATE TRIGGER members_uncounted AFTER DELETE ON members BEGIN
      UPDATE rooms SET member_count = member_count - 1 WHERE id = OLD.room_id;
    END;

    ALTER TABLE rooms ADD COLUMN created_by INTEGER REFERENCES users(id);
    CREATE INDEX rooms_by_creator ON rooms(created_by) WHERE created_by IS NOT NULL;
    CREATE INDEX rooms_by_kind ON rooms(kind, id);
    DROP INDEX rooms_by_name;
    CREATE UNIQUE INDEX rooms_public_by_name ON rooms(name COLLATE NOCASE) WHERE kind = 'public';

    CREATE TABLE user_actions (
      user_id INTEGER NOT NULL REFERENCES users(id),
      action TEXT NOT NULL CHECK (action IN ('room', 'invite')),
      at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX user_actions_by_user ON user_actions(user_id, action, at);

    CREATE TABLE room_invitations (
      invitee_id INTEGER NOT NULL REFERENCES users(id),
      room_id INTEGER NOT NULL REFERENCES rooms(id),
      inviter_id INTEGER NOT NULL REFERENCES users(id),
      created_at INTEGER NOT NULL,
      PRIMARY KEY (invitee_id, room_id)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX room_invitations_by_room ON room_invitations(room_id);
    CREATE INDEX room_invitations_by_inviter ON room_invitations(inviter_id);

    CREATE TABLE blocks (
      blocker_id INTEGER NOT NULL REFERENCES users(id),
      blocked_id INTEGER NOT NULL REFERENCES users(id),
      created_at INTEGER NOT NULL,
      PRIMARY KEY (blocker_id, blocked_id)
    ) STRICT, WITHOUT ROWID;
  `);
}
