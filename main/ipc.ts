import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { isAppUrl } from './app-origin';
import type {
  AnswerOf,
  CheckedArgsOf,
  EventArgsOf,
  EventChannel,
  InvokeChannel,
} from './ipc-contract';
import { argSchemas } from './ipc-schemas';

type Handler<C extends InvokeChannel> = (
  ...args: CheckedArgsOf<C>
) => AnswerOf<C> | Promise<AnswerOf<C>>;

/** The webContents of the app's own windows; IPC from anything else is refused. */
export type OwnContents = () => readonly WebContents[];

/**
 * True when an IPC message comes from the top frame of one of our windows, showing our own
 * pages. Subframes, other windows and pages that navigated elsewhere all fail.
 */
export function isOwnSender(event: IpcMainInvokeEvent, own: OwnContents): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  return own().some((contents) => contents.id === event.sender.id) && isAppUrl(frame.url);
}

/**
 * Registers the handler of one channel. The sender is checked first, then the arguments
 * against the channel's schema; the handler only ever sees valid arguments.
 */
export function handle<C extends InvokeChannel>(
  channel: C,
  own: OwnContents,
  handler: Handler<C>,
): void {
  ipcMain.handle(channel, async (event, ...args: unknown[]) => {
    if (!isOwnSender(event, own)) throw new Error(`${channel}: refused, unknown sender`);
    const parsed = argSchemas[channel].safeParse(args);
    if (!parsed.success) throw new Error(`${channel}: invalid arguments`);
    return handler(...(parsed.data as CheckedArgsOf<C>));
  });
}

/** Sends an event to every window of ours. */
export function broadcast<C extends EventChannel>(
  own: OwnContents,
  channel: C,
  ...args: EventArgsOf<C>
): void {
  for (const contents of own()) if (!contents.isDestroyed()) contents.send(channel, ...args);
}
