import { describe, expect, it } from 'vitest';
import { addressKey } from '../../server/http/address-key.js';

describe('the key per-address limits count under', () => {
  it('is the IPv4 address, however it is spelt', () => {
    expect(addressKey('192.0.2.7')).toBe('192.0.2.7');
    expect(addressKey('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(addressKey('::FFFF:192.0.2.7')).toBe('192.0.2.7');
    expect(addressKey(undefined)).toBe('unknown');
  });

  it('is the /64 of an IPv6 address, so rotating the last 64 bits gains nothing', () => {
    const one = addressKey('2001:db8:1:2:aaaa:bbbb:cccc:dddd');
    expect(one).toBe('2001:db8:1:2::/64');
    for (const same of ['2001:db8:1:2::1', '2001:0db8:0001:0002:ffff::9', '2001:db8:1:2::%eth0'])
      expect([same, addressKey(same)]).toEqual([same, one]);
    expect(addressKey('2001:db8:1:3::1')).not.toBe(one);
  });

  it('counts each LAN address alone: link-local and unique-local devices share one /64', () => {
    expect(addressKey('fe80::1%eth0')).not.toBe(addressKey('fe80::2%eth0'));
    expect(addressKey('fe80::1%eth0')).not.toBe(addressKey('fe80::1%wlan0'));
    expect(addressKey('fd12:3456:789a:1::5')).not.toBe(addressKey('fd12:3456:789a:1::6'));
    expect(addressKey('::1')).toBe('::1');
  });
});
