import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ChatServerOptions } from '../../server/options.js';
import { UploadQueue, type UploadsView } from '../../renderer/src/lib/uploads.js';
import { register, startServer } from '../server/helpers.js';
import { NodeXhr, nodeXhr } from './node-xhr.js';
import { slowLine, type LineOptions } from './slow-line.js';

const MB = 1024 * 1024;
const LIMITS = { maxFileBytes: 25 * MB, maxAttachments: 10 };

/**
 * An upload list of alice's against a real server, recording every view it shows; the uploads
 * go through a `line` that counts them (test/renderer/slow-line.ts).
 */
async function setUp(
  options: Partial<ChatServerOptions> = {},
  limits: typeof LIMITS = LIMITS,
  lineOptions: LineOptions = {},
) {
  const { url } = await startServer(options);
  const line = await slowLine(url, lineOptions);
  let pair = await register(url, 'alice');
  const refreshes: number[] = [];
  const queue = new UploadQueue(
    {
      serverUrl: line.url,
      token: () => pair.token,
      refresh: async () => {
        refreshes.push(Date.now());
        const answer = await fetch(`${url}/api/refresh`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ refreshToken: pair.refreshToken }),
        });
        pair = await answer.json();
      },
      xhr: nodeXhr,
    },
    limits,
  );
  const views: UploadsView[] = [];
  queue.subscribe(() => views.push(queue.view));
  const settled = (count = 1) =>
    until(
      () =>
        queue.view.items.filter((i) => i.status !== 'uploading' && i.status !== 'waiting').length >=
        count,
    );
  /** Uploads go on as another (new) user: a bucket of their own, for the rate limit test. */
  const signInAs = async (username: string) => {
    pair = await register(url, username);
  };
  return { queue, views, settled, refreshes, signInAs, line };
}

const until = async (check: () => boolean, ms = 10_000) => {
  for (const end = Date.now() + ms; !check() && Date.now() < end;)
    await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
};
const file = (name: string, size: number, type = '') =>
  new File([new Uint8Array(randomBytes(size))], name, { type });

