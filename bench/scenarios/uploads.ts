import { LOAD_CPU, SERVER_CPU, type BenchOptions } from '../lib/context.js';
import { UPLOAD_LIMITS } from '../../server/files/upload-limits.js';
import { repeat, round } from '../lib/stats.js';
import { startWorker, type Worker } from '../lib/workers.js';

type Latency = { p50: number; p99: number; loopP99?: number; loopMax?: number };

/** The 20 concurrent images are this many people's: each may have `perUser` uploads at once. */
const UPLOADERS = Math.ceil(20 / UPLOAD_LIMITS.perUser);

/**
 * Scenario 10 (issue 13): upload throughput, and what uploads do to chat. One user uploads one
 * 25 MB file after another, then rounds of 20 concurrent JPEGs from five users (four each, the
 * per-user limit), each re-encoded without metadata and thumbnailed by sharp, while another
 * user's two sockets, in a process of their own, time chat messages every 50 ms. The goal: chat p99 during uploads at most 1.5× chat p99 at rest.
 * The server is pinned to one CPU (image work runs in a low-priority child process on that CPU
 * too), and the uploader and the chat process share the other: `loopP99`/`loopMax` give the
 * server's event-loop delay, its own share of a chat delay.
 */
export async function uploads(options: BenchOptions) {
  const ms = options.quick ? 2000 : 5000;
  const [server, chat, load] = await Promise.all([
    startWorker('bench/servers/parley.ts', SERVER_CPU),
    startWorker('bench/load/uploader.ts', LOAD_CPU),
    startWorker('bench/load/uploader.ts', LOAD_CPU),
  ]);
  const url = await server.call<string>('url');
  const { auths, roomIds } = await server.call<{
    auths: Array<{ token: string }>;
    roomIds: number[];
  }>('users', { count: 1 + UPLOADERS, rooms: 1, perRoom: 2 });
  const [chatter, ...uploaders] = auths;
  if (!chatter || uploaders.length !== UPLOADERS) throw new Error('no users');
  const tokens = uploaders.map((auth) => auth.token);
  await chat.call('chat', { url, token: chatter.token, roomId: roomIds[0] });
  const { imageBytes } = await load.call<{ imageBytes: number }>('images');
  const during = async (work: () => Promise<object>) => {
    await Promise.all([chat.call('pingStart'), server.call('loopStart')]);
    const result = await work();
    const [chatLatency, loop] = await Promise.all([
      chat.call<Latency>('pingStop'),
      server.call<{ p50: number; p99: number; max: number }>('loopStop'),
    ]);
    return { ...result, ...chatLatency, loopP99: loop.p99, loopMax: loop.max };
  };
  const sleep = () => new Promise<object>((resolve) => setTimeout(() => resolve({}), ms));
  const rest = await repeat(options.runs, () => during(sleep) as Promise<Latency>);
  const upload = (big?: number) => () =>
    during(() => load.call<object>('uploads', { url, tokens, ms, big })) as Promise<
      Latency & { mbPerSecond: number; rounds: number }
    >;
  const big = await repeat(options.runs, upload(25e6));
  const images = await repeat(options.runs, upload());
  await chat.call('close');
  await Promise.all([server, chat, load].map((worker: Worker) => worker.stop()));
  return {
    chatAtRestMs: rest,
    oneFile25MB: big,
    twentyImages: { imageKB: round(imageBytes / 1024), ...images },
    p99RatioBig: round(big.p99.median / rest.p99.median, 2),
    p99RatioImages: round(images.p99.median / rest.p99.median, 2),
    goalRatio: 1.5,
  };
}
