import { describe, expect, it } from 'vitest';

import { inCidr, parseCidr, parseIp } from '../../src/event/index.js';

const inBlock = (ip: string, cidr: string): boolean => {
  const address = parseIp(ip);
  const block = parseCidr(cidr);
  if (!address || !block) throw new Error(`bad input ${ip} ${cidr}`);
  return inCidr(address, block);
};

describe('IP addresses and CIDR blocks', () => {
  it('should match IPv4 blocks, ignoring host bits in the block', () => {
    expect(inBlock('10.6.48.157', '10.6.48.157/8')).toBe(true);
    expect(inBlock('11.0.0.1', '10.0.0.0/8')).toBe(false);
    expect(inBlock('192.168.1.1', '192.168.0.0/16')).toBe(true);
    expect(inBlock('1.2.3.4', '0.0.0.0/0')).toBe(true);
    expect(inBlock('10.0.0.1', '10.0.0.1')).toBe(true);
    expect(inBlock('10.0.0.3', '10.0.0.2/31')).toBe(true);
    expect(inBlock('10.0.0.4', '10.0.0.2/31')).toBe(false);
  });

  it('should match IPv6 blocks, compressed or not', () => {
    expect(inBlock('2001:db8::1', '2001:db8::/32')).toBe(true);
    expect(inBlock('2001:db9::1', '2001:db8::/32')).toBe(false);
    expect(inBlock('fe80::1%eth0', 'fe80::/10')).toBe(true);
    expect(inBlock('::ffff:10.1.2.3', '10.0.0.0/8')).toBe(true);
  });

  it('should reject malformed addresses and blocks', () => {
    expect(parseIp('256.1.1.1')).toBeNull();
    expect(parseIp('1.2.3')).toBeNull();
    expect(parseIp('1::2::3')).toBeNull();
    expect(parseIp('1:2:3:4:5:6:7:8:9')).toBeNull();
    expect(parseCidr('10.0.0.0/33')).toBeNull();
    expect(parseCidr('10.0.0.0/x')).toBeNull();
    expect(parseCidr('::/129')).toBeNull();
  });
});
