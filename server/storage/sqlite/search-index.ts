import type { Database } from 'better-sqlite3';

/**
 * Migration: the full-text index of message text (issue 13), SQLite FTS5.
 *
 * - External content (`content='messages'`): the index keeps only its postings, not a second
 *   copy of the text. Its rowid is the message id.
 * - `unicode61 remove_diacritics 2`: case and accents do not matter (café = CAFE), and words are
 *   split at anything that is not a letter or digit. Prefix indexes of 2 and 3 characters keep
 *   a query's last, half-typed word (`de*`) as cheap as a whole one.
 * - Triggers keep it in step in the same transaction as every write: a new message is indexed,
 *   an edit replaces its postings, and a deletion (a tombstone: `deleted_at` set, text '') or a
 *   removed row takes them out, so that a deleted message is never found again. External
 *   content needs the old text to remove postings: the triggers pass exactly what was indexed.
 * - Existing live messages are indexed here; tombstones are not.
 * - `messages_by_author`: `from:@someone` reads that person's messages newest first.
 */
export function addSearchIndex(db: Database): void {
  db.exec(`
    CREATE VIRTUAL TABLE message_index USING fts5(
      text, content = 'messages', content_rowid = 'id',
      tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
    );
    INSERT INTO message_index (rowid, text)
      SELECT id, text FROM messages WHERE deleted_at IS NULL;

    CREATE TRIGGER message_index_insert AFTER INSERT ON messages
    WHEN NEW.deleted_at IS NULL BEGIN
      INSERT INTO message_index (rowid, text) VALUES (NEW.id, NEW.text);
    END;
    CREATE TRIGGER message_index_update AFTER UPDATE OF text, deleted_at ON messages
    WHEN OLD.text IS NOT NEW.text OR (OLD.deleted_at IS NULL) <> (NEW.deleted_at IS NULL) BEGIN
      INSERT INTO message_index (message_index, rowid, text)
        SELECT 'delete', OLD.id, OLD.text WHERE OLD.deleted_at IS NULL;
      INSERT INTO message_index (rowid, text)
        SELECT NEW.id, NEW.text WHERE NEW.deleted_at IS NULL;
    END;
    CREATE TRIGGER message_index_delete AFTER DELETE ON messages
    WHEN OLD.deleted_at IS NULL BEGIN
      INSERT INTO message_index (message_index, rowid, text) VALUES ('delete', OLD.id, OLD.text);
    END;

    CREATE INDEX messages_by_author ON messages(author_id, id);
  `);
}
