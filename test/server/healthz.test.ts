import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../server/http/http-app.js';
import { silentLogger } from '../../server/logger.js';
import { startServer } from './helpers.js';

const closers: Array<() => void> = [];
afterEach(() => closers.splice(0).forEach((close) => close()));

/** The server's HTTP app alone, with `failing` as its health source, on port 0. */
async function appWith(failing: () => string | undefined): Promise<string> {
  const app = express();
  const pass: express.RequestHandler = (_req, _res, next) => next();
  createHttpApp(app, express.Router(), pass, undefined, silentLogger, failing, express.Router());
  const listener = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => listener.once('listening', resolve));
  closers.push(() => listener.close());
  return `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;
}

describe('/healthz', () => {
  it('answers ok on a running server', async () => {
    const { url } = await startServer();
    const answer = await fetch(`${url}/healthz`);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ status: 'ok' });
  });

  it('answers 503 naming the failed part once one has failed (a WAL flush: storage)', async () => {
    const part: { failed?: string } = {};
    const url = await appWith(() => part.failed);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    part.failed = 'storage';
    const answer = await fetch(`${url}/healthz`);
    expect(answer.status).toBe(503);
    expect(await answer.json()).toEqual({ status: 'failing', failing: 'storage' });
  });
});
