import { execFileSync } from 'node:child_process';

/**
 * A LAN made of network namespaces, so that LAN tests send nothing beyond this machine: nothing
 * is added to the machine's own namespace, and every packet stays on veth links between these.
 *
 *   host  (10.77.0.1) ──veth── guest (10.77.0.2) ──veth── rogue (10.77.0.1, another machine)
 *
 * The guest is on one link at a time (`toHost` / `toRogue`): the rogue takes over the host's
 * address, as an impostor on a LAN does (a spoofed ARP answer, a reused DHCP lease).
 */
export interface Lan {
  host: string;
  guest: string;
  rogue: string;
  /** The address the host (and, from the guest's side after `toRogue`, the rogue) answers on. */
  hostAddress: string;
  toHost(): void;
  toRogue(): void;
  /** Deletes the namespaces, and with them their veths. Safe to call twice. */
  remove(): void;
}

const PREFIX = 'parley-lan';

/** Runs `ip` and returns its stdout; throws with its stderr. */
export function ip(...args: string[]): string {
  return execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function errorText(error: unknown): string {
  const stderr = (error as { stderr?: string }).stderr?.trim();
  return stderr || (error instanceof Error ? error.message : String(error));
}

/** Why network namespaces cannot be made here, or undefined when they can. */
export function namespacesUnavailable(): string | undefined {
  if (process.platform !== 'linux')
    return `network namespaces are Linux only (${process.platform})`;
  if (process.getuid?.() !== 0) return 'not running as root (ip netns needs it)';
  const probe = `${PREFIX}-probe-${process.pid}`;
  try {
    ip('netns', 'add', probe);
    ip('netns', 'del', probe);
    return undefined;
  } catch (error) {
    return `\`ip netns add\` failed: ${errorText(error)}`;
  }
}

/** Deletes namespaces left by runs that were killed before their afterAll (their pid is gone). */
function removeStale(): void {
  for (const line of ip('netns', 'list').split('\n')) {
    const match = new RegExp(`^(${PREFIX}-\\w+-(\\d+))\\b`).exec(line);
    if (!match?.[1] || !match[2]) continue;
    const pid = Number(match[2]);
    let alive = true;
    try {
      process.kill(pid, 0);
    } catch {
      alive = false;
    }
    if (!alive || pid === process.pid) tryDelete(match[1]);
  }
}

function tryDelete(ns: string): void {
  try {
    ip('netns', 'del', ns);
  } catch {
    // Already gone.
  }
}

/** Makes the three namespaces and their links, named after this process so runs do not clash. */
export function createLan(): Lan {
  removeStale();
  const id = process.pid;
  const host = `${PREFIX}-host-${id}`;
  const guest = `${PREFIX}-guest-${id}`;
  const rogue = `${PREFIX}-rogue-${id}`;
  // Interface names hold 15 characters at most; a pid has 7 digits at most.
  const [hostEnd, guestToHost] = [`plh${id}`, `plgh${id}`];
  const [rogueEnd, guestToRogue] = [`plr${id}`, `plgr${id}`];
  const hostAddress = '10.77.0.1';
  const lan: Lan = {
    host,
    guest,
    rogue,
    hostAddress,
    toHost: () => attachGuest(guestToRogue, guestToHost),
    toRogue: () => attachGuest(guestToHost, guestToRogue),
    remove: () => [host, guest, rogue].forEach(tryDelete),
  };
  try {
    for (const ns of [host, guest, rogue]) {
      ip('netns', 'add', ns);
      ip('-n', ns, 'link', 'set', 'lo', 'up');
    }
    for (const [ns, end, peer] of [
      [host, hostEnd, guestToHost],
      [rogue, rogueEnd, guestToRogue],
    ] as const) {
      ip('-n', ns, 'link', 'add', end, 'type', 'veth', 'peer', 'name', peer, 'netns', guest);
      ip('-n', ns, 'addr', 'add', `${hostAddress}/24`, 'dev', end);
      ip('-n', ns, 'link', 'set', end, 'up');
      // mDNS goes to 224.0.0.251; without a default route it needs a route of its own.
      ip('-n', ns, 'route', 'add', '224.0.0.0/4', 'dev', end);
    }
    lan.toHost();
    return lan;
  } catch (error) {
    lan.remove();
    throw new Error(`could not build the namespace LAN: ${errorText(error)}`, { cause: error });
  }

  /** Moves the guest's address (and its multicast route) from one link to the other. */
  function attachGuest(from: string, to: string): void {
    ip('-n', guest, 'link', 'set', from, 'down');
    ip('-n', guest, 'addr', 'flush', 'dev', from);
    ip('-n', guest, 'addr', 'add', '10.77.0.2/24', 'dev', to);
    ip('-n', guest, 'link', 'set', to, 'up');
    ip('-n', guest, 'route', 'replace', '224.0.0.0/4', 'dev', to);
  }
}
