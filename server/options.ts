import { createPrivateKey, X509Certificate } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { BATCH_WINDOW_MS, REGISTRATION_POLICIES, type RegistrationPolicy } from './protocol.js';
import type { ChatStore, InvitationLimits, RoomQuota } from './storage/store.js';
import type { Logger } from './logger.js';
import { DESKTOP_ORIGIN } from './http/origin-policy.js';
import { ProxyTrust } from './http/proxy-trust.js';
import { nameProblem } from './names.js';

/** Password hashes the whole server runs at once, and how many more may wait for a turn. */
export interface HashJobLimit {
  running: number;
  waiting: number;
}
/** A token bucket: `perSecond` sustained, up to `burst` at once. */
export interface BucketLimit {
  perSecond: number;
  burst: number;
}
/** At most `max` attempts in every `windowMs`. */
export interface WindowLimit {
  max: number;
  windowMs: number;
}

// The store enforces these limits, so it owns their types (and options.ts imports them, never
// the reverse: no import cycle).
export type { InvitationLimits, RoomQuota };

/** Options of {@link createChatServer}. Only `dataDir` is required. */
export interface ChatServerOptions {
  /** Folder for the database and the JWT secret; created with mode 0700 if missing. */
  dataDir: string;
  /**
   * Shown to clients by `GET /api/info` and put in invites. Default "Parley". Held to the rule of
   * display and room names (names.ts): nothing invisible, no bidi controls.
   */
  name?: string;
  /** Who may create an account. Default "open". */
  registration?: RegistrationPolicy;
  /** HS256 secret, at least 32 bytes. Default: 32 random bytes kept in `<dataDir>/jwt-secret`. */
  jwtSecret?: string | Buffer;
  /** Access-token lifetime in seconds: short by design. Default 900 (15 minutes), at most 86400. */
  accessTokenTtlSec?: number;
  /** Refresh-token lifetime in seconds. Default 30 days. */
  refreshTokenTtlSec?: number;
  /**
   * How long, in seconds, the refresh token just before the current one is still taken after it
   * was spent, for a client whose refresh answer was lost (it rotates again, and the token issued
   * the first time stops working). Later, presenting it revokes the session. Default 30, at
   * most 300.
   */
  refreshGraceSec?: number;
  /** Absolute session lifetime in seconds, however often it is refreshed. Default 90 days. */
  sessionMaxAgeSec?: number;
  /** Invite-code lifetime in seconds. Default 7 days. */
  inviteTtlSec?: number;
  /**
   * How long before expiry a socket is sent `auth:expiring`; shorter than `accessTokenTtlSec`.
   * Default: a fifth of the token's lifetime, at most 60.
   */
  expiringNoticeSec?: number;
  /** Accept `?token=` on the socket handshake, for clients of the classic design. Default false. */
  allowQueryToken?: boolean;
  /** Longest message text after trimming. Default 4000. */
  maxTextLength?: number;
  /** Largest uploaded file in bytes. Default 25 MiB, at most 2 GiB. */
  maxFileBytes?: number;
  /** Bytes of files one user may keep uploaded (all their files together). Default 1 GiB. */
  fileQuotaBytes?: number;
  /** Per-user upload rate (`POST /api/files`). Default 2/s, bursts of 20. */
  uploadRate?: BucketLimit;
  /** Largest socket frame in bytes. Default 65536. */
  maxFrameBytes?: number;
  /** Per-user message rate. Default 10/s, bursts of 20. */
  messageRate?: BucketLimit;
  /** Per-user rate of the other acknowledged events. Default 20/s, bursts of 40. */
  eventRate?: BucketLimit;
  /**
   * How long, in ms, a busy room (one delivering its third message within this long) may hold
   * new messages back to send them as one `messages` batch to the sockets that asked for
   * batches (see `ServerToClientEvents.messages`); other messages go once their commit is done.
   * An integer from 0 (never: every message is its own `message` event, sent at once) to 10.
   * Default 10.
   */
  batchWindowMs?: number;
  /** Per-user rate of `search`, on top of `eventRate`. Default 2/s, bursts of 10. */
  searchRate?: BucketLimit;
  /** Login attempts per IP and username together. Default 10 a minute. */
  loginRate?: WindowLimit;
  /** Registrations per IP. Default 20 an hour. */
  registerRate?: WindowLimit;
  /**
   * Password hashes (scrypt) per IP, logins and registrations together: a cap the per-username
   * login limit cannot give. Default 60 a minute.
   */
  hashRate?: WindowLimit;
  /**
   * Password hashes the whole server runs at once, and how many more may wait for a turn; past
   * that, logins and registrations answer `rate_limited` at once. Default: running one fewer than
   * the CPUs this process may use (at least 1, at most 4), so the event loop keeps a core; 64
   * waiting.
   */
  hashJobs?: HashJobLimit;
  /** Attempts per IP to create the owner with a setup code. Default 10 in 15 minutes. */
  setupCodeRate?: WindowLimit;
  /** Refresh-token rotations per IP. Default 1 a second, bursts of 30. */
  refreshRate?: BucketLimit;
  /** Refresh-token rotations per session. Default 10 a minute. */
  sessionRefreshRate?: WindowLimit;
  /**
   * Ask for the setup code even from this machine. By default a server that listens on loopback
   * only lets requests from loopback create the owner without it (only someone on this machine
   * can reach it). Turn this on behind a reverse proxy on the same machine: every request then
   * arrives from loopback, whoever sent it. Requests that carry `Forwarded`, `X-Forwarded-For`
   * or `X-Real-IP`, and every request while Express's `trust proxy` is set, need the code anyway.
   */
  requireSetupCodeOnLoopback?: boolean;
  /** Rooms one user may create. Default 10 an hour and 100 in all; the owner is exempt. */
  roomQuota?: RoomQuota;
  /** Room invitations. Default 30 sent per user an hour, 20 waiting per invitee. */
  invitationLimits?: InvitationLimits;
  /**
   * Unsent data one connection may pile up before it is dropped as frozen: packets waiting in
   * engine.io's queue (any transport, before or after the socket handshake) and bytes in it plus
   * in the WebSocket's buffer. Default 5000 packets or 4 MiB.
   */
  slowClientLimit?: { packets: number; bytes: number };
  /** Open sockets one user may have at once. Default 20. */
  socketsPerUser?: number;
  /**
   * engine.io sessions from one IP address still in their handshake. Behind a reverse proxy every
   * client has the proxy's address: raise it there. Default 50.
   */
  handshakesPerIp?: number;
  /**
   * Benchmarks only: a handshake without a token takes its user id from `auth.userId`, unchecked
   * (one with a token is still verified). Never set this on a server people use.
   */
  unsafeSkipAuthForBenchmarks?: boolean;
  /** scrypt cost N (a power of two). Default 16384. */
  scryptCost?: number;
  /**
   * Browser origins besides this server's own that may use it (CORS and the socket handshake).
   * Default: only the desktop app, `app://parley`.
   */
  trustedOrigins?: string[];
  /**
   * Host names this server answers to besides IP addresses, localhost, `*.local` and this
   * machine's name: a guard against DNS rebinding. Add the public name of a server behind a
   * domain; `'*'` turns the check off.
   */
  allowedHosts?: string[];
  /**
   * Reverse proxies or load balancers in front of this server, whose `X-Forwarded-For` and
   * `X-Forwarded-Proto` are believed: their addresses, or `loopback`. Per-address limits then
   * count the client, not the proxy. Subnets and `linklocal` / `uniquelocal` are accepted but
   * warned about: every peer in them is believed, so a client inside one that reaches the server
   * directly could choose its address. Default none: those headers are ignored.
   */
  trustProxy?: string[];
  /**
   * Redis (`redis://host:port` or `rediss://…`) that joins this node to others serving the same
   * database: broadcasts, room joins and revocations reach every node's sockets, through the
   * Redis Streams adapter. Needs `jwtSecret`: every node must accept the others' tokens. Off by
   * default (one node). Presence, the socket cap and rate limits are then shared too
   * (docs/scale-out.md). The Redis client is loaded for it first, so only `openChatServer`
   * takes this option: a single node never loads it.
   */
  redis?: string;
  /**
   * Entries the Redis stream between the nodes keeps (approximately: Redis trims whole blocks).
   * A node that falls further behind than this misses broadcasts; it notices, and tells its
   * sockets to catch up from the database (`server:resync`). Default 10,000.
   */
  redisStreamMaxLen?: number;
  /**
   * Serve HTTPS and WSS with this certificate and key (PEM). See `loadOrCreateCertificate` for a
   * self-signed one kept in the data dir. Default: plain HTTP.
   */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** Built web client to serve at `/`, if any. */
  webRoot?: string;
  /** Storage to use instead of SQLite in `dataDir`. */
  store?: ChatStore;
  /**
   * A PostgreSQL database (`postgres://…` or `postgresql://…`) to keep the data in instead of
   * SQLite, which any number of nodes may share (with `redis` to join their sockets). Needs
   * `jwtSecret`, which every node shares. The schema is migrated on start under a lock, and a
   * schema newer than this code is refused. Opening it takes a round trip, so only
   * `openChatServer` takes this option; `createChatServer` takes a ready `store`.
   */
  database?: string;
  /** Where to log. Default: warnings and errors to the console. */
  logger?: Logger;
  /**
   * Serve Prometheus metrics at `GET /metrics` on a listener of their own (never the chat port),
   * on `host` (default 127.0.0.1) and `port` (0: any free port). Default: off.
   */
  metrics?: MetricsOption;
}

