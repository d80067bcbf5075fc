import { describe, expect, it } from 'vitest';
import type { Logger } from '../../server/logger.js';
import { createPinoLogger, type LogLevel } from '../../server/ops/log-pino.js';
import { openSqliteStore } from '../../server/storage/sqlite/sqlite-store.js';
import type { TokenPair } from '../../server/protocol.js';
import { connect, http, register, request, startServer, tempDir, untyped } from './helpers.js';

/** A pino logger at `level` whose JSON lines are kept in memory. */
function captured(level: LogLevel): { logger: Logger; text: () => string; lines: () => any[] } {
  const chunks: string[] = [];
  const logger = createPinoLogger(level, { write: (chunk: string) => void chunks.push(chunk) });
  const text = () => chunks.join('');
  const lines = () =>
    text()
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line));
  return { logger, text, lines };
}

const PASSWORD = 'p4ssw0rd-that-must-never-show';
const NEW_PASSWORD = 'another-s3cret-never-logged';

describe('logs', () => {
  it('write one JSON line per request, and never a token, password or query string', async () => {
    const log = captured('debug');
    const { url } = await startServer({ logger: log.logger, scryptCost: 1024 });
    const registered = await register(url, 'alice', { password: PASSWORD });
    const login = await http<TokenPair>(url, '/api/login', {
      body: { username: 'alice', password: PASSWORD },
    });
    expect(login.status).toBe(200);
    const refreshed = await http<TokenPair>(url, '/api/refresh', {
      body: { refreshToken: login.body.refreshToken },
    });
    expect(refreshed.status).toBe(200);
    const wrong = await http(url, '/api/login', {
      body: { username: 'alice', password: NEW_PASSWORD },
    });
    expect(wrong.status).toBe(401);
    const withQuery = await http(url, `/api/info?token=${registered.token}&code=123456`, {
      token: refreshed.body.token,
      headers: { cookie: `session=${login.body.token}` },
    });
    expect(withQuery.status).toBe(200);

    const requests = log.lines().filter((line) => line.msg === 'request');
    expect(requests.map((line) => [line.method, line.path, line.status])).toEqual([
      ['POST', '/api/register', 201],
      ['POST', '/api/login', 200],
      ['POST', '/api/refresh', 200],
      ['POST', '/api/login', 401],
      ['GET', '/api/info', 200],
    ]);
    for (const line of requests) {
      expect(line.level).toBe(30); // info
      expect(typeof line.ms).toBe('number');
      expect(line.requestId).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect(requests.at(-1).requestId).toBe(withQuery.headers.get('x-request-id'));

    const secrets = [
      PASSWORD,
      NEW_PASSWORD,
      registered.token,
      registered.refreshToken,
      login.body.token,
      login.body.refreshToken,
      refreshed.body.token,
      refreshed.body.refreshToken,
      '123456',
    ];
    for (const secret of secrets) expect(log.text()).not.toContain(secret);
  });

  it('log a refused event at debug, an internal failure at error, and never the secrets', async () => {
    const log = captured('debug');
    const dataDir = tempDir();
    const store = openSqliteStore(dataDir);
    const { url } = await startServer({ logger: log.logger, scryptCost: 1024, dataDir, store });
    const alice = await register(url, 'alice', { password: PASSWORD });
    const socket = await connect(url, alice.token);

    const invalid = await request(socket, 'message:send', { roomId: 1, text: PASSWORD });
    expect(invalid.error.code).toBe('invalid_payload');
    const unknown = await request(socket, 'made-up-event-name', { token: alice.token });
    expect(unknown.error.code).toBe('unknown_event');
    // The database goes away under a running server: the next send fails inside.
    await store.close();
    const failed = await request(socket, 'message:send', {
      roomId: 1,
      text: 'hello',
      clientId: 'c1',
    });
    expect(failed.error.code).toBe('internal_error');

    const events = log.lines().filter((line) => line.msg !== 'request');
    const refused = events.filter((line) => line.msg === 'socket event refused');
    expect(refused.map((line) => [line.level, line.event, line.errorCode])).toEqual([
      [20, 'message:send', 'invalid_payload'],
      [20, undefined, 'unknown_event'],
    ]);
    const internal = events.filter((line) => line.msg === 'socket event failed');
    expect(internal).toHaveLength(1);
    expect(internal[0]).toMatchObject({
      level: 50,
      event: 'message:send',
      errorCode: 'internal_error',
    });
    expect(internal[0].err.message).toMatch(/not open/);
    for (const secret of [PASSWORD, alice.token, alice.refreshToken, 'made-up-event-name'])
      expect(log.text()).not.toContain(secret);
  });

  it('keep refused events out of an info-level log, so a flood cannot fill it', async () => {
    const log = captured('info');
    const { url } = await startServer({ logger: log.logger, scryptCost: 1024 });
    const alice = await register(url, 'alice');
    const socket = await connect(url, alice.token);
    for (let i = 0; i < 20; i++) untyped(socket).emit('message:send', {}, () => {});
    await request(socket, 'rooms:list', {});
    expect(log.lines().filter((line) => line.msg !== 'request')).toEqual([]);
  });

  it('redact secret keys in anything logged, at any depth', () => {
    const log = captured('info');
    // Secrets that nothing else in the log can contain: the error's stack names the checkout's
    // path, and a CI clone in /tmp/tmp.7prT5nReXJ once held 'T5'.
    const secret = (n: number) => `secret-value-${n}`;
    log.logger.info('details', {
      token: secret(1),
      body: { password: secret(2), code: secret(3), refreshToken: secret(4) },
      headers: {
        authorization: `Bearer ${secret(5)}`,
        cookie: secret(6),
        'x-file-name': secret(7),
      },
      kept: 'visible',
    });
    log.logger.warn('failed', new Error('boom'));
    const [details, failed] = log.lines();
    expect(details.kept).toBe('visible');
    for (let n = 1; n <= 7; n++) expect(log.text()).not.toContain(secret(n));
    expect(failed).toMatchObject({ level: 40, msg: 'failed', err: { message: 'boom' } });
  });
});
