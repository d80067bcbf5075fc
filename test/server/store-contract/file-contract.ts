import { expect, it } from 'vitest';
import type { StoredFile } from '../../../server/storage/file-records.js';
import type { StoreKind } from './harness.js';
import { fileRaces } from './file-races.js';
import { draft, GENERAL, oneNode, send } from './message-people.js';
import { made } from './room-people.js';

const sha = (c: string) => c.repeat(64);

/** A file of `size` bytes by `uploaderId`, its bytes the blob `blob`. */
export function upload(
  id: string,
  uploaderId: number,
  {
    size = 10,
    blob = sha('a'),
    createdAt = 0,
    thumb,
  }: Partial<Record<'size' | 'createdAt', number>> & Partial<Record<'blob' | 'thumb', string>> = {},
): StoredFile {
  const file: StoredFile = {
    id,
    name: `${id}.txt`,
    size,
    type: 'text/plain',
    sha256: blob,
    uploaderId,
    createdAt,
  };
  if (thumb !== undefined) {
    file.type = 'image/png';
    file.image = { width: 4, height: 3, animated: true };
    file.thumbSha256 = thumb;
  }
  return file;
}

/** Uploads and who may read them (store.ts FileRecordStore): every ChatStore alike. */
export function fileContract(kind: StoreKind): void {
  it('holds each uploader to the quota, counting every file they keep', async () => {
    const { store, ids } = await oneNode(kind, ['ann', 'bob']);
    const [ann = 0, bob = 0] = ids;
    expect(await store.fileBytesUsed(ann)).toBe(0);
    expect(await store.addFile(upload('f1', ann, { size: 60 }), 100)).toBe(true);
    // 60 + 41 > 100: refused, and nothing is kept of it.
    expect(await store.addFile(upload('f2', ann, { size: 41 }), 100)).toBe(false);
    expect(await store.fileBytesUsed(ann)).toBe(60);
    // Exactly the quota fits.
    expect(await store.addFile(upload('f3', ann, { size: 40 }), 100)).toBe(true);
    expect(await store.fileBytesUsed(ann)).toBe(100);
    // Another person's files are theirs alone.
    expect(await store.addFile(upload('f4', bob, { size: 100 }), 100)).toBe(true);
    expect(await store.fileBytesUsed(bob)).toBe(100);
    expect(await store.fileBytesUsed(ann)).toBe(100);
  });

  it('lets members of the room of a live message carrying a file read it, no one else', async () => {
    const { store, ids } = await oneNode(kind, ['own', 'ann', 'bob', 'cat']);
    const [, ann = 0, bob = 0, cat = 0] = ids;
    const den = await made(store, ann, 'den', 'private');
    await store.addMember(den, bob);
    const image = upload('img', ann, { size: 7, blob: sha('b'), createdAt: 5, thumb: sha('c') });
    await store.addFile(image, 1000);
    await store.addFile(upload('txt', ann), 1000);
    await store.addFile(upload('unsent', ann), 1000);
    await store.addFile(upload('later', ann), 1000);
    await send(store, den, ann, 'look', { fileIds: ['img', 'txt'] });
    const doomed = await send(store, GENERAL, ann, 'soon gone', { fileIds: ['later'] });
    const readable = async (userId: number) =>
      (await store.readableFiles(userId, ['img', 'txt', 'unsent', 'later', 'nope'])).sort((a, b) =>
        a.id.localeCompare(b.id),
      );
    // Every field as it was added, the image's dimensions and thumbnail included.
    expect(await readable(bob)).toEqual([image, upload('later', ann), upload('txt', ann)]);
    // cat is in general only; an unsent file is nobody's to read, its uploader's included.
    expect((await readable(cat)).map((f) => f.id)).toEqual(['later']);
    expect((await readable(ann)).map((f) => f.id)).toEqual(['img', 'later', 'txt']);
    await store.deleteMessage(doomed.id, 10, ann);
    expect((await readable(cat)).map((f) => f.id)).toEqual([]);
    await store.setBanned(bob, true);
    expect(await readable(bob)).toEqual([]);
    await store.setBanned(bob, false);
    expect(await store.removeMember(den, bob)).toEqual({ status: 'left' });
    expect(await readable(bob)).toEqual([]);
    expect(await store.readableFiles(ann, [])).toEqual([]);
  });

  it('prunes old files no live message carries, and names the blobs no file uses any more', async () => {
    const { store, ids } = await oneNode(kind, ['own', 'ann']);
    const [, ann = 0] = ids;
    const den = await made(store, ann, 'den');
    const add = (id: string, createdAt: number, blob: string, thumb?: string) =>
      store.addFile(upload(id, ann, { createdAt, blob, ...(thumb ? { thumb } : {}) }), 10_000);
    await add('sent', 1, sha('a'));
    await add('unsent', 2, sha('a'), sha('b'));
    await add('deleted', 3, sha('c'));
    await add('in-room', 4, sha('d'));
    await add('shared-thumb', 5, sha('e'), sha('d'));
    await add('new', 100, sha('f'));
    await send(store, GENERAL, ann, 'kept', { fileIds: ['sent'] });
    const gone = await send(store, GENERAL, ann, 'gone', { fileIds: ['deleted'] });
    await store.deleteMessage(gone.id, 10, ann);
    await send(store, den, ann, 'room goes', { fileIds: ['in-room', 'shared-thumb'] });
    expect(await store.deleteRoom(den)).toEqual({ members: [ann], invitees: [] });

    // Oldest first, `limit` at a time: `unsent` goes; its bytes are still `sent`'s.
    expect(await store.pruneFiles({ before: 50, limit: 1 })).toEqual({
      files: 1,
      blobs: [sha('b')],
    });
    const second = await store.pruneFiles({ before: 50, limit: 10 });
    expect(second.files).toBe(3);
    expect(second.blobs.sort()).toEqual([sha('c'), sha('d'), sha('e')]);
    expect(await store.pruneFiles({ before: 50, limit: 10 })).toEqual({ files: 0, blobs: [] });
    for (const [blob, used] of [
      ['a', true],
      ['b', false],
      ['d', false],
      ['f', true],
    ] as const)
      expect(await store.blobInUse(sha(blob))).toBe(used);
    expect(await store.fileBytesUsed(ann)).toBe(20);
    // The sent file is still there: it cannot be sent again.
    expect(await store.appendMessage(draft(GENERAL, ann, 'again', { fileIds: ['sent'] }))).toEqual({
      refused: 'file_attached',
    });
  });

  fileRaces(kind);
}
