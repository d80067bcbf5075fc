/**
 * Bench worker for the upload scenario: uploads files over HTTP while two sockets of another user
 * time chat messages between them, so the chat latency under upload load can be compared with
 * the same at rest.
 */
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { io, type Socket } from 'socket.io-client';
import { percentile } from '../lib/stats.js';
import { serve } from '../lib/workers.js';

const now = () => performance.now();
let chat: { sender: Socket; receiver: Socket; roomId: number } | undefined;
let images: Buffer[] = [];

function socket(url: string, token: string): Promise<Socket> {
  const client = io(url, { auth: { token }, transports: ['websocket'], reconnection: false });
  return new Promise((resolve, reject) => {
    client.once('connect', () => resolve(client));
    client.once('connect_error', reject);
  });
}

/** Uploads one file; resolves with the bytes sent. */
async function upload(url: string, token: string, body: Buffer, name: string): Promise<number> {
  const response = await fetch(`${url}/api/files`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'x-file-name': encodeURIComponent(name) },
    body,
  });
  if (response.status !== 201)
    throw new Error(`upload: ${response.status} ${await response.text()}`);
  return body.length;
}

/** Sends a chat message every 50 ms until `until()` is false; returns delivery times in ms. */
async function pings(until: () => boolean): Promise<number[]> {
  if (!chat) throw new Error('chat not set up');
  const { sender, receiver, roomId } = chat;
  const sentAt = new Map<string, number>();
  const times: number[] = [];
  const onMessage = (message: { clientId: string }) => {
    const t0 = sentAt.get(message.clientId);
    if (t0 !== undefined) times.push(now() - t0);
  };
  receiver.on('message', onMessage);
  let n = 0;
  while (until()) {
    const clientId = `ping-${Date.now()}-${n++}`;
    sentAt.set(clientId, now());
    sender.emit('message:send', { roomId, text: 'ping', clientId }, () => undefined);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await new Promise((resolve) => setTimeout(resolve, 500)); // the last ones arrive
  receiver.off('message', onMessage);
  return times;
}

const stats = (times: number[]) => ({ p50: percentile(times, 50), p99: percentile(times, 99) });
let pinging: { stop: () => void; times: Promise<number[]> } | undefined;
/** One body of `size` random bytes, made once; each upload changes its first bytes. */
let bigBody: Buffer | undefined;

serve({
  /** The chat worker: two sockets of one user in `roomId`. */
  chat: async ({ url, token, roomId }: { url: string; token: string; roomId: number }) => {
    chat = { sender: await socket(url, token), receiver: await socket(url, token), roomId };
  },
  /** The upload worker: 20 distinct noisy JPEGs, made before timing. */
  images: async () => {
    images = await Promise.all(
      Array.from({ length: 20 }, () =>
        sharp({
          create: {
            width: 1000,
            height: 750,
            channels: 3,
            background: '#808080',
            noise: { type: 'gaussian', mean: 128, sigma: 40 },
          },
        })
          .jpeg({ quality: 85 })
          .toBuffer(),
      ),
    );
    return { imageBytes: images.reduce((sum, image) => sum + image.length, 0) / images.length };
  },
  pingStart: () => {
    let busy = true;
    pinging = { stop: () => (busy = false), times: pings(() => busy) };
  },
  pingStop: async () => {
    pinging?.stop();
    const times = (await pinging?.times) ?? [];
    return stats(times);
  },
  /**
   * Uploads in rounds for at least `ms`: one `big`-byte file a round (by the first of `tokens`),
   * or the 20 images at once, dealt round-robin over `tokens`: a server takes at most
   * `UPLOAD_LIMITS.perUser` uploads of one user at once, so 20 at once are several people's.
   * Returns MB/s uploaded.
   */
  uploads: async ({
    url,
    tokens,
    ms,
    big,
  }: {
    url: string;
    tokens: string[];
    ms: number;
    big?: number;
  }) => {
    const token = (i: number) => {
      const found = tokens[i % tokens.length];
      if (!found) throw new Error('no uploader tokens');
      return found;
    };
    if (big && bigBody?.length !== big) bigBody = randomBytes(big);
    const t0 = now();
    let bytes = 0;
    let round = 0;
    while (now() - t0 < ms) {
      round++;
      if (big && bigBody) {
        bigBody.writeUInt32BE(round, 0); // other bytes each round: no content-addressed shortcut
        bytes += await upload(url, token(0), bigBody, `big-${round}.bin`);
      } else {
        const sent = await Promise.all(
          images.map((image, i) => upload(url, token(i), image, `image-${round}-${i}.jpg`)),
        );
        bytes += sent.reduce((sum, n) => sum + n, 0);
      }
    }
    return { mbPerSecond: bytes / 1e6 / ((now() - t0) / 1000), rounds: round };
  },
  close: () => {
    chat?.sender.close();
    chat?.receiver.close();
  },
});
