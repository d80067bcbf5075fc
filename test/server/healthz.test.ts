import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpApp, type Health } from '../../server/http/http-app.js';
import { silentLogger } from '../../server/logger.js';
import { startServer } from './helpers.js';

const closers: Array<() => void> = [];
afterEach(() => closers.splice(0).forEach((close) => close()));

/** The server's HTTP app alone, with `health` as its health source, on port 0. */
async function appWith(health: Health): Promise<string> {
  const app = express();
  const pass: express.RequestHandler = (_req, _res, next) => next();
  createHttpApp(app, express.Router(), pass, undefined, silentLogger, health, express.Router());
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
    const url = await appWith({ failing: () => part.failed, closing: () => false });
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    part.failed = 'storage';
    const answer = await fetch(`${url}/healthz`);
    expect(answer.status).toBe(503);
    expect(await answer.json()).toEqual({ status: 'failing', failing: 'storage' });
  });
});

describe('/readyz', () => {
  it('answers ready on a running server', async () => {
    const { url } = await startServer();
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it('answers 503 naming a failing dependency, which wins over closing', async () => {
    const state: { failed?: string; closing: boolean } = { closing: false };
    const url = await appWith({ failing: () => state.failed, closing: () => state.closing });
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    state.closing = true;
    expect(await (await fetch(`${url}/readyz`)).json()).toEqual({
      status: 'not_ready',
      failing: 'closing',
    });
    state.failed = 'database';
    const answer = await fetch(`${url}/readyz`);
    expect(answer.status).toBe(503);
    expect(await answer.json()).toEqual({ status: 'not_ready', failing: 'database' });
  });
});
