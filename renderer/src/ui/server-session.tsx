import { useCallback, useEffect, useState } from 'react';
import type { ServerInfo } from '../../../server/protocol';
import { ApiClient, ApiError } from '../lib/api-client';
import { readMessageFragment } from '../lib/message-link';
import type { ServerAddress } from '../lib/server-address';
import { Session } from '../lib/session';
import { defaultTokenStore } from '../lib/token-store';
import { AuthScreen } from './auth-screen';
import { ChatScreen } from './chat-screen';
import { ConnectScreen } from './connect-screen';
import { InterceptionWarning } from './fingerprint';

const SERVER_KEY = 'parley.server';
const REMEMBER_KEY = 'parley.remember';
const tokenStore = defaultTokenStore();

type Phase =
  | { name: 'connect'; error?: string }
  | { name: 'loading'; api: ApiClient }
  | { name: 'auth'; api: ApiClient; info: ServerInfo; notice?: string }
  | { name: 'chat'; api: ApiClient; info: ServerInfo; session: Session };

const words = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The server to start with in a browser: the last one used, else the page's own origin. A message
 * link in the address (`#room=…&message=…`) is to the page's own server, whichever was used last.
 */
export function initialBrowserServer(): string | undefined {
  const web = location.protocol === 'http:' || location.protocol === 'https:';
  if (web && readMessageFragment(location.hash)) return location.origin;
  const saved = localStorage.getItem(SERVER_KEY);
  if (saved) return saved;
  return web ? location.origin : undefined;
}

/**
 * Connect, sign in, chat with one server: which screen shows, and the hand-over between them.
 * In a browser the person may change server; on desktop (`pinned`) the server rail does that.
 */
export function ServerSession(props: {
  serverUrl?: string;
  pinned?: boolean;
  /** False while another server is in view (desktop): no title, and notifications for all. */
  visible?: boolean;
  onUnread?: (count: number) => void;
  /** From an invite link: registration opens with this code filled in. */
  inviteCode?: string;
  /** The setup code of the server this computer hosts, filled in on its owner's sign-up. */
  setupCode?: string;
}) {
  const [phase, setPhase] = useState<Phase>(() =>
    props.serverUrl
      ? { name: 'loading', api: new ApiClient(props.serverUrl) }
      : { name: 'connect' },
  );

  const open = useCallback(async (first: ApiClient, plainFallback?: ApiClient) => {
    let api = first;
    setPhase({ name: 'loading', api });
    let info: ServerInfo;
    try {
      info = await api.info();
    } catch (error) {
      const unreachable = error instanceof ApiError && error.code === 'unreachable';
      if (!plainFallback || !unreachable) return setPhase({ name: 'connect', error: words(error) });
      // No scheme was typed and nothing answers over https: plain http, marked as such.
      api = plainFallback;
      setPhase({ name: 'loading', api });
      try {
        info = await api.info();
      } catch (plainError) {
        const neither = plainError instanceof ApiError && plainError.code === 'unreachable';
        const { host } = new URL(api.serverUrl);
        return setPhase({
          name: 'connect',
          error: neither
            ? `Cannot reach ${host} over https or http. Check the address and your network.`
            : words(plainError),
        });
      }
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

  const { onUnread } = props;
  useEffect(() => {
    if (phase.name !== 'chat') onUnread?.(0);
  }, [phase.name, onUnread]);

  switch (phase.name) {
    case 'connect':
      return props.pinned && props.serverUrl ? (
        <Unreachable
          url={props.serverUrl}
          error={phase.error}
          onRetry={() => void open(new ApiClient(props.serverUrl ?? ''))}
        />
      ) : (
        <ConnectScreen
          error={phase.error}
          initial={initialBrowserServer()}
          onConnect={({ url, plainFallback }: ServerAddress) =>
            void open(new ApiClient(url), plainFallback ? new ApiClient(plainFallback) : undefined)
          }
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
          key={`${props.inviteCode ?? ''} ${props.setupCode ?? ''}`}
          api={phase.api}
          info={phase.info}
          notice={phase.notice}
          inviteCode={props.inviteCode}
          setupCode={props.setupCode}
          onChangeServer={props.pinned ? undefined : () => setPhase({ name: 'connect' })}
          onSignedIn={async (pair, remember) => {
            localStorage.setItem(REMEMBER_KEY, remember ? '1' : '0');
            const session = await Session.start(phase.api, tokenStore, pair, remember);
            // Someone is signed in, so the owner exists: should this session end, the screen it
            // goes back to offers to sign in, not to create the owner account again.
            const info = { ...phase.info, setupNeeded: false, setupCodeRequired: false };
            setPhase({ name: 'chat', api: phase.api, info, session });
          }}
        />
      );
    case 'chat':
      return (
        <ChatScreen
          key={phase.session.user.id}
          session={phase.session}
          info={phase.info}
          visible={props.visible ?? true}
          onUnread={onUnread}
          onEnded={(notice) => setPhase({ name: 'auth', api: phase.api, info: phase.info, notice })}
        />
      );
  }
}

/**
 * A saved server that does not answer: say so, and offer to try again. On desktop the main
 * process also looks at its certificate: a pinned server whose certificate changed is refused
 * before anything is sent, and the person is told why.
 */
function Unreachable(props: { url: string; error?: string; onRetry: () => void }) {
  const [mismatch, setMismatch] = useState<{ pinned: string; presented: string }>();
  useEffect(() => {
    void window.parley?.inspectServer(props.url).then((found) => setMismatch(found.mismatch));
  }, [props.url, props.error]);
  return (
    <main className="center-screen">
      <div className="card" role="alert">
        <h1>Cannot reach this server</h1>
        <p className="mono">{props.url}</p>
        {mismatch && <InterceptionWarning url={props.url} {...mismatch} />}
        {props.error && !mismatch && <p className="form-error">{props.error}</p>}
        <button type="button" className="primary" onClick={props.onRetry}>
          Try again
        </button>
      </div>
    </main>
  );
}
