import { isEnvironment } from '@payments/config';
import { usageFor, type Usage } from './assumptions';
import { PRICES, type PriceFile, type PriceKey } from './prices';
import { apiCosts } from './rules/api';
import { auroraCosts } from './rules/aurora';
import { backupCosts } from './rules/backup';
import { FREE_TYPES } from './rules/free';
import { identityCosts } from './rules/identity';
import { keyCosts } from './rules/keys';
import { logCosts } from './rules/logs';
import { monitoringCosts } from './rules/monitoring';
import { networkCosts } from './rules/network';
import {
  cents,
  line,
  plural,
  type CostLine,
  type CostResource,
  type CostRule,
  type EstimateContext,
} from './rules/rule';
import { s3Costs } from './rules/s3';
import { wafCosts } from './rules/waf';

export type { CostLine, CostResource } from './rules/rule';

/** One stack's (or environment's) estimate: what synth stores in its document. */
export interface CostEstimate {
  currency: 'USD';
  monthly: { min: number; max: number };
  lines: CostLine[];
}

/** What the estimate reads from a synth document (a `SynthDocument` is one). */
export interface CostInput {
  env: string;
  domain: string;
  resources: CostResource[];
  /**
   * The stack's exports, optional: the storage stack's `paymentsLogGroupName`, `migrationsLogGroupName` and
   * `apiAccessLogGroupName` say which log group carries which traffic.
   */
  outputs?: Record<string, unknown>;
}

export interface EstimateOptions {
  /** Replaces the environment's assumed usage (tests, what-ifs). */
  usage?: Partial<Usage>;
  prices?: PriceFile;
}

/** The pricing rules by area, in the order their lines appear (src/rules/<area>.ts). */
export const COST_RULES: readonly CostRule[] = [
  networkCosts,
  keyCosts,
  auroraCosts,
  apiCosts,
  wafCosts,
  identityCosts,
  logCosts,
  monitoringCosts,
  s3Costs,
  backupCosts,
];

const PRICED_TYPES = new Set(COST_RULES.flatMap((rule) => rule.types));
const FREE = new Set(FREE_TYPES);

/**
 * The estimated monthly cost of one synthesized stack: the lines of every area's rule (src/rules), in order.
 * Counts come from the resources (NAT gateways, public IPs, interface endpoints x their subnets, Aurora capacity x
 * serverless instances, keys, secrets, log groups, alarms, dashboards, API stages, functions and their memory, WAF
 * ACLs and rules, buckets and their lifecycle); usage comes from the environment's assumptions
 * (src/assumptions.ts); prices from prices/us-east-1.json. `min` runs Aurora at its configured minimum capacity,
 * `max` at its maximum; every other line is the same in both. One line per item, each saying its quantity,
 * assumption and unit price. Pure: no I/O.
 */
export function estimateCost(document: CostInput, options: EstimateOptions = {}): CostEstimate {
  if (!isEnvironment(document.env)) {
    throw new Error(
      `Cannot estimate the cost of '${document.env}': no usage assumptions for that environment.`,
    );
  }
  const usage: Usage = { ...usageFor(document.env), ...options.usage };
  const prices = options.prices ?? PRICES;
  const price = (key: PriceKey) => prices.prices[key].usd;
  const context: EstimateContext = {
    resources: document.resources,
    outputs: document.outputs ?? {},
    usage,
    prices,
    ofType: (type) => document.resources.filter((r) => r.type === type),
    price,
    unitPrice: (key) => {
      const usd = price(key);
      return `$${usd >= 0.01 && Number.isInteger(Math.round(usd * 1e6) / 1e4) ? usd.toFixed(2) : String(usd)}`;
    },
    months: (days) => (days * 24) / usage.hoursPerMonth,
  };
  const lines = COST_RULES.flatMap((rule) => rule.estimate(context));

  // Anything that may cost money but has no rule here is named, not silently priced at zero.
  const unknown = [
    ...new Set(
      document.resources
        .filter((r) => r.type.startsWith('aws:') && !PRICED_TYPES.has(r.type) && !FREE.has(r.type))
        .map((r) => r.type),
    ),
  ].sort();
  if (unknown.length > 0) {
    lines.push(line('Not estimated', `no price rule for ${unknown.join(', ')}: counted as $0`, 0));
  }

  return total(lines);
}

function total(lines: CostLine[]): CostEstimate {
  const sum = (pick: (l: CostLine) => number) => cents(lines.reduce((n, l) => n + pick(l), 0));
  return {
    currency: 'USD',
    monthly: { min: sum((l) => l.monthly.min), max: sum((l) => l.monthly.max) },
    lines,
  };
}

/**
 * One environment's estimate from its stacks' estimates, keyed by stack (domain): one line per stack, the
 * totals their sums. A stack with no estimate (`null`) is an error: a partial total would read as the whole.
 */
export function estimateEnvironment(estimates: Record<string, CostEstimate | null>): CostEstimate {
  const lines = Object.entries(estimates).map(([stack, estimate]) => {
    if (!estimate) throw new Error(`No cost estimate for the ${stack} stack: synthesize it first.`);
    return {
      item: stack,
      monthly: { ...estimate.monthly },
      assumption: `sum of the ${stack} stack's ${plural(estimate.lines.length, 'line')}`,
    };
  });
  return total(lines);
}

const usd = (n: number) =>
  `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** `$38.00-$213.20/month` (or one figure when min and max agree). */
export function formatMonthly(estimate: Pick<CostEstimate, 'monthly'>): string {
  const { min, max } = estimate.monthly;
  return min === max ? `${usd(min)}/month` : `${usd(min)}-${usd(max)}/month`;
}

/** The breakdown, one line per item with its assumption, for a summary or a terminal. */
export function formatEstimate(estimate: CostEstimate): string[] {
  const width = Math.max(0, ...estimate.lines.map((l) => l.item.length));
  return estimate.lines.map(
    (l) => `${l.item.padEnd(width)}  ${formatMonthly(l).replace('/month', '')}  ${l.assumption}`,
  );
}
