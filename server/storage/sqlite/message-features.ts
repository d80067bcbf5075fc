import type { Database } from 'better-sqlite3';

/**
 * Migration: messages that change (issue 12).
 * - `rooms.change_seq` and `messages.seq`: each room's change feed. An edit, deletion, reaction
 *   or reply-count change takes the room's next number and writes it on the message, so that
 *   "what changed since N" is one index range, and a message changed twice is sent once.
 *   A new message keeps seq 0: new messages are fetched by id, not through the feed.
 * - `edited_at`, `deleted_at` (a tombstone keeps its row, id and position), `reply_to` (the
 *   quoted message), `thread_id` + `also_to_room` (thread replies), `thread_count` +
 *   `thread_last_at` (on a thread's root), `mentions_room` (`@room`).
 * - `reactions`: one row per person and emoji. `mentions`: one row per person mentioned by
 *   name, so that counting someone's mentions in a room is one index range.
 * - `members.last_read_id` and `members.notify`: read state and notification level live on the
 *   server, so that every device of a person agrees; a new member starts at the newest message.
 */
export function addMessageFeatures(db: Database): void {
  db.exec(`
    ALTER TABLE rooms ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE messages ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE messages ADD COLUMN edited_at INTEGER;
    ALTER TABLE messages ADD COLUMN deleted_at INTEGER;
    ALTER TABLE messages ADD COLUMN reply_to INTEGER REFERENCES messages(id);
    ALTER TABLE messages ADD COLUMN thread_id INTEGER REFERENCES messages(id);
    ALTER TABLE messages ADD COLUMN also_to_room INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE messages ADD COLUMN thread_count INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE messages ADD COLUMN thread_last_at INTEGER;
    ALTER TABLE messages ADD COLUMN mentions_room INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX messages_by_seq ON messages(room_id, seq) WHERE seq > 0;
    CREATE INDEX messages_by_thread ON messages(thread_id, id) WHERE thread_id IS NOT NULL;
    CREATE INDEX messages_mentioning_room ON messages(room_id, id) WHERE mentions_room = 1;

    CREATE TABLE reactions (
      message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
      emoji TEXT NOT NULL,
      user_id INTEGER NOT NULL REFERENCES users(id),
      created_at INTEGER NOT NULL,
      PRIMARY KEY (message_id, emoji, user_id)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE mentions (
      user_id INTEGER NOT NULL REFERENCES users(id),
      room_id INTEGER NOT NULL REFERENCES rooms(id),
      message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
      PRIMARY KEY (user_id, room_id, message_id)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX mentions_by_message ON mentions(message_id);

    ALTER TABLE members ADD COLUMN last_read_id INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE members ADD COLUMN notify TEXT CHECK (notify IN ('all', 'mentions', 'none'));
    -- Existing members have read everything so far: no room shows its whole history as unread.
    UPDATE members SET last_read_id =
      (SELECT COALESCE(MAX(id), 0) FROM messages WHERE room_id = members.room_id);
    -- A member who joins (or joins again) starts at the room's newest message, as in Slack:
    -- old messages, and old @room mentions, are not news to them.
    CREATE TRIGGER members_start_read AFTER INSERT ON members BEGIN
      UPDATE members SET last_read_id =
        (SELECT COALESCE(MAX(id), 0) FROM messages WHERE room_id = NEW.room_id)
      WHERE room_id = NEW.room_id AND user_id = NEW.user_id;
    END;
    -- The room's own timeline (no thread-only replies): history pages and unread counts walk
    -- it without stepping over a thread's replies one by one.
    CREATE INDEX messages_in_timeline ON messages(room_id, id)
      WHERE thread_id IS NULL OR also_to_room = 1;
  `);
}
