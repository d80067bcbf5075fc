import { useCallback, useEffect, useMemo, useState } from 'react';
import type { DesktopApi } from '../../../main/desktop-api';
import type { HostStatus, SavedServer } from '../../../main/ipc-channels';
import { MEMORY_ONLY_EVENT } from '../lib/token-store';
import { announceWake } from '../lib/wake';
import { AddServer } from './add-server';
import { AppSettingsDialog } from './app-settings';
import { InterceptionWarning } from './fingerprint';
import { HostPanel } from './host-panel';
import { InviteOffer } from './invite-offer';
import { LinkConsent } from './link-consent';
import { HostingLocked } from './policy-locks';
import { ServerRail, type RailTarget } from './server-rail';
import { ServerSession } from './server-session';
import { useBridgeErrors } from './use-bridge-errors';
import { useInvites } from './use-invites';
import { usePolicy } from './use-policy';
import { useMessageLinkOffers } from './use-message-link-offers';

const MEMORY_ONLY_NOTICE =
  'This computer has no secure keychain available to Parley, so your sign-ins are kept in ' +
  'memory only: you will sign in again the next time Parley starts.';

/**
 * The desktop app: the server rail, and one live session per saved server (kept mounted while
 * hidden, so every server's badge stays current and its notifications keep coming).
 */
