import { describe, expect, it } from 'vitest';
import type { ChatServerOptions } from '../../server/options.js';
import { ApiClient } from '../../renderer/src/lib/api-client.js';
import { Session } from '../../renderer/src/lib/session.js';
import { MemoryTokenStore } from '../../renderer/src/lib/token-store.js';
import { uploadFile } from '../../renderer/src/lib/upload-request.js';
import { register, startServer } from '../server/helpers.js';
import { nodeXhr } from './node-xhr.js';

/**
 * Alice's real Session against a real server, wired to uploads as the web client does
 * (renderer/src/ui/use-files.ts), with every request the server receives recorded. `skewMs`
 * shifts the pair's expiresAt as a device clock that far slow (positive) or fast would see it.
 */
async function setUp(options: Partial<ChatServerOptions>, skewMs = 0) {
  const { url, server } = await startServer(options);
  const received: string[] = [];
  // First, before Express strips a mount path off req.url.
  server.httpServer.prependListener('request', (req: { method?: string; url?: string }) =>
    received.push(`${req.method} ${req.url}`),
  );
  const pair = await register(url, 'alice');
  const skewed = { ...pair, expiresAt: pair.expiresAt + skewMs };
  const session = await Session.start(new ApiClient(url), new MemoryTokenStore(), skewed, false);
  const upload = (name: string) =>
    uploadFile(
      {
        serverUrl: url,
        token: () => session.accessToken,
        expiresIn: () => session.expiresIn,
        refresh: () => session.refresh(),
        xhr: nodeXhr,
      },
      new File([`${name}\n`], name),
      () => undefined,
    ).done;
  const count = (request: string) => received.filter((r) => r === request).length;
  return { upload, count, session };
}

const SHORT_TOKENS = { accessTokenTtlSec: 2, expiringNoticeSec: 1 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('uploads and the access token', () => {
  it('refreshes an expired token before the upload: one upload request, not a 401 first', async () => {
    const { upload, count } = await setUp(SHORT_TOKENS);
    await sleep(2100);
    expect((await upload('late.txt')).name).toBe('late.txt');
    expect(count('POST /api/refresh')).toBe(1);
    expect(count('POST /api/files')).toBe(1);
  });

  it('sees the token expired by its lifetime, on a device clock 10 minutes slow', async () => {
    const { upload, count, session } = await setUp(SHORT_TOKENS, 10 * 60_000);
    await sleep(2100);
    expect(session.expiresIn).toBeLessThan(0);
    expect((await upload('late.txt')).name).toBe('late.txt');
    expect(count('POST /api/refresh')).toBe(1);
    expect(count('POST /api/files')).toBe(1);
  });

  it('does not refresh a fresh 5-minute token, on a device clock 10 minutes fast', async () => {
    const { upload, count, session } = await setUp({ accessTokenTtlSec: 300 }, -10 * 60_000);
    expect(session.expiresIn).toBeGreaterThan(60_000);
    expect((await upload('now.txt')).name).toBe('now.txt');
    expect(count('POST /api/refresh')).toBe(0);
    expect(count('POST /api/files')).toBe(1);
  });
});