describe('uploads', () => {
  it('uploads at once, with progress, and hands over the stored file', async () => {
    const { queue, views, settled } = await setUp();
    queue.add([file('data.bin', 2 * MB)]);
    expect(queue.view.items[0]).toMatchObject({ name: 'data.bin', status: 'uploading', sent: 0 });
    expect(queue.ready).toBe(false);
    await settled();
    const sent = views.map((v) => v.items[0]?.sent ?? 0);
    const partial = sent.filter((s) => s > 0 && s < 2 * MB);
    expect(partial.length).toBeGreaterThan(3);
    expect([...partial].sort((a, b) => a - b)).toEqual(partial);
    expect(queue.view.items[0]).toMatchObject({ status: 'done', sent: 2 * MB });
    expect(queue.view.items[0]?.file).toMatchObject({ name: 'data.bin', size: 2 * MB });
    expect(queue.ready).toBe(true);
    const taken = queue.take();
    expect(taken.map((f) => f.name)).toEqual(['data.bin']);
    expect(queue.view.items).toEqual([]);
  });

  it('refuses a file over the server limit at once, naming the limit, without a request', async () => {
    const { queue } = await setUp({}, { maxFileBytes: 1 * MB, maxAttachments: 10 });
    const before = NodeXhr.sent;
    queue.add([file('big.bin', 1 * MB + 1), file('small.txt', 10)]);
    expect(queue.view.notice).toBe('big.bin is 1 MB; this server takes files up to 1 MB.');
    expect(queue.view.items.map((i) => i.name)).toEqual(['small.txt']);
    expect(NodeXhr.sent).toBe(before + 1);
  });

  it('takes at most maxAttachments files for one message', async () => {
    const { queue } = await setUp({}, { maxFileBytes: MB, maxAttachments: 2 });
    queue.add([file('a.txt', 5), file('b.txt', 5)]);
    queue.add([file('c.txt', 5)]);
    expect(queue.view.items.map((i) => i.name)).toEqual(['a.txt', 'b.txt']);
    expect(queue.view.notice).toBe('c.txt: at most 2 files per message.');
  });

  it('cancels an upload under way: aborted, off the list, never reported', async () => {
    const { queue, views } = await setUp();
    queue.add([file('huge.bin', 20 * MB)]);
    await until(() => (queue.view.items[0]?.sent ?? 0) > 0);
    queue.remove(queue.view.items[0]!.key);
    expect(queue.view.items).toEqual([]);
    const shown = views.length;
    await new Promise((r) => setTimeout(r, 300));
    expect(views.length).toBe(shown);
    expect(queue.ready).toBe(true);
  });

  it('uploads at most 3 files at a time; the others wait their turn, in order', async () => {
    // Each answer held back 300 ms: uploads started together overlap at the server's end.
    const { queue, line, settled } = await setUp({}, LIMITS, { holdMs: 300 });
    const names = ['a.txt', 'b.txt', 'c.txt', 'd.txt', 'e.txt'];
    queue.add(names.map((name) => file(name, 1000)));
    const shown = queue.view.items.map((i) => i.status);
    await settled(5);
    expect(line.mostInFlight).toBe(3);
    expect(shown).toEqual(['uploading', 'uploading', 'uploading', 'waiting', 'waiting']);
    expect(line.answered.map((a) => a.status)).toEqual([201, 201, 201, 201, 201]);
    // The waiting ones went last (answered in any order among themselves).
    expect(
      line.answered
        .slice(3)
        .map((a) => a.name)
        .sort(),
    ).toEqual(['d.txt', 'e.txt']);
    expect(queue.take().map((f) => f.name)).toEqual(names);
  });

  it('waits out a short rate_limited refusal and sends the file again', async () => {
    // One upload per 500 ms: of three started together, two are told to wait (429, retryAfterMs).
    const { queue, views, line } = await setUp({ uploadRate: { perSecond: 2, burst: 1 } });
    queue.add([file('one.txt', 10), file('two.txt', 10), file('three.txt', 10)]);
    await until(() => queue.ready);
    expect(line.answered.filter((a) => a.status === 429).length).toBeGreaterThanOrEqual(2);
    expect(line.answered.filter((a) => a.status === 201)).toHaveLength(3);
    const waited = views.flatMap((v) => v.items).filter((i) => i.retryAt !== undefined);
    expect(waited.every((i) => i.status === 'waiting')).toBe(true);
    expect(waited.length).toBeGreaterThan(0);
    expect(queue.take().map((f) => f.name)).toEqual(['one.txt', 'two.txt', 'three.txt']);
  });

  it('fails with the server reason when told to wait long (rate limited); succeeds on retry', async () => {
    // One token per 100 s: the second upload is refused however slowly the first one went, and
    // 100 s is longer than the queue waits on its own.
    const { queue, settled, signInAs } = await setUp({
      uploadRate: { perSecond: 0.01, burst: 1 },
    });
    queue.add([file('one.txt', 10), file('two.txt', 10)]);
    await settled(2);
    const failed = queue.view.items.find((i) => i.status === 'failed');
    expect(failed?.error).toMatch(/Try again in \d+ s\.$/);
    expect(queue.ready).toBe(false);
    // Rather than wait 100 s for the bucket: the retry goes out with the token of a user whose
    // bucket is full (the queue asks for the token at each attempt).
    await signInAs('bob');
    queue.retry(failed!.key);
    await until(() => queue.ready);
    expect(queue.take().map((f) => f.name)).toEqual(['one.txt', 'two.txt']);
  });

  it('refreshes an expired access token and sends the file again', async () => {
    const { queue, refreshes, settled } = await setUp({
      accessTokenTtlSec: 2,
      expiringNoticeSec: 1,
    });
    await new Promise((r) => setTimeout(r, 2100));
    queue.add([file('late.txt', 10)]);
    await settled();
    expect(queue.view.items[0]).toMatchObject({ status: 'done' });
    expect(refreshes).toHaveLength(1);
  });
});
