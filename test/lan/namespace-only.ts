import { readdirSync, statSync } from 'node:fs';

/**
 * Imported first by the child scripts of lan.test.ts (serve.ts, browse.ts, guest.ts): they
 * listen on every interface and send and answer mDNS, which is harmless only inside the test's
 * own network namespaces (in-namespace.ts runs them through `ip netns exec`). Started any other
 * way, they would talk on the machine's real network, so they stop here instead. The check is
 * `ip netns identify`'s: this process's network namespace is one of the test's named ones
 * (`parley-lan-…` in /run/netns) when their inodes are the same.
 */
const own = statSync('/proc/self/ns/net');
let names: string[] = [];
try {
  names = readdirSync('/run/netns').filter((name) => name.startsWith('parley-lan-'));
} catch {
  // No named namespaces at all.
}
const inOne = names.some((name) => {
  const ns = statSync(`/run/netns/${name}`, { throwIfNoEntry: false });
  return ns !== undefined && ns.ino === own.ino && ns.dev === own.dev;
});
if (!inOne) {
  process.stderr.write(
    'test/lan scripts run only inside a test network namespace (through lan.test.ts)\n',
  );
  process.exit(2);
}
