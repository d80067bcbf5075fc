import { describe, expect, it } from 'vitest';
import { fileSize, messageGist } from '../../renderer/src/lib/file-format.js';

const file = (name: string) => ({ id: 'x'.repeat(22), name, size: 10, type: 'image/png' });

describe('what is said of a message', () => {
  it('is its text, cut', () => {
    expect(messageGist({ text: 'hello there' }, 5)).toBe('hello');
  });
  it('names the files of a message without text, never an empty line', () => {
    expect(messageGist({ text: '', attachments: [file('a.png')] }, 200)).toBe('sent a.png');
    expect(messageGist({ text: '', attachments: [file('a.png'), file('b.png')] }, 200)).toBe(
      'sent a.png and 1 more file',
    );
    expect(messageGist({ text: '', attachments: [file('a.png'), file('b'), file('c')] }, 200)).toBe(
      'sent a.png and 2 more files',
    );
    expect(messageGist({ text: 'look', attachments: [file('a.png')] }, 200)).toBe('look');
  });
  it('sizes read as file managers say them', () => {
    expect(fileSize(1)).toBe('1 byte');
    expect(fileSize(1536)).toBe('1.5 KB');
    expect(fileSize(25 * 1024 * 1024)).toBe('25 MB');
  });
});
