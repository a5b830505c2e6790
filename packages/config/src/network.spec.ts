import { ENVIRONMENTS } from './environments';
import { DEFAULT_VPC_CIDRS, cidrsOverlap, isPrivateCidr, parseCidr } from './network';

describe('VPC CIDRs', () => {
  it('are pairwise non-overlapping across environments', () => {
    for (const a of ENVIRONMENTS) {
      for (const b of ENVIRONMENTS) {
        if (a !== b) expect(cidrsOverlap(DEFAULT_VPC_CIDRS[a], DEFAULT_VPC_CIDRS[b])).toBe(false);
      }
    }
  });

  it('detects a block inside another and identical blocks as overlapping', () => {
    expect(cidrsOverlap('10.0.0.0/8', '10.20.5.0/24')).toBe(true);
    expect(cidrsOverlap('10.20.0.0/16', '10.20.0.0/16')).toBe(true);
    expect(cidrsOverlap('10.20.0.0/16', '10.21.0.0/16')).toBe(false);
  });

  it('parses only IPv4 CIDRs whose host bits are zero', () => {
    expect(parseCidr('10.20.0.0/16')).toEqual({ base: 10 * 2 ** 24 + 20 * 2 ** 16, prefix: 16 });
    expect(parseCidr('10.20.1.0/16')).toBeUndefined();
    expect(parseCidr('10.256.0.0/16')).toBeUndefined();
    expect(parseCidr('10.20.0.0')).toBeUndefined();
  });

  it('counts only RFC 1918 ranges as private', () => {
    expect(isPrivateCidr('172.31.0.0/16')).toBe(true);
    expect(isPrivateCidr('192.168.10.0/24')).toBe(true);
    expect(isPrivateCidr('172.32.0.0/16')).toBe(false);
    expect(isPrivateCidr('8.8.0.0/16')).toBe(false);
  });
});
