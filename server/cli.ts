#!/usr/bin/env node
import { USAGE, parseCli, reachableUrls } from './cli-args.js';
import { createChatServer } from './create-chat-server.js';

/** `npm run server -- --port 4000 --host 0.0.0.0 --data ./data --name "Office"` */
try {
  const { options, port, host, help } = parseCli(process.argv.slice(2), process.env);
  if (help) process.exit(console.log(USAGE) ?? 0);
  const server = createChatServer({ ...options, logger: console });
  const address = await server.listen(port, host);
  console.log(
    `Parley "${server.options.name}" is up (registration: ${server.options.registration}). Open:`,
  );
  for (const url of reachableUrls(host, address.port)) console.log(`  ${url}`);
  const stop = (signal: string) => {
    console.log(`\n${signal}: closing…`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop).once('SIGTERM', stop);
} catch (error) {
  console.error(`parley: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
  process.exit(2);
}
