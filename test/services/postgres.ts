import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { processTree } from './proc.js';

/** A private PostgreSQL server for one test file: its own cluster in a temp dir, a Unix socket. */
export interface PostgresService {
  /** A connection string for a new, empty database of its own. */
  createDatabase(): Promise<string>;
  /** Stops the server, keeping its data, as a crash or a restart would (connections drop). */
  halt(): void;
  /** Starts it again after `halt`. */
  resume(): void;
  /**
   * Pauses the server and every backend (SIGSTOP), connections left open: a database that
   * stops answering, as a partition or a hung host looks, which no server-side timeout ends.
   */
  freeze(): void;
  /** Lets it run again after `freeze`. */
  thaw(): void;
  stop(): Promise<void>;
  /** The server's processes now: the postmaster and every backend and worker below it. */
  pids(): number[];
}

/**
 * Debian keeps the server's programs out of PATH, in /usr/lib/postgresql/VERSION/bin; the newest
 * there is used, or PARLEY_PG_BIN. Without one, this throws: in CI the cluster tests must fail
 * loudly, never skip (`.ci/run` installs the `postgresql` package).
 */
function serverBin(): string {
  const given = process.env.PARLEY_PG_BIN;
  if (given) return given;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => /^\d+$/.test(v) && existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions[0] === undefined)
    throw new Error(
      'PostgreSQL is not installed: apt-get install postgresql (or set PARLEY_PG_BIN to its bin folder)',
    );
  return join(root, versions[0], 'bin');
}

/**
 * PostgreSQL refuses to run as root, and CI runs as root: then the cluster belongs to the
 * `postgres` user that Debian's package makes, and its programs run through `runuser`.
 */
function runAsOwner(bin: string, program: string, args: string[]): void {
  const root = process.getuid?.() === 0;
  const [file, argv] = root
    ? ['runuser', ['-u', 'postgres', '--', join(bin, program), ...args]]
    : [join(bin, program), args];
  execFileSync(file, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Starts a throwaway cluster: trust authentication, no TCP listener, fsync off (tests only). */
export async function startPostgres(): Promise<PostgresService> {
  const bin = serverBin();
  const dir = mkdtempSync(join(tmpdir(), 'parley-pg-'));
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  // pg_ctl hands -o to a shell: the socket folder is quoted.
  const settings = `-k '${dir}' -c listen_addresses='' -c fsync=off -c max_connections=200`;
  const start = () =>
    runAsOwner(bin, 'pg_ctl', ['-D', data, '-o', settings, '-l', join(dir, 'log'), '-w', 'start']);
  const stopCluster = () => {
    try {
      runAsOwner(bin, 'pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  try {
    runAsOwner(bin, 'initdb', [
      '-D',
      data,
      '-U',
      'parley',
      '-A',
      'trust',
      '-E',
      'UTF8',
      '--no-sync',
    ]);
    start();
  } catch (error) {
    try {
      stopCluster();
    } catch {
      // It never started: the folder is gone all the same.
    }
    throw error;
  }
  const admin = new pg.Pool({ host: dir, user: 'parley', database: 'postgres', max: 2 });
  // Its idle connections die with a halt: an unheard 'error' would end the test process.
  admin.on('error', () => {});
  let databases = 0;
  const postmaster = () =>
    Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
  return {
    async createDatabase() {
      const name = `parley_${++databases}`;
      await admin.query(`CREATE DATABASE ${name}`);
      return `postgresql://parley@/${name}?host=${encodeURIComponent(dir)}`;
    },
    halt() {
      runAsOwner(bin, 'pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
    },
    resume: start,
    freeze() {
      for (const pid of processTree(postmaster())) process.kill(pid, 'SIGSTOP');
    },
    thaw() {
      for (const pid of processTree(postmaster())) process.kill(pid, 'SIGCONT');
    },
    pids: () => processTree(postmaster()),
    async stop() {
      try {
        await admin.end();
      } finally {
        stopCluster();
      }
    },
  };
}