/** Where the metrics listener binds; see {@link ChatServerOptions.metrics}. */
export interface MetricsOption {
  port: number;
  host?: string;
}

export type ResolvedOptions = Required<
  Omit<
    ChatServerOptions,
    'jwtSecret' | 'webRoot' | 'store' | 'tls' | 'metrics' | 'redis' | 'database'
  >
> &
  Pick<ChatServerOptions, 'jwtSecret' | 'webRoot' | 'store' | 'tls' | 'redis' | 'database'> & {
    metrics: Required<MetricsOption> | undefined;
  };

const DAY = 24 * 60 * 60;

function fail(option: string, expected: string, value: unknown): never {
  throw new TypeError(
    `createChatServer: option "${option}" must be ${expected} (got ${JSON.stringify(value)})`,
  );
}

function flag(option: string, value: unknown): boolean {
  if (value !== undefined && typeof value !== 'boolean') fail(option, 'true or false', value);
  return value === true;
}

/** Default running: one fewer than the CPUs this process may use, so the event loop keeps one. */
function hashJobLimit(value: HashJobLimit | undefined): HashJobLimit {
  if (value !== undefined && (typeof value !== 'object' || value === null))
    fail('hashJobs', 'an object { running, waiting }', value);
  const running = Math.min(4, Math.max(1, availableParallelism() - 1));
  return {
    running: positiveInt('hashJobs.running', value?.running, running, 64),
    waiting: positiveInt('hashJobs.waiting', value?.waiting, 64, 10_000),
  };
}

