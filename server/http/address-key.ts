/**
 * The key per-address limits count under. An IPv4 address is one key (its IPv4-mapped IPv6
 * spelling included). A global IPv6 address (2000::/3) counts as its /64: one home or host
 * usually gets a whole /64, and could otherwise rotate through its addresses to escape every
 * per-address limit. Link-local and unique-local addresses are the LAN's own, where every device
 * shares one /64: each counts alone (zone included), or one device would lock out the rest.
 */
export function addressKey(address: string | undefined): string {
  if (!address) return 'unknown';
  const bare = address.replace(/%.*$/, ''); // a zone id (fe80::1%eth0) names an interface
  if (!/^[23]/i.test(bare) && bare.includes(':') && !bare.toLowerCase().startsWith('::ffff:'))
    return address.toLowerCase();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(bare);
  if (mapped?.[1]) return mapped[1];
  if (!bare.includes(':')) return bare;
  const [head = '', tail] = bare.split('::');
  const front = head === '' ? [] : head.split(':');
  const back = tail === undefined || tail === '' ? [] : tail.split(':');
  // An embedded IPv4 tail (::1.2.3.4) is in the last 64 bits, which are dropped anyway.
  const zeros =
    tail === undefined ? [] : Array<string>(Math.max(0, 8 - front.length - back.length));
  const groups = [...front, ...zeros.fill('0'), ...back];
  const prefix = groups.slice(0, 4).map((group) => parseInt(group, 16).toString(16));
  return `${prefix.join(':')}::/64`;
}
