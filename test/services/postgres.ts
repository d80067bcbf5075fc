import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** A private PostgreSQL server for one test file: its own cluster in a temp dir, a Unix socket. */
export interface PostgresService {
  /** A connection string for a new, empty database of its own. */
  createDatabase(): Promise<string>;
  stop(): Promise<void>;
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
    // pg_ctl hands -o to a shell: the socket folder is quoted.
    const settings = `-k '${dir}' -c listen_addresses='' -c fsync=off -c max_connections=200`;
    runAsOwner(bin, 'pg_ctl', ['-D', data, '-o', settings, '-l', join(dir, 'log'), '-w', 'start']);
  } catch (error) {
    try {
      stopCluster();
    } catch {
      // It never started: the folder is gone all the same.
    }
    throw error;
  }
  const admin = new pg.Pool({ host: dir, user: 'parley', database: 'postgres', max: 2 });
  let databases = 0;
  return {
    async createDatabase() {
      const name = `parley_${++databases}`;
      await admin.query(`CREATE DATABASE ${name}`);
      return `postgresql://parley@/${name}?host=${encodeURIComponent(dir)}`;
    },
    async stop() {
      try {
        await admin.end();
      } finally {
        stopCluster();
      }
    },
  };
}