function positiveInt(option: string, value: unknown, fallback: number, max = 2 ** 31 - 1): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0 || value > max) {
    fail(option, `an integer from 1 to ${max}`, value);
  }
  return value;
}

/** The batch window: 0 (off) to BATCH_WINDOW_MS, where positiveInt starts at 1. */
function batchWindow(value: unknown): number {
  if (value === undefined) return BATCH_WINDOW_MS;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > BATCH_WINDOW_MS)
    fail('batchWindowMs', `an integer from 0 to ${BATCH_WINDOW_MS}`, value);
  return value;
}

/** A refill rate: any positive number, so that 0.1 is one every ten seconds. */
function positiveRate(option: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > 1e6)
    fail(option, 'a number above 0, at most 1000000', value);
  return value;
}

function bucket(
  option: string,
  value: BucketLimit | undefined,
  fallback: BucketLimit,
): BucketLimit {
  if (value === undefined) return fallback;
  if (typeof value !== 'object' || value === null)
    fail(option, 'an object { perSecond, burst }', value);
  return {
    perSecond: positiveRate(`${option}.perSecond`, value.perSecond, fallback.perSecond),
    burst: positiveInt(`${option}.burst`, value.burst, fallback.burst),
  };
}

function windowLimit(
  option: string,
  value: WindowLimit | undefined,
  fallback: WindowLimit,
): WindowLimit {
  if (value === undefined) return fallback;
  if (typeof value !== 'object' || value === null)
    fail(option, 'an object { max, windowMs }', value);
  return {
    max: positiveInt(`${option}.max`, value.max, fallback.max),
    windowMs: positiveInt(`${option}.windowMs`, value.windowMs, fallback.windowMs),
  };
}

