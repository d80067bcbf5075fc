import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Logger } from '../../server/logger.js';
import { register, startServer } from './helpers.js';

describe('HTTP bodies', () => {
  it('answers a compressed body 415 unsupported_encoding, and logs no internal error', async () => {
    const logged: unknown[][] = [];
    const logger: Logger = {
      info: () => {},
      warn: (...args) => logged.push(args),
      error: (...args) => logged.push(args),
    };
    const { url } = await startServer({ logger });
    await register(url, 'alice');
    const json = Buffer.from(JSON.stringify({ username: 'alice', password: 'correct horse' }));
    const bodies: Array<[string, Buffer]> = [
      ['gzip', gzipSync(json)],
      ['deflate', deflateSync(json)],
      ['br', brotliCompressSync(json)],
      ['br', json], // not brotli at all: would fail to decompress
      ['x-unknown', json],
      ['gzip, br', json],
    ];
    for (const [encoding, body] of bodies) {
      const answer = await fetch(`${url}/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-encoding': encoding },
        body,
      });
      const payload = (await answer.json()) as { error: { code: string; message: string } };
      expect({ encoding, status: answer.status, code: payload.error.code }).toEqual({
        encoding,
        status: 415,
        code: 'unsupported_encoding',
      });
    }
    // identity is no encoding at all, and still works.
    const plain = await fetch(`${url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'identity' },
      body: json,
    });
    expect(plain.status).toBe(200);
    expect(logged).toEqual([]);
  });
});
