import * as z from 'zod';
import { reachableUrls } from './cli-args.js';
import { createChatServer, type ChatServer } from './create-chat-server.js';
import type { HostCommand, HostReport, HostStartOptions } from './host-protocol.js';
import { advertise, type Advertisement } from './lan/advertise.js';
import { PROTOCOL_VERSION, REGISTRATION_POLICIES } from './protocol.js';
import { loadOrCreateCertificate } from './tls/self-signed.js';
import { quietConsoleLogger } from './logger.js';

/**
 * The server as the desktop app hosts it, driven by {@link HostCommand}s from the main process
 * and answering with {@link HostReport}s. Nothing happens at import: `host-entry.ts` creates it
 * on the process's parent channel and starts it, and tests can run it in-process.
 */

/** The way to the main process: Electron's parentPort, or a Node fork's IPC. */
export interface ParentChannel {
  send(report: HostReport): void;
  onMessage(listener: (message: unknown) => void): void;
  /** The parent went away (a Node fork's IPC closed); Electron ends the utilityProcess itself. */
  onClose(listener: () => void): void;
}

interface ParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

/** This process's channel to its parent; throws when it was not started by the app. */
export function parentChannel(): ParentChannel {
  const port = (process as { parentPort?: ParentPort }).parentPort;
  if (port) {
    return {
      send: (report) => port.postMessage(report),
      onMessage: (listener) => port.on('message', (event) => listener(event.data)),
      onClose: () => undefined,
    };
  }
  const send = process.send?.bind(process);
  if (!send) throw new Error('host-entry runs only as a child of the Parley app');
  return {
    // After the parent has gone there is nobody to tell, and sending would throw.
    send: (report) => void (process.connected && send(report)),
    onMessage: (listener) => process.on('message', listener),
    onClose: (listener) => process.on('disconnect', listener),
  };
}

const commandSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('start'),
    options: z.object({
      dataDir: z.string().min(1),
      name: z.string().min(1).max(64),
      port: z.number().int().min(0).max(65535),
      reach: z.enum(['local', 'lan']),
      registration: z.enum(REGISTRATION_POLICIES),
      webRoot: z.string().optional(),
    }),
  }),
  z.object({ type: z.literal('stop') }),
]);

const STATS_MS = 1000;

/**
 * The hosted server of one process. `start()` begins listening to the parent; a `start` command
 * opens the chat server, a `stop` command (or the parent going away) closes it and calls `exit`
 * (the process's, by default: the main process waits for this child to end).
 */
export function createHostEntry(
  channel: ParentChannel,
  exit: (code: number) => void = (code) => process.exit(code),
) {
  let server: ChatServer | undefined;
  let mdns: Advertisement | undefined;
  let lastStats = '';
  /** True from a start without an owner until the owner exists. */
  let setupPending = false;
  let ticker: NodeJS.Timeout | undefined;

  async function open(options: HostStartOptions): Promise<void> {
    if (server) return;
    try {
      const lan = options.reach === 'lan';
      const tls = lan ? await loadOrCreateCertificate(options.dataDir) : undefined;
      // Only the server's own options: port and reach are where it listens, given to listen().
      const { dataDir, name, registration, webRoot } = options;
      // Warnings and errors only: the server logs a line per HTTP request at info.
      server = createChatServer({
        dataDir,
        name,
        registration,
        webRoot,
        tls,
        logger: quietConsoleLogger,
      });
      const host = lan ? '0.0.0.0' : '127.0.0.1';
      const { port } = await server.listen(options.port, host);
      const { serverId, fingerprint } = server;
      if (lan) {
        const service = { name: options.name, serverId, port, protocol: PROTOCOL_VERSION };
        mdns = advertise({ ...service, fingerprint }, console);
      }
      const setupCode = await server.setupCode();
      setupPending = setupCode !== undefined;
      const urls = reachableUrls(host, port, lan);
      channel.send({ type: 'ready', port, urls, fingerprint, setupCode });
      ticker = setInterval(() => {
        sendStats();
        watchSetup().catch((error: unknown) => console.error(error));
      }, STATS_MS).unref();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const message =
        code === 'EADDRINUSE'
          ? `Port ${options.port} is already in use; pick another one.`
          : error instanceof Error
            ? error.message
            : String(error);
      channel.send({ type: 'failed', message });
      await close(1);
    }
  }

  /** Connected sockets and distinct people, sent only when they change. */
  function sendStats(): void {
    if (!server) return;
    const sockets = [...server.io.of('/').sockets.values()];
    const people = new Set(sockets.map((socket) => socket.data.user?.id)).size;
    const stats = { type: 'stats', connections: sockets.length, people } as const;
    const key = JSON.stringify(stats);
    if (key === lastStats) return;
    lastStats = key;
    channel.send(stats);
  }

  /** Tells the app once the owner exists, so that it stops showing the spent setup code. */
  async function watchSetup(): Promise<void> {
    if (!setupPending || !server || (await server.setupCode()) !== undefined) return;
    setupPending = false;
    channel.send({ type: 'setup-done' });
  }

  async function close(exitCode: number): Promise<void> {
    clearInterval(ticker);
    await Promise.all([mdns?.stop(), server?.close()]).catch((error: unknown) =>
      console.error(error),
    );
    server = undefined;
    mdns = undefined;
    if (exitCode === 0) channel.send({ type: 'stopped' });
    exit(exitCode);
  }

  return {
    /** Starts taking commands from the parent. */
    start(): void {
      channel.onClose(() => void close(0));
      channel.onMessage((message) => {
        const command: HostCommand | undefined = commandSchema.safeParse(message).data;
        if (!command) return console.error('host-entry: ignored a malformed command');
        if (command.type === 'start') void open(command.options);
        else void close(0);
      });
    },
  };
}
