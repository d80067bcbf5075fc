import { describe, expect, it } from 'vitest';
import { Drafts, type DraftStorage } from '../../renderer/src/lib/drafts';

/** Storage as the browser's localStorage behaves, kept in a Map (it outlives Drafts objects). */
class MemoryStorage implements DraftStorage {
  readonly items = new Map<string, string>();
  getItem = (key: string) => this.items.get(key) ?? null;
  setItem = (key: string, value: string) => void this.items.set(key, value);
  removeItem = (key: string) => void this.items.delete(key);
}

const SERVER = 'https://chat.example:8443';

describe('Drafts', () => {
  it('keeps a draft per room and per thread, under one key per server, user and place', () => {
    const storage = new MemoryStorage();
    const drafts = new Drafts(storage, SERVER, 7);
    drafts.set({ roomId: 1 }, 'half a thought');
    drafts.set({ roomId: 2 }, 'other room');
    drafts.set({ roomId: 1, threadId: 40 }, 'in the thread');
    expect(drafts.get({ roomId: 1 })).toBe('half a thought');
    expect(drafts.get({ roomId: 2 })).toBe('other room');
    expect(drafts.get({ roomId: 1, threadId: 40 })).toBe('in the thread');
    expect(drafts.get({ roomId: 3 })).toBe('');
    expect([...storage.items.keys()].sort()).toEqual([
      `parley.draft.${SERVER}.7.1`,
      `parley.draft.${SERVER}.7.1.t40`,
      `parley.draft.${SERVER}.7.2`,
    ]);
  });

  it('survives a reload: a new Drafts on the same storage reads what the old one wrote', () => {
    const storage = new MemoryStorage();
    new Drafts(storage, SERVER, 7).set({ roomId: 5 }, 'line one\nline two');
    expect(new Drafts(storage, SERVER, 7).get({ roomId: 5 })).toBe('line one\nline two');
  });

  it('keeps other users and other servers apart', () => {
    const storage = new MemoryStorage();
    new Drafts(storage, SERVER, 7).set({ roomId: 5 }, 'mine');
    expect(new Drafts(storage, SERVER, 8).get({ roomId: 5 })).toBe('');
    expect(new Drafts(storage, 'https://other.example', 7).get({ roomId: 5 })).toBe('');
  });

  it('clear (on send) and blank text remove the draft instead of storing it', () => {
    const storage = new MemoryStorage();
    const drafts = new Drafts(storage, SERVER, 7);
    drafts.set({ roomId: 1 }, 'sent soon');
    drafts.clear({ roomId: 1 });
    drafts.set({ roomId: 2, threadId: 9 }, 'x');
    drafts.set({ roomId: 2, threadId: 9 }, '  \n ');
    expect(storage.items.size).toBe(0);
    expect(drafts.get({ roomId: 1 })).toBe('');
  });

  it('storage that throws (full, or blocked) or is missing loses the draft, never the typing', () => {
    const broken: DraftStorage = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {
        throw new Error('SecurityError');
      },
    };
    for (const drafts of [new Drafts(broken, SERVER, 1), new Drafts(undefined, SERVER, 1)]) {
      expect(() => drafts.set({ roomId: 1 }, 'text')).not.toThrow();
      expect(() => drafts.clear({ roomId: 1 })).not.toThrow();
      expect(drafts.get({ roomId: 1 })).toBe('');
    }
  });
});
