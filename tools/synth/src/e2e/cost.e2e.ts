/**
 * The cost estimate (packages/cost) of the real stacks of every environment, read from the one synth of the 12
 * stacks (global-setup.ts): synth estimated each stack as it wrote its document.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENVIRONMENTS, type Environment } from '@payments/config';
import { deployOrder } from '@payments/contracts';
import { estimateEnvironment, type CostEstimate } from '@payments/cost';
import { HARNESS_ROOT } from '../harness';
import { documentOf } from './synthesized';

const STACKS = deployOrder(); // upstream first
type Stack = (typeof STACKS)[number];
/** The goal of issue 5: the whole dev environment idles at or under this, per month. */
const DEV_IDLE_GOAL_USD = 45;

type Estimates = Record<Environment, Record<Stack, CostEstimate>>;

let estimates: Estimates;

beforeAll(() => {
  estimates = Object.fromEntries(
    ENVIRONMENTS.map((env) => [
      env,
      Object.fromEntries(
        STACKS.map((stack) => {
          const { cost } = documentOf(env, stack);
          if (!cost) throw new Error(`synth wrote no cost estimate for ${stack} in ${env}`);
          return [stack, cost];
        }),
      ),
    ]),
  ) as Estimates;
});

const item = (estimate: CostEstimate, name: string) => estimate.lines.find((l) => l.item.startsWith(name));
const total = (env: Environment) => estimateEnvironment(estimates[env]);

describe('the synthesized stacks', () => {
  it(`meet the goal: dev idles at or under $${DEV_IDLE_GOAL_USD}/month, whole environment`, () => {
    const dev = total('dev');
    // On failure the diff shows each stack's share.
    expect({
      withinGoal: dev.monthly.min <= DEV_IDLE_GOAL_USD,
      idle: dev.monthly.min,
      stacks: dev.lines.map((l) => `${l.item} $${l.monthly.min}`),
    }).toMatchObject({ withinGoal: true });
  });

  it.each(ENVIRONMENTS)('of %s are fully priced: no resource type without a price rule', (env) => {
    for (const stack of STACKS) {
      expect({ stack, unpriced: item(estimates[env][stack], 'Not estimated')?.assumption }).toEqual({
        stack,
        unpriced: undefined,
      });
    }
  });

  it.each(ENVIRONMENTS)('of %s add up: each total is the sum of its lines, min never above max', (env) => {
    for (const stack of STACKS) {
      const { monthly, lines } = estimates[env][stack];
      const sum = (k: 'min' | 'max') => Math.round(lines.reduce((n, l) => n + l.monthly[k], 0) * 100) / 100;
      expect(monthly).toEqual({ min: sum('min'), max: sum('max') });
      for (const l of lines) {
        expect(l.monthly.min).toBeLessThanOrEqual(l.monthly.max);
        expect(l.assumption).not.toBe('');
      }
    }
  });

  it('count dev: one NAT and its IP, no interface endpoint, a paused 1-instance cluster of 0-2 ACU', () => {
    const { network, database } = estimates.dev;
    expect(item(network, 'NAT gateways')?.monthly).toEqual({ min: 32.85, max: 32.85 });
    expect(item(network, 'Public IPv4 addresses')?.monthly).toEqual({ min: 3.65, max: 3.65 });
    expect(item(network, 'Interface VPC endpoints')).toBeUndefined();
    expect(item(network, 'Gateway VPC endpoints (s3)')?.monthly).toEqual({ min: 0, max: 0 });
    expect(item(database, 'Aurora Serverless v2 compute')?.monthly).toEqual({ min: 0, max: 175.2 });
  });

  it('count staging: one NAT, three endpoints in two AZs, a writer and a reader of 0.5-8 ACU', () => {
    const { network, database } = estimates.staging;
    expect(item(network, 'NAT gateways')?.monthly.min).toBe(32.85);
    expect(item(network, 'Interface VPC endpoints (kms, logs, secretsmanager)')?.monthly.min).toBe(43.8);
    expect(item(database, 'Aurora Serverless v2 compute')?.monthly).toEqual({ min: 87.6, max: 1401.6 });
  });

  it('count prod: a NAT and an IP per AZ, three endpoints in three AZs, three instances of 2-32 ACU, WAF', () => {
    const { network, database, api } = estimates.prod;
    expect(item(network, 'NAT gateways')?.monthly.min).toBe(98.55);
    expect(item(network, 'Public IPv4 addresses')?.monthly.min).toBe(10.95);
    expect(item(network, 'Interface VPC endpoints')?.assumption).toBe(
      '3 endpoints in 9 AZ-endpoints (one per subnet) x 730 h x $0.01/h',
    );
    expect(item(network, 'Interface VPC endpoints')?.monthly.min).toBe(65.7);
    expect(item(database, 'Aurora Serverless v2 compute')?.monthly).toEqual({ min: 525.6, max: 8409.6 });
    expect(item(api, 'WAF web ACL')?.assumption).toMatch(/^1 web ACL x \$5\.00 \+ 3 rules x \$1\.00 \+ /);
    expect(item(estimates.staging.api, 'WAF web ACL')).toBeUndefined();
  });

  it('put one key per stateful stack and the RDS-managed secret in the database stack', () => {
    for (const env of ENVIRONMENTS) {
      const { network, storage, database, api } = estimates[env];
      for (const stack of [network, storage, database]) expect(item(stack, 'KMS')?.monthly.min).toBe(1);
      expect(item(api, 'KMS')).toBeUndefined();
      expect(item(database, 'Secrets Manager secrets')?.assumption).toBe(
        '1 secret (1 RDS-managed master) x $0.40/month',
      );
    }
  });

  it('grow from dev to staging to prod', () => {
    const [dev, staging, prod] = ENVIRONMENTS.map((env) => total(env).monthly);
    expect(dev!.min).toBeLessThan(staging!.min);
    expect(staging!.min).toBeLessThan(prod!.min);
  });

  it('are the figures packages/cost/README.md shows', () => {
    const readme = readFileSync(join(HARNESS_ROOT, 'packages', 'cost', 'README.md'), 'utf8');
    const rows = readme
      .split('\n')
      .filter((l) => l.startsWith('|'))
      .map((l) =>
        l
          .split('|')
          .slice(1, -1)
          .map((c) => c.trim().replace(/\*\*/g, '')),
      );
    const usd = (n: number) =>
      `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
    for (const env of ENVIRONMENTS) {
      const expected: [string, CostEstimate['monthly']][] = [
        ...STACKS.map((stack): [string, CostEstimate['monthly']] => [stack, estimates[env][stack].monthly]),
        ['total', total(env).monthly],
      ];
      for (const [stack, { min, max }] of expected) {
        expect(rows).toContainEqual([env, stack, usd(min), usd(max)]);
      }
    }
  });
});
