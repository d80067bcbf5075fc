import pg from 'pg';

/**
 * Column types as this store reads them. Ids and ms timestamps are `bigint` in the schema, which
 * node-postgres returns as strings by default (a bigint can exceed 2^53); every such value here
 * is an id or a time in ms, far below 2^53, so they are read as numbers, as SQLite gives them.
 */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === pg.types.builtins.INT8) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

/** What the store asks of its pool; tests and the server open one per node. */
export interface PoolOptions {
  /** Connections at most (default 10). */
  max?: number;
  /** Told when a connection dies (the database restarted or the network dropped). */
  onConnectionError?: (error: Error) => void;
  /**
   * How long a query may wait for its answer, in ms, before it fails here (default 35 s, past
   * the server's own statement timeout): the limit for a database that stops answering.
   */
  queryTimeoutMs?: number;
}

/**
 * Time limits on every connection, so that no stalled node or request can hold the others up
 * without end: a node paused while it holds the registration lock, or a row lock, would
 * otherwise block every node's registrations or rotations for as long as its TCP session
 * lives. A statement, a lock wait or a transaction left idle past these fails, and its caller
 * gets an error it can answer.
 */
const LIMITS = {
  connectionTimeoutMillis: 10_000,
  statement_timeout: 30_000,
  lock_timeout: 10_000,
  idle_in_transaction_session_timeout: 60_000,
  // The limits above are the server's: a database that stops answering (a partition, a hung
  // host) enforces none of them. TCP keepalive finds a dead peer; a query left unanswered fails
  // after `queryTimeoutMs`, and its connection is dropped (inTransaction; pg-pool drops a failed
  // query's own).
  keepAlive: true,
  keepAliveInitialDelayMillis: 10_000,
};

/** node-postgres's error for a query that outlived `query_timeout`. */
export const isReadTimeout = (error: unknown) =>
  error instanceof Error && error.message === 'Query read timeout';

/** A pool of connections to the database at `url` (a `postgresql://` connection string). */
export function openPool(url: string, options: PoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    types,
    max: options.max ?? 10,
    query_timeout: options.queryTimeoutMs ?? 35_000,
    ...LIMITS,
  });
  // An idle connection that dies is an 'error' event on the pool, which would crash the process
  // unheard. The pool drops that connection and the next query opens another.
  pool.on('error', (error) => options.onConnectionError?.(error));
  return pool;
}

/** A connection that runs queries: a pool (one query each) or a client inside a transaction. */
export type Queryable = pg.Pool | pg.PoolClient;

/**
 * Runs `work` in one transaction on one connection: committed when it resolves, rolled back
 * when it throws. A connection that fails meanwhile, or whose ROLLBACK fails, is discarded
 * rather than returned to the pool in an unknown state.
 */
export async function inTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  // The pool listens for errors on idle connections only. One that dies while checked out (its
  // server process killed, a failover) emits 'error' too, which with no listener would crash
  // the process; its query in flight rejects on its own.
  const onError = (error: Error) => (broken = error);
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    // A query that got no answer leaves its connection waiting for one: a ROLLBACK would queue
    // behind it. The connection is dropped instead, which ends the transaction on the server.
    if (isReadTimeout(error)) broken ??= error as Error;
    if (!broken) await client.query('ROLLBACK').catch((rollback: Error) => (broken = rollback));
    throw error;
  } finally {
    client.off('error', onError);
    client.release(broken);
  }
}

/** The first row of a query, or undefined. */
export async function one<Row extends pg.QueryResultRow>(
  db: Queryable,
  sql: string,
  values: unknown[] = [],
): Promise<Row | undefined> {
  return (await db.query<Row>(sql, values)).rows[0];
}
