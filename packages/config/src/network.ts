import type { Environment } from './environments';

/**
 * Each environment's VPC range. They never overlap so the VPCs can be peered (or joined through a
 * transit gateway) later without renumbering.
 */
export const DEFAULT_VPC_CIDRS: Readonly<Record<Environment, string>> = Object.freeze({
  dev: '10.10.0.0/16',
  staging: '10.20.0.0/16',
  prod: '10.30.0.0/16',
});

interface Cidr {
  /** Network address as an unsigned 32-bit number. */
  readonly base: number;
  readonly prefix: number;
}

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses `a.b.c.d/n`; undefined when it is not an IPv4 CIDR with its host bits zero. */
export function parseCidr(cidr: string): Cidr | undefined {
  const match = CIDR.exec(cidr);
  if (!match) return undefined;
  const [octets, prefix] = [match.slice(1, 5).map(Number), Number(match[5])];
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const base = octets.reduce((acc, o) => acc * 256 + o, 0);
  if (base % 2 ** (32 - prefix) !== 0) return undefined;
  return { base, prefix };
}

/** True when both blocks share their first `prefix` bits. */
function sameNetwork(a: Cidr, b: Cidr, prefix: number): boolean {
  const size = 2 ** (32 - prefix);
  return Math.floor(a.base / size) === Math.floor(b.base / size);
}

/** Two CIDR blocks overlap when the shorter prefix's network contains the other's address. */
export function cidrsOverlap(a: string, b: string): boolean {
  const [x, y] = [parseCidr(a), parseCidr(b)];
  if (!x || !y) return false;
  return sameNetwork(x, y, Math.min(x.prefix, y.prefix));
}

const PRIVATE_RANGES: readonly Cidr[] = [
  { base: 10 * 2 ** 24, prefix: 8 }, // 10.0.0.0/8
  { base: (172 * 256 + 16) * 2 ** 16, prefix: 12 }, // 172.16.0.0/12
  { base: (192 * 256 + 168) * 2 ** 16, prefix: 16 }, // 192.168.0.0/16
];

/** RFC 1918 only: a VPC on public addresses could never reach the owners of those addresses. */
export function isPrivateCidr(cidr: string): boolean {
  const inner = parseCidr(cidr);
  return (
    inner !== undefined &&
    PRIVATE_RANGES.some((outer) => inner.prefix >= outer.prefix && sameNetwork(inner, outer, outer.prefix))
  );
}
