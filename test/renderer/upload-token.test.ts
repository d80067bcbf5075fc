import { describe, expect, it } from 'vitest';
import type { ChatServerOptions } from '../../server/options.js';
import { ApiClient } from '../../renderer/src/lib/api-client.js';
import { Session } from '../../renderer/src/lib/session.js';
import { MemoryTokenStore } from '../../renderer/src/lib/token-store.js';
import { uploadFile, type UploadTarget } from '../../renderer/src/lib/upload-request.js';
import { UploadQueue } from '../../renderer/src/lib/uploads.js';
import { register, startServer } from '../server/helpers.js';
import { nodeXhr } from './node-xhr.js';
import { slowLine, type LineOptions } from './slow-line.js';

/**
 * Alice's real Session against a real server, wired to uploads as the web client does
 * (renderer/src/ui/use-files.ts), with every request the server receives recorded. `skewMs`
 * shifts the pair's expiresAt as a device clock that far slow (positive) or fast would see it.
 * Uploads go through a `line` (test/renderer/slow-line.ts), transparent unless `lineOptions`.
 */
async function setUp(options: Partial<ChatServerOptions>, skewMs = 0, lineOptions?: LineOptions) {
  const { url, server } = await startServer(options);
  const line = await slowLine(url, lineOptions);
  const received: string[] = [];
  // First, before Express strips a mount path off req.url.
  server.httpServer.prependListener('request', (req: { method?: string; url?: string }) =>
    received.push(`${req.method} ${req.url}`),
  );
  const pair = await register(url, 'alice');
  const skewed = { ...pair, expiresAt: pair.expiresAt + skewMs };
  const session = await Session.start(new ApiClient(url), new MemoryTokenStore(), skewed, false);
  const target: UploadTarget = {
    serverUrl: line.url,
    token: () => session.accessToken,
    expiresIn: () => session.expiresIn,
    refresh: () => session.refresh(),
    xhr: nodeXhr,
  };
  const upload = (name: string) => uploadFile(target, textFile(name), () => undefined).done;
  const count = (request: string) => received.filter((r) => r === request).length;
  return { upload, count, session, target, line };
}

const textFile = (name: string) => new File([`${name}\n`], name);
const names = (count: number) => Array.from({ length: count }, (_, i) => `f${i + 1}.txt`);

const SHORT_TOKENS = { accessTokenTtlSec: 2, expiringNoticeSec: 1 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const until = async (check: () => boolean, ms = 15_000) => {
  for (const end = Date.now() + ms; !check() && Date.now() < end;) await sleep(10);
  expect(check()).toBe(true);
};
/**
 * A slow line seen through a browser: each answer arrives 2.1 s after the server gave it (longer
 * than a 2 s token lives), and at most 6 requests go out at once, the 7th with the headers it was
 * given when made.
 */
const BROWSER_SLOW_LINE: LineOptions = { holdMs: 2100, perHost: 6 };

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

  it('a file that waited its turn past the token expiry refreshes as it starts: one request each', async () => {
    const { target, line, count } = await setUp(SHORT_TOKENS, 0, BROWSER_SLOW_LINE);
    const queue = new UploadQueue(target, { maxFileBytes: 1024 * 1024, maxAttachments: 10 });
    queue.add(names(7).map(textFile));
    await until(() => queue.ready || queue.view.items.some((i) => i.status === 'failed'));
    // Each file went out once and was taken: none was refused as expired first.
    expect(line.answered.map((a) => a.status)).toEqual(Array(7).fill(201));
    expect(line.answered.map((a) => a.name).sort()).toEqual(names(7));
    expect(count('POST /api/refresh')).toBeGreaterThanOrEqual(2);
    expect(queue.ready).toBe(true);
  });

  it('sends again once, with a new token, an upload that did not get through as the token expired', async () => {
    // The browser's connections to the server are busy (6 in a browser, 2 here: the server takes
    // 4 uploads of a user at once): the 3rd upload waits in the browser, goes out with an expired
    // token, and the 401 reaches the client as a network error.
    const { upload, line, count } = await setUp(SHORT_TOKENS, 0, {
      holdMs: 2100,
      perHost: 2,
      closeOn401: true,
    });
    const files = await Promise.all(names(3).map(upload));
    expect(files.map((f) => f.name)).toEqual(names(3));
    const refused = line.answered.filter((a) => a.status === 401);
    expect(refused).toHaveLength(1);
    const again = line.answered.filter((a) => a.name === refused[0]!.name);
    expect(again.map((a) => a.status)).toEqual([401, 201]);
    expect(count('POST /api/refresh')).toBe(2);
  });
});
