/**
 * Two Parley nodes on one PostgreSQL and one Redis, for the cluster fan-out bench (issue 15).
 * Everything on the server side (both nodes, Redis and every PostgreSQL process) runs on the
 * server CPU, the load on the other, as in every pair; the `server` worker it returns answers
 * `cpu` with the CPU time of all of them together, so that the ladder's "server CPU per
 * delivery" is the whole cluster's, to set beside one SQLite node's.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { startPostgres } from '../../test/services/postgres.js';
import { cpuTicks, TICKS } from '../../test/services/proc.js';
import { startRedis } from '../../test/services/redis.js';
import { LOAD_CPU, SERVER_CPU, type Pair } from './context.js';
import { startWorker, TASKSET, type Worker } from './workers.js';

/** CPU µs used so far by these processes (threads included); a process gone counts 0. */
function procMicros(pids: number[]): number {
  return (pids.reduce((sum, pid) => sum + cpuTicks(pid), 0) * 1e6) / TICKS;
}

/** Pins a process and its threads; processes it forks later (backends) inherit it. */
function pin(pid: number): void {
  if (TASKSET) execFileSync('taskset', ['-a', '-p', '-c', String(SERVER_CPU), String(pid)]);
}

/** Where a cluster's CPU time went, in µs so far. */
export interface ClusterCpu {
  nodes: number;
  redis: number;
  postgres: number;
}

export interface ClusterPair extends Pair {
  /** Each node's URL: the load spreads its sockets over them. */
  urls: string[];
  parts(): Promise<ClusterCpu>;
  stop(): Promise<void>;
}

export async function startClusterPair(): Promise<ClusterPair> {
  const [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
  const database = await postgres.createDatabase();
  const secret = randomBytes(32).toString('hex');
  const args = ['--postgres', database, '--redis', redis.url, '--secret', secret];
  // One at a time: the first node migrates the schema (the second would wait on its lock).
  const a = await startWorker('bench/servers/parley.ts', SERVER_CPU, args);
  const b = await startWorker('bench/servers/parley.ts', SERVER_CPU, args);
  const load = await startWorker('bench/load/agent.ts', LOAD_CPU);
  pin(redis.pid());
  for (const pid of postgres.pids()) pin(pid);
  const nodes = [a, b];
  const parts = async (): Promise<ClusterCpu> => {
    const each = await Promise.all(nodes.map((node) => node.call<number>('cpu')));
    return {
      nodes: each.reduce((sum, cpu) => sum + cpu, 0),
      redis: procMicros([redis.pid()]),
      postgres: procMicros(postgres.pids()),
    };
  };
  const server: Worker = {
    pid: a.pid,
    async call<T>(method: string, params?: unknown): Promise<T> {
      if (method !== 'cpu') return a.call<T>(method, params);
      const cpu = await parts();
      return (cpu.nodes + cpu.redis + cpu.postgres) as T;
    },
    stop: async () => {
      await Promise.all(nodes.map((node) => node.stop()));
    },
  };
  const urls = await Promise.all(nodes.map((node) => node.call<string>('url')));
  return {
    server,
    load,
    url: urls[0] ?? '',
    urls,
    parts,
    async stop() {
      await Promise.all([server.stop(), load.stop()]);
      await Promise.all([redis.stop(), postgres.stop()]);
    },
  };
}
