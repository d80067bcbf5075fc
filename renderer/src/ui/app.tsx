import { useCallback, useEffect, useState } from 'react';
import type { ServerInfo } from '../../../server/protocol';
import { ApiClient, ApiError } from '../lib/api-client';
import { Session } from '../lib/session';
import { defaultTokenStore } from '../lib/token-store';
import { AuthScreen } from './auth-screen';
import { ChatScreen } from './chat-screen';
import { ConnectScreen } from './connect-screen';

const SERVER_KEY = 'parley.server';
const REMEMBER_KEY = 'parley.remember';
const tokenStore = defaultTokenStore();

type Phase =
  | { name: 'connect'; error?: string }
  | { name: 'loading'; api: ApiClient }
  | { name: 'auth'; api: ApiClient; info: ServerInfo; notice?: string }
  | { name: 'chat'; api: ApiClient; info: ServerInfo; session: Session };

/** The server to start with: the last one used, else the page's own origin in a browser. */
function initialServer(): string | undefined {
  const saved = localStorage.getItem(SERVER_KEY);
  if (saved) return saved;
  return location.protocol === 'http:' || location.protocol === 'https:'
    ? location.origin
    : undefined;
}

/** Connect, sign in, chat: which screen shows, and the hand-over between them. */
export function App() {
  const [phase, setPhase] = useState<Phase>(() => {
    const server = initialServer();
    return server ? { name: 'loading', api: new ApiClient(server) } : { name: 'connect' };
  });

  const open = useCallback(async (api: ApiClient) => {
    setPhase({ name: 'loading', api });
    let info: ServerInfo;
    try {
      info = await api.info();
    } catch (error) {
      return setPhase({
        name: 'connect',
        error: error instanceof Error ? error.message : String(error),
      });
    }
    localStorage.setItem(SERVER_KEY, api.serverUrl);
    try {
      const session = await Session.resume(
        api,
        tokenStore,
        localStorage.getItem(REMEMBER_KEY) === '1',
      );
      setPhase(session ? { name: 'chat', api, info, session } : { name: 'auth', api, info });
    } catch (error) {
      const notice =
        error instanceof ApiError && error.code !== 'unreachable'
          ? 'Please sign in again.'
          : undefined;
      setPhase({ name: 'auth', api, info, notice });
    }
  }, []);

  useEffect(() => {
    if (phase.name === 'loading') void open(phase.api);
    // Only the very first phase loads by itself; later ones are opened explicitly.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  switch (phase.name) {
    case 'connect':
      return (
        <ConnectScreen
          error={phase.error}
          initial={initialServer()}
          onConnect={(url) => void open(new ApiClient(url))}
        />
      );
    case 'loading':
      return (
        <main className="center-screen" aria-busy="true">
          <p>Connecting to {phase.api.serverUrl}…</p>
        </main>
      );
    case 'auth':
      return (
        <AuthScreen
          api={phase.api}
          info={phase.info}
          notice={phase.notice}
          onChangeServer={() => setPhase({ name: 'connect' })}
          onSignedIn={async (pair, remember) => {
            localStorage.setItem(REMEMBER_KEY, remember ? '1' : '0');
            const session = await Session.start(phase.api, tokenStore, pair, remember);
            setPhase({ name: 'chat', api: phase.api, info: phase.info, session });
          }}
        />
      );
    case 'chat':
      return (
        <ChatScreen
          key={phase.session.user.id}
          session={phase.session}
          info={phase.info}
          onEnded={(notice) => setPhase({ name: 'auth', api: phase.api, info: phase.info, notice })}
        />
      );
  }
}
