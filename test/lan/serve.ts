/**
 * Child script (run in a namespace by lan.test.ts): a real Parley server over TLS with its own
 * self-signed certificate, made in this namespace (so it names this namespace's address), on
 * every interface of the namespace, advertised over mDNS unless PARLEY_NO_MDNS says otherwise.
 *
 * Usage: serve.ts <port> <name> <dataDir>
 * Prints `{"event":"ready",...}`; on SIGTERM sends the mDNS goodbye, closes, prints
 * `{"event":"stopped","seen":...}` with what reached it, and exits.
 */
import './namespace-only';
import { createChatServer } from '../../server/create-chat-server.js';
import { advertise } from '../../server/lan/advertise.js';
import { silentLogger } from '../../server/logger.js';
import { PROTOCOL_VERSION } from '../../server/protocol.js';
import { loadOrCreateCertificate } from '../../server/tls/self-signed.js';

const [portArg = '0', name = 'Parley', dataDir = ''] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: serve.ts <port> <name> <dataDir>');

const server = createChatServer({
  dataDir,
  name,
  tls: await loadOrCreateCertificate(dataDir),
  logger: silentLogger,
});
const seen = { connections: 0, requests: 0, upgrades: 0, peers: [] as string[] };
server.httpServer.on('connection', (socket: { remoteAddress?: string }) => {
  seen.connections++;
  const peer = (socket.remoteAddress ?? '?').replace(/^::ffff:/, '');
  if (!seen.peers.includes(peer)) seen.peers.push(peer);
});
server.httpServer.on('request', () => seen.requests++);
server.httpServer.on('upgrade', () => seen.upgrades++);

const { port } = await server.listen(Number(portArg), '0.0.0.0');
const { serverId, fingerprint } = server;
const mdns = advertise(
  { name, serverId, port, protocol: PROTOCOL_VERSION, fingerprint },
  silentLogger,
);
const setupCode = await server.setupCode();
const print = (report: object) => process.stdout.write(`${JSON.stringify(report)}\n`);
print({ event: 'ready', port, serverId, fingerprint, setupCode });

process.once('SIGTERM', () => {
  Promise.all([mdns.stop(), server.close()]).then(
    () => {
      print({ event: 'stopped', seen });
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});
