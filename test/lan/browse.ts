/**
 * Child script (run in the guest namespace by lan.test.ts): main/'s LAN browser, as the desktop
 * app runs it, printing `{"event":"list","servers":[...]}` every time its list changes.
 * Stops browsing (closing its mDNS socket) on SIGTERM.
 */
import './namespace-only';
import { browseLan } from '../../main/lan/lan-browser';

const print = (report: object) => process.stdout.write(`${JSON.stringify(report)}\n`);
const browser = browseLan((servers) => print({ event: 'list', servers }));
print({ event: 'list', servers: browser.list() });

process.once('SIGTERM', () => {
  browser.stop();
  process.exit(0);
});
