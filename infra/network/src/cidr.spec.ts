import { DEFAULT_VPC_CIDRS, ENVIRONMENTS, cidrsOverlap } from '@payments/config';
import { SUBNET_TIERS, subnetCidr, subnetLayout } from './cidr';

const all = (layout: ReturnType<typeof subnetLayout>) => SUBNET_TIERS.flatMap((tier) => layout[tier]);

describe('subnetCidr', () => {
  it('carves numbered blocks like Terraform cidrsubnet', () => {
    expect(subnetCidr('10.10.0.0/16', 4, 0)).toBe('10.10.0.0/20');
    expect(subnetCidr('10.10.0.0/16', 4, 5)).toBe('10.10.80.0/20');
    expect(subnetCidr('10.10.0.0/16', 4, 15)).toBe('10.10.240.0/20');
    expect(subnetCidr('192.168.4.0/24', 4, 3)).toBe('192.168.4.48/28');
    expect(subnetCidr('172.16.0.0/12', 8, 255)).toBe('172.31.240.0/20');
  });

  it('rejects a block that does not exist and a malformed range', () => {
    expect(() => subnetCidr('10.10.0.0/16', 4, 16)).toThrow('block 16 does not exist');
    expect(() => subnetCidr('10.10.0.0/16', 17, 0)).toThrow('would pass /32');
    expect(() => subnetCidr('10.10.0.1/16', 4, 0)).toThrow('host bits zero');
    expect(() => subnetCidr('10.300.0.0/16', 4, 0)).toThrow('not an IPv4 CIDR');
  });
});

describe('subnetLayout', () => {
  it('gives each tier one subnet per AZ, in tier blocks of four', () => {
    expect(subnetLayout('10.10.0.0/16', 2)).toEqual({
      public: ['10.10.0.0/20', '10.10.16.0/20'],
      private: ['10.10.64.0/20', '10.10.80.0/20'],
      isolated: ['10.10.128.0/20', '10.10.144.0/20'],
    });
  });

  it('keeps every existing subnet where it was when an AZ is added', () => {
    const two = subnetLayout('10.30.0.0/16', 2);
    const three = subnetLayout('10.30.0.0/16', 3);
    for (const tier of SUBNET_TIERS) expect(three[tier].slice(0, 2)).toEqual(two[tier]);
  });

  it.each([16, 20, 24])('never overlaps itself and stays inside a /%i VPC', (prefix) => {
    const vpc = `10.40.0.0/${prefix}`;
    const cidrs = all(subnetLayout(vpc, 3));
    expect(new Set(cidrs).size).toBe(9);
    for (const [i, a] of cidrs.entries()) {
      expect(cidrsOverlap(a, vpc)).toBe(true);
      expect(Number(a.split('/')[1])).toBe(prefix + 4);
      for (const b of cidrs.slice(i + 1)) expect(cidrsOverlap(a, b)).toBe(false);
    }
  });

  it('gives the default environments subnets that overlap no other environment', () => {
    const byEnv = ENVIRONMENTS.map((env) => all(subnetLayout(DEFAULT_VPC_CIDRS[env], 3)));
    for (const [i, mine] of byEnv.entries()) {
      for (const theirs of byEnv.slice(i + 1)) {
        for (const a of mine) for (const b of theirs) expect(cidrsOverlap(a, b)).toBe(false);
      }
    }
  });

  it('refuses a VPC whose subnets would be smaller than AWS allows, and a bad AZ count', () => {
    expect(() => subnetLayout('10.40.0.0/25', 2)).toThrow('too small');
    expect(() => subnetLayout('10.40.0.0/16', 0)).toThrow('azCount');
    expect(() => subnetLayout('10.40.0.0/16', 5)).toThrow('azCount');
  });
});
