import { DesktopShell } from './desktop-shell';
import { ServerSession, initialBrowserServer } from './server-session';

/** The desktop app gets the server rail and hosting; a browser talks to one server at a time. */
export function App() {
  const bridge = window.parley;
  if (bridge) return <DesktopShell bridge={bridge} />;
  return <ServerSession serverUrl={initialBrowserServer()} />;
}