/** The object option `option`, or an empty one when it is not given (its fields then default). */
function group<T extends object>(option: string, value: T | undefined, fields: string): Partial<T> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null) fail(option, `an object { ${fields} }`, value);
  return value;
}

function stringList(option: string, value: unknown, fallback: string[]): string[] {
  if (value === undefined) return fallback;
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string' && item !== ''))
    fail(option, 'an array of non-empty strings', value);
  return value.map((item: string) => item.toLowerCase());
}

/**
 * `redis` or `database`: a URL of one of `protocols`, given only with a shared `jwtSecret` (each
 * node must accept the others' tokens).
 */
function clusterUrl(
  option: string,
  value: unknown,
  protocols: string[],
  secret: unknown,
): string | undefined {
  if (value === undefined) return undefined;
  // The scheme only: WHATWG URL refuses connection strings the drivers take, such as
  // postgresql://user@/db?host=/run/postgresql (a Unix socket, no host).
  const protocol =
    typeof value === 'string' ? (/^[a-z][a-z0-9+.-]*:(?=\/\/)/i.exec(value)?.[0] ?? '') : '';
  if (!protocols.includes(protocol))
    fail(
      option,
      `a ${protocols.map((p) => `${p}//`).join(' or ')} URL`,
      typeof value === 'string' ? 'something else' : value,
    );
  if (secret === undefined)
    fail(
      'jwtSecret',
      `given when ${option} is (every node must accept the others' tokens)`,
      secret,
    );
  return value as string;
}

/** `trustProxy`, checked by compiling it as it will be used. */
function proxyList(value: unknown): string[] {
  const list = stringList('trustProxy', value, []);
  try {
    new ProxyTrust(list);
  } catch {
    fail('trustProxy', 'IP addresses, subnets, or loopback | linklocal | uniquelocal', value);
  }
  return list;
}

/**
 * Parses the certificate and key, and checks that they belong together, so that a bad PEM fails
 * here, before the data dir, the database or a socket is opened (nothing to leak).
 */
function checkTls(value: ChatServerOptions['tls']): ChatServerOptions['tls'] {
  if (value === undefined) return undefined;
  const pem = (part: unknown) => typeof part === 'string' || Buffer.isBuffer(part);
  if (typeof value !== 'object' || value === null || !pem(value.cert) || !pem(value.key))
    fail('tls', 'an object { cert, key } of PEM strings or Buffers', typeof value);
  let matches: boolean;
  try {
    matches = new X509Certificate(value.cert).checkPrivateKey(createPrivateKey(value.key));
  } catch {
    fail('tls', 'a PEM certificate and its private key', 'something that does not parse');
  }
  if (!matches) fail('tls', 'a certificate and its own key', 'a key of another certificate');
  return value;
}

function checkSecret(value: unknown): string | Buffer | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' && !Buffer.isBuffer(value))
    fail('jwtSecret', 'a string or Buffer', typeof value);
  if (Buffer.byteLength(value) < 32)
    fail('jwtSecret', 'at least 32 bytes long', `${Buffer.byteLength(value)} bytes`);
  return value;
}

