#!/usr/bin/env node
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SETUP_CODE_FILE } from './auth/setup-code.js';
import { USAGE, isLoopback, parseCli, reachableUrls, setupCodeNotice } from './cli-args.js';
import { NO_TLS_WARNING, loadTls } from './cli-tls.js';
import { openChatServer } from './open-chat-server.js';
import { PROTOCOL_VERSION } from './protocol.js';
import { groupFingerprint } from './shared/fingerprint.js';
import { isOpsCommand, runOpsCommand } from './ops/ops-cli.js';
import { createPinoLogger } from './ops/log-pino.js';

/**
 * `npm run server -- --port 4000 --host 0.0.0.0 --data ./data --name "Office"`. A function, not
 * top-level await: the bundle `npm run server` runs is CommonJS (cli-cached.ts says why).
 */
async function main(): Promise<void> {
  try {
    // `backup` and `restore` do their job and exit; they never start a server.
    if (isOpsCommand(process.argv.slice(2)))
      process.exit(console.log(await runOpsCommand(process.argv.slice(2))) ?? 0);
    const cli = parseCli(process.argv.slice(2), process.env);
    if (cli.help) process.exit(console.log(USAGE) ?? 0);
    if (cli.tls.mode === 'off' && !isLoopback(cli.host)) console.warn(NO_TLS_WARNING);
    mkdirSync(cli.options.dataDir, { recursive: true, mode: 0o700 });
    const tls = await loadTls(cli.tls, cli.options.dataDir);
    // What happens while it runs goes to stdout as JSON lines; this startup text stays plain.
    const logger = createPinoLogger(cli.logLevel);
    const server = await openChatServer({ ...cli.options, tls, logger });
    const { port } = await server.listen(cli.port, cli.host);
    // Handled from the moment it listens, before it says so: a supervisor (or a test) that stops
    // it as soon as it reads the URLs gets a clean close, not the default death by signal.
    const lanAd: { mdns?: { stop(): Promise<void> } } = {};
    const stop = (signal: string) => {
      console.log(`\n${signal}: closing…`);
      Promise.all([lanAd.mdns?.stop(), server.close()]).then(
        () => process.exit(0),
        (error: unknown) => (console.error(error), process.exit(1)),
      );
    };
    process.once('SIGINT', stop).once('SIGTERM', stop);
    const { name, registration } = server.options;
    // One write for the heading and every URL: a reader of the pipe (a test, a supervisor) that
    // sees the heading then sees the whole list, never the first URL alone.
    const urls = reachableUrls(cli.host, port, !!tls).map((url) => `\n  ${url}`);
    console.log(`Parley "${name}" is up (registration: ${registration}). Open:${urls.join('')}`);
    const metrics = server.metricsAddress();
    if (metrics)
      console.log(
        `Metrics (Prometheus): ${reachableUrls(metrics.address, metrics.port)[0]}metrics`,
      );
    const { serverId, fingerprint } = server;
    if (fingerprint) {
      const groups = groupFingerprint(fingerprint);
      console.log(`Certificate fingerprint (SHA-256), to compare aloud:\n  ${groups}`);
    }
    const setupCode = await server.setupCode();
    if (setupCode) {
      const file = join(cli.options.dataDir, SETUP_CODE_FILE);
      const localSkip = isLoopback(cli.host) && !cli.options.requireSetupCodeOnLoopback;
      console.log(setupCodeNotice(setupCode, file, localSkip));
    }
    // Run only when used, like the certificate library (bundled into dist/server/cli-bundle.cjs,
    // so they are parsed at every start, but their modules run only here).
    const lan = cli.advertise ? await import('./lan/advertise.js') : undefined;
    const service = { name, serverId, port, protocol: PROTOCOL_VERSION, fingerprint };
    lanAd.mdns = lan?.advertise(service, console);
    // PARLEY_NO_MDNS wins over the flag (advertise() says so itself).
    if (lan && !lan.advertisingDisabled())
      console.log('Advertised on the LAN as _parley._tcp (--no-advertise turns it off).');
  } catch (error) {
    console.error(`parley: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    process.exit(2);
  }
}

/** Settles once the server listens and has said so (or the command is done); never rejects. */
export const started: Promise<void> = main();
