/** Subnet tiers, in the order their blocks are carved out of the VPC range. */
export const SUBNET_TIERS = ['public', 'private', 'isolated'] as const;

export type SubnetTier = (typeof SUBNET_TIERS)[number];

export type SubnetLayout = Record<SubnetTier, string[]>;

/**
 * The VPC range splits into 16 equal blocks (4 more prefix bits), four per tier: one per possible AZ and a
 * spare. A subnet's block depends only on its tier and AZ index, so adding an AZ never renumbers a subnet.
 */
const NEW_BITS = 4;
const SLOTS_PER_TIER = 4;
/** The smallest subnet AWS allows. */
const MIN_SUBNET_PREFIX = 28;

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

function parse(cidr: string): { base: number; prefix: number } {
  const match = CIDR.exec(cidr);
  const octets = match ? match.slice(1, 5).map(Number) : [];
  const prefix = Number(match?.[5]);
  const base = octets.reduce((acc, octet) => acc * 256 + octet, 0);
  if (!match || octets.some((o) => o > 255) || prefix > 32 || base % 2 ** (32 - prefix) !== 0) {
    throw new Error(`'${cidr}' is not an IPv4 CIDR with its host bits zero, e.g. 10.10.0.0/16.`);
  }
  return { base, prefix };
}

function format(base: number, prefix: number): string {
  const octets = [24, 16, 8, 0].map((shift) => Math.floor(base / 2 ** shift) % 256);
  return `${octets.join('.')}/${prefix}`;
}

/** Block `netNum` of `cidr` split into 2^newBits equal blocks (Terraform's `cidrsubnet`). */
export function subnetCidr(cidr: string, newBits: number, netNum: number): string {
  const { base, prefix } = parse(cidr);
  const subnetPrefix = prefix + newBits;
  if (!Number.isInteger(newBits) || newBits < 0 || subnetPrefix > 32) {
    throw new Error(`Cannot split ${cidr} by ${newBits} bits: the prefix would pass /32.`);
  }
  if (!Number.isInteger(netNum) || netNum < 0 || netNum >= 2 ** newBits) {
    throw new Error(
      `${cidr} has ${2 ** newBits} blocks of /${subnetPrefix}; block ${netNum} does not exist.`,
    );
  }
  return format(base + netNum * 2 ** (32 - subnetPrefix), subnetPrefix);
}

/** The subnet CIDRs of each tier, one per AZ in AZ order, carved deterministically from the VPC range. */
export function subnetLayout(vpcCidr: string, azCount: number): SubnetLayout {
  if (!Number.isInteger(azCount) || azCount < 1 || azCount > SLOTS_PER_TIER) {
    throw new Error(`azCount must be an integer from 1 to ${SLOTS_PER_TIER}; got ${azCount}.`);
  }
  const { prefix } = parse(vpcCidr);
  if (prefix + NEW_BITS > MIN_SUBNET_PREFIX) {
    throw new Error(
      `VPC range ${vpcCidr} is too small: its subnets would be /${prefix + NEW_BITS}, AWS allows at most /${MIN_SUBNET_PREFIX}.`,
    );
  }
  const tier = (t: number) =>
    Array.from({ length: azCount }, (_, az) => subnetCidr(vpcCidr, NEW_BITS, t * SLOTS_PER_TIER + az));
  return { public: tier(0), private: tier(1), isolated: tier(2) };
}