/**
 * How long before expiry a socket is told to refresh. It must be shorter than the token's
 * lifetime, or every refresh would be answered at once by another notice (a refresh storm).
 * The default scales with short lifetimes: a fifth of it, at most 60 s.
 */
function expiringNotice(value: unknown, ttlSec: number): number {
  const notice = positiveInt('expiringNoticeSec', value, Math.min(60, Math.floor(ttlSec / 5)));
  if (value !== undefined && notice >= ttlSec)
    fail('expiringNoticeSec', `shorter than accessTokenTtlSec (${ttlSec})`, value);
  return notice;
}

/** The metrics listener's port and host, checked; no other keys (a typo would go unnoticed). */
function metricsOption(value: unknown): Required<MetricsOption> | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null)
    fail('metrics', 'an object { port, host? }', value);
  for (const key of Object.keys(value))
    if (key !== 'port' && key !== 'host') fail(`metrics.${key}`, 'a known option', 'unknown');
  const { port, host = '127.0.0.1' } = value as Partial<MetricsOption>;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535)
    fail('metrics.port', 'an integer from 0 to 65535', port);
  if (typeof host !== 'string' || host.trim() === '')
    fail('metrics.host', 'a host name or address', host);
  return { port, host };
}

/** Checks every option and fills in defaults. Throws a TypeError naming the first bad option. */
export function resolveOptions(options: ChatServerOptions, defaultLogger: Logger): ResolvedOptions {
  if (typeof options !== 'object' || options === null) fail('options', 'an object', options);
  const { dataDir, name = 'Parley', registration = 'open', logger = defaultLogger } = options;
  if (typeof dataDir !== 'string' || dataDir.trim() === '')
    fail('dataDir', 'a non-empty path', dataDir);
  if (
    typeof name !== 'string' ||
    name.trim() === '' ||
    name.length > 64 ||
    nameProblem(name.trim()) !== undefined
  )
    fail('name', '1 to 64 visible characters (nothing invisible, no bidi controls)', name);
  if (!REGISTRATION_POLICIES.includes(registration))
    fail('registration', REGISTRATION_POLICIES.join(' | '), registration);
  const scryptCost = positiveInt('scryptCost', options.scryptCost, 16384);
  if ((scryptCost & (scryptCost - 1)) !== 0 || scryptCost < 1024)
    fail('scryptCost', 'a power of two >= 1024', scryptCost);
  if (options.webRoot !== undefined && typeof options.webRoot !== 'string')
    fail('webRoot', 'a path', options.webRoot);
  const roomQuota = group('roomQuota', options.roomQuota, 'perHour, total');
  const invitationLimits = group(
    'invitationLimits',
    options.invitationLimits,
    'perHour, pendingPerInvitee',
  );
  const accessTokenTtlSec = positiveInt(
    'accessTokenTtlSec',
    options.accessTokenTtlSec,
    900,
    86_400,
  );
  const resolved: ResolvedOptions = {
    dataDir,
    name: name.trim(),
    registration,
    jwtSecret: checkSecret(options.jwtSecret),
    accessTokenTtlSec,
    refreshTokenTtlSec: positiveInt('refreshTokenTtlSec', options.refreshTokenTtlSec, 30 * DAY),
    // A long grace would let a stolen spent token through: reuse detection works outside it.
    refreshGraceSec: positiveInt('refreshGraceSec', options.refreshGraceSec, 30, 300),
    sessionMaxAgeSec: positiveInt('sessionMaxAgeSec', options.sessionMaxAgeSec, 90 * DAY),
    inviteTtlSec: positiveInt('inviteTtlSec', options.inviteTtlSec, 7 * DAY),
    expiringNoticeSec: expiringNotice(options.expiringNoticeSec, accessTokenTtlSec),
    allowQueryToken: options.allowQueryToken === true,
    maxTextLength: positiveInt('maxTextLength', options.maxTextLength, 4000),
    maxFileBytes: positiveInt('maxFileBytes', options.maxFileBytes, 25 * 1024 * 1024, 2 ** 31),
    fileQuotaBytes: positiveInt(
      'fileQuotaBytes',
      options.fileQuotaBytes,
      1024 * 1024 * 1024,
      Number.MAX_SAFE_INTEGER,
    ),
    uploadRate: bucket('uploadRate', options.uploadRate, { perSecond: 2, burst: 20 }),
    maxFrameBytes: positiveInt('maxFrameBytes', options.maxFrameBytes, 64 * 1024),
    messageRate: bucket('messageRate', options.messageRate, { perSecond: 10, burst: 20 }),
    eventRate: bucket('eventRate', options.eventRate, { perSecond: 20, burst: 40 }),
    batchWindowMs: batchWindow(options.batchWindowMs),
    searchRate: bucket('searchRate', options.searchRate, { perSecond: 2, burst: 10 }),
    loginRate: windowLimit('loginRate', options.loginRate, { max: 10, windowMs: 60_000 }),
    registerRate: windowLimit('registerRate', options.registerRate, {
      max: 20,
      windowMs: 3_600_000,
    }),
    hashRate: windowLimit('hashRate', options.hashRate, { max: 60, windowMs: 60_000 }),
    hashJobs: hashJobLimit(options.hashJobs),
    setupCodeRate: windowLimit('setupCodeRate', options.setupCodeRate, {
      max: 10,
      windowMs: 15 * 60_000,
    }),
    refreshRate: bucket('refreshRate', options.refreshRate, { perSecond: 1, burst: 30 }),
    sessionRefreshRate: windowLimit('sessionRefreshRate', options.sessionRefreshRate, {
      max: 10,
      windowMs: 60_000,
    }),
    requireSetupCodeOnLoopback: flag(
      'requireSetupCodeOnLoopback',
      options.requireSetupCodeOnLoopback,
    ),
    scryptCost,
    roomQuota: {
      perHour: positiveInt('roomQuota.perHour', roomQuota.perHour, 10),
      total: positiveInt('roomQuota.total', roomQuota.total, 100),
    },
    invitationLimits: {
      perHour: positiveInt('invitationLimits.perHour', invitationLimits.perHour, 30),
      pendingPerInvitee: positiveInt(
        'invitationLimits.pendingPerInvitee',
        invitationLimits.pendingPerInvitee,
        20,
      ),
    },
    socketsPerUser: positiveInt('socketsPerUser', options.socketsPerUser, 20),
    handshakesPerIp: positiveInt('handshakesPerIp', options.handshakesPerIp, 50),
    slowClientLimit: {
      packets: positiveInt('slowClientLimit.packets', options.slowClientLimit?.packets, 5000),
      bytes: positiveInt('slowClientLimit.bytes', options.slowClientLimit?.bytes, 4 * 1024 * 1024),
    },
    unsafeSkipAuthForBenchmarks: options.unsafeSkipAuthForBenchmarks === true,
    trustedOrigins: stringList('trustedOrigins', options.trustedOrigins, [DESKTOP_ORIGIN]),
    allowedHosts: stringList('allowedHosts', options.allowedHosts, []),
    trustProxy: proxyList(options.trustProxy),
    redis: clusterUrl('redis', options.redis, ['redis:', 'rediss:'], options.jwtSecret),
    redisStreamMaxLen: positiveInt('redisStreamMaxLen', options.redisStreamMaxLen, 10_000),
    database: clusterUrl(
      'database',
      options.database,
      ['postgres:', 'postgresql:'],
      options.jwtSecret,
    ),
    tls: checkTls(options.tls),
    webRoot: options.webRoot,
    store: options.store,
    logger,
    metrics: metricsOption(options.metrics),
  };
  // A typo ("acessTokenTtlSec") would otherwise be ignored and its default used in silence.
  for (const key of Object.keys(options)) {
    if (!Object.hasOwn(resolved, key)) fail(key, 'a known option', 'an unknown option');
  }
  return resolved;
}
