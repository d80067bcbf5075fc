import { createHostEntry, parentChannel } from './host-process.js';

/**
 * The server's entry when the desktop app hosts it: the main process starts this file
 * (`dist/node/server/host-entry.js`) in an Electron utilityProcess, or a Node fork in tests. A
 * crash here ends this process only, never the app's window. The work is in `host-process.ts`.
 */
createHostEntry(parentChannel()).start();