export function DesktopShell(props: { bridge: DesktopApi }) {
  const { bridge } = props;
  const [servers, setServers] = useState<SavedServer[] | null>(null);
  const [active, setActive] = useState<RailTarget>({ kind: 'add' });
  // By server URL: each session's badge count (mentions and unread direct messages).
  const [badges, setBadges] = useState<Record<string, number>>({});
  const [host, setHost] = useState<HostStatus | null>(null);
  const [memoryOnly, setMemoryOnly] = useState(false);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const failures = useBridgeErrors();
  const { report } = failures;
  const policy = usePolicy(bridge, report);

  useEffect(() => {
    void bridge.listServers().then(
      (list) => {
        setServers(list);
        const first = list[0];
        if (first) setActive({ kind: 'server', url: first.url });
      },
      (failure: unknown) => {
        // Without the saved list the app can still add and host servers: say why it is empty.
        setServers([]);
        report(failure);
      },
    );
    void bridge.getHost().then(({ status }) => setHost(status), report);
    const offStatus = bridge.onHostStatus(setHost);
    const offRoom = bridge.onOpenRoom(({ serverUrl }) =>
      setActive({ kind: 'server', url: serverUrl }),
    );
    // Every server session's SocketKeeper hears it and reconnects at once.
    const offWake = bridge.onWake(announceWake);
    const onMemoryOnly = () => setMemoryOnly(true);
    window.addEventListener(MEMORY_ONLY_EVENT, onMemoryOnly);
    return () => {
      offStatus();
      offRoom();
      offWake();
      window.removeEventListener(MEMORY_ONLY_EVENT, onMemoryOnly);
    };
  }, [bridge, report]);

  // The dock or taskbar badge is the rail's badges added up, so the two never disagree.
  const total = useMemo(() => Object.values(badges).reduce((sum, n) => sum + n, 0), [badges]);
  useEffect(() => void bridge.setUnreadCount(total).catch(report), [bridge, total, report]);

  const reporters = useMemo(() => new Map<string, (count: number) => void>(), []);
  const reporter = useCallback(
    (url: string) => {
      let report = reporters.get(url);
      if (!report) {
        report = (count) =>
          setBadges((all) => (all[url] === count ? all : { ...all, [url]: count }));
        reporters.set(url, report);
      }
      return report;
    },
    [reporters],
  );

  const added = useCallback(
    async (server: SavedServer) => {
      setServers(await bridge.addServer(server));
      setActive({ kind: 'server', url: server.url });
    },
    [bridge],
  );

  const show = useCallback((url: string) => setActive({ kind: 'server', url }), []);
  const invites = useInvites({ bridge, add: added, show });
  const links = useMessageLinkOffers({ bridge, servers, add: added, show });
  const removed = async (url: string) => {
    try {
      const list = await bridge.removeServer(url);
      setServers(list);
      setBadges(({ [url]: _gone, ...rest }) => rest);
      setActive(list[0] ? { kind: 'server', url: list[0].url } : { kind: 'add' });
    } catch (failure) {
      report(failure);
    }
  };

  if (!servers || !policy.loaded) return null;
  const current = active.kind === 'server' ? active.url : undefined;
  return (
    <div className="desktop-layout">
      <ServerRail
        servers={servers}
        badges={badges}
        active={active}
        hosting={host?.state === 'running'}
        locks={policy.locks}
        onSelect={setActive}
        onSettings={() => setSettingsOpen(true)}
      />
      <div className="desktop-main">
        {policy.problem && <Banner alert text={policy.problem} onDismiss={policy.dismiss} />}
        {policy.notice && <Banner text={policy.notice} onDismiss={policy.dismiss} />}
        {failures.error && <Banner alert text={failures.error} onDismiss={failures.dismiss} />}
        {invites.error && <Banner alert text={invites.error} onDismiss={invites.dismissError} />}
        {invites.refused && (
          <InterceptionWarning
            {...invites.refused}
            via="This invite"
            onDismiss={invites.dismissRefused}
          />
        )}
        {links.error && <Banner alert text={links.error} onDismiss={links.dismissError} />}
        {links.refused && (
          <InterceptionWarning {...links.refused} onDismiss={links.dismissRefused} />
        )}
        {links.notice && <Banner text={links.notice} onDismiss={links.dismissNotice} />}
        {memoryOnly && <Banner text={MEMORY_ONLY_NOTICE} onDismiss={() => setMemoryOnly(false)} />}
        {servers.map((server) => (
          <div key={server.url} className="server-slot" hidden={server.url !== current}>
            <ServerSession
              serverUrl={server.url}
              pinned
              visible={server.url === current}
              inviteCode={invites.codes[server.url]}
              setupCode={hostedSetupCode(host, server.url)}
              onUnread={reporter(server.url)}
            />
          </div>
        ))}
        {active.kind === 'add' && (
          <AddServer
            bridge={bridge}
            servers={servers}
            onAdded={added}
            onInvite={invites.offerInvite}
            onRemove={removed}
            onHost={() => setActive({ kind: 'host' })}
            policy={policy.policy}
          />
        )}
        {active.kind === 'host' && policy.locks?.hosting && <HostingLocked />}
        {active.kind === 'host' && host && !policy.locks?.hosting && (
          <HostPanel bridge={bridge} status={host} onOpen={added} />
        )}
        {invites.offer && (
          <InviteOffer {...invites.offer} onAccept={invites.accept} onCancel={invites.cancel} />
        )}
        {settingsOpen && (
          <AppSettingsDialog bridge={bridge} onClose={() => setSettingsOpen(false)} />
        )}
        {links.consent && (
          <LinkConsent
            serverUrl={links.consent}
            onContinue={links.proceed}
            onCancel={links.cancel}
          />
        )}
        {links.offer && (
          <InviteOffer
            invite={links.offer.invite}
            check={links.offer.check}
            from="link"
            onAccept={links.accept}
            onCancel={links.cancel}
          />
        )}
      </div>
    </div>
  );
}

/**
 * The hosted server's setup code, for the saved server that is that hosted server: this computer's
 * loopback address on the port it runs on (that port is the hosted server's while it runs).
 */
function hostedSetupCode(host: HostStatus | null, url: string): string | undefined {
  if (host?.state !== 'running' || !host.setupCode || !host.port) return undefined;
  const { hostname, port } = new URL(url);
  return hostname === '127.0.0.1' && Number(port) === host.port ? host.setupCode : undefined;
}

/** A notice above the server's screens, until dismissed. */
function Banner(props: { text: string; alert?: boolean; onDismiss: () => void }) {
  return (
    <p
      className={props.alert ? 'banner banner-offline' : 'banner'}
      role={props.alert ? 'alert' : 'status'}
    >
      {props.text}{' '}
      <button type="button" className="link" onClick={props.onDismiss}>
        Dismiss
      </button>
    </p>
  );
}
