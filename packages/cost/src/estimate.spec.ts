import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AWS } from '@payments/aws-types';
import { ENVIRONMENTS } from '@payments/config';
import { ASSUMPTIONS, formatAssumptions, usageFor } from './assumptions';
import {
  COST_RULES,
  estimateCost,
  estimateEnvironment,
  formatEstimate,
  formatMonthly,
  type CostEstimate,
  type CostResource,
} from './estimate';
import { PRICES, priceSourceLine } from './prices';
import { scheduledRunsPerMonth } from './rules/api';
import { FREE_TYPES } from './rules/free';

const r = (type: string, inputs: Record<string, unknown> = {}, name?: string): CostResource => ({
  type,
  inputs,
  ...(name ? { name } : {}),
});
const line = (estimate: CostEstimate, item: string) => {
  const found = estimate.lines.find((l) => l.item === item);
  if (!found) throw new Error(`no line '${item}' in ${estimate.lines.map((l) => l.item).join(', ')}`);
  return found;
};
const monthly = (estimate: CostEstimate) =>
  Object.fromEntries(estimate.lines.map((l) => [l.item, [l.monthly.min, l.monthly.max]]));

describe('estimateCost on hand-built stacks (us-east-1 list prices, 730 h)', () => {
  it('prices a network: NAT, public IPs, endpoints per AZ, key, flow logs, alarms per metric', () => {
    const estimate = estimateCost(
      {
        env: 'dev',
        domain: 'network',
        resources: [
          r(AWS.ec2NatGateway),
          r(AWS.ec2NatGateway),
          r(AWS.ec2Eip, { domain: 'vpc' }),
          r(AWS.ec2Eip, { domain: 'vpc' }),
          r(AWS.ec2VpcEndpoint, {
            serviceName: 'com.amazonaws.us-east-1.secretsmanager',
            vpcEndpointType: 'Interface',
            subnetIds: ['a', 'b', 'c'],
          }),
          r(AWS.ec2VpcEndpoint, {
            serviceName: 'com.amazonaws.us-east-1.ecr.api',
            vpcEndpointType: 'Interface',
            subnetIds: ['a', 'b'],
          }),
          r(AWS.ec2VpcEndpoint, {
            serviceName: 'com.amazonaws.us-east-1.s3',
            vpcEndpointType: 'Gateway',
          }),
          r(AWS.kmsKey),
          r(AWS.kmsAlias),
          r(AWS.ec2FlowLog, { logDestination: 'arn:aws:logs:us-east-1:1:log-group:flows' }),
          r(AWS.cloudwatchLogGroup, { name: 'flows', retentionInDays: 30 }),
          r(AWS.cloudwatchMetricAlarm, { metricName: 'Errors', period: 300 }),
          r(AWS.cloudwatchMetricAlarm, {
            metricQueries: [
              { id: 'rate', expression: 'a / b' },
              { id: 'a', metric: { metricName: 'A', period: 300 } },
              { id: 'b', metric: { metricName: 'B', period: 300 } },
            ],
          }),
          r(AWS.cloudwatchMetricAlarm, { metricName: 'Fast', period: 10 }),
          r(AWS.snsTopic),
          r(AWS.iamRole),
          r('aws:elasticache/cluster:Cluster'),
          r('payments:network:Vpc'),
        ],
      },
      { usage: { natGbPerMonth: 10, endpointGbPerMonth: 100, flowLogGbPerMonth: 2 } },
    );

    expect(monthly(estimate)).toEqual({
      'NAT gateways': [65.7, 65.7], // 2 x 730 h x $0.045
      'NAT data processed': [0.45, 0.45], // 10 GB x $0.045
      'Public IPv4 addresses': [7.3, 7.3], // 2 x 730 h x $0.005
      'Interface VPC endpoints (ecr.api, secretsmanager)': [36.5, 36.5], // (3 + 2) AZs x 730 h x $0.01
      'Interface endpoint data processed': [1, 1], // 100 GB x $0.01
      'Gateway VPC endpoints (s3)': [0, 0],
      'KMS customer managed keys': [1, 1],
      // 2 GB x $0.50 + 2 GB x (30 d = 0.986 month) stored x $0.03 = 1.0592
      'Log group flows': [1.06, 1.06],
      // 3 standard metrics (the math alarm evaluates two) x $0.10 + 1 high-resolution x $0.30
      'CloudWatch alarms': [0.6, 0.6],
      'SNS topics': [0, 0],
      'Not estimated': [0, 0],
    });
    expect(estimate.monthly).toEqual({ min: 113.61, max: 113.61 });
    expect(line(estimate, 'Interface VPC endpoints (ecr.api, secretsmanager)').assumption).toBe(
      '2 endpoints in 5 AZ-endpoints (one per subnet) x 730 h x $0.01/h',
    );
    expect(line(estimate, 'Not estimated').assumption).toBe(
      'no price rule for aws:elasticache/cluster:Cluster: counted as $0',
    );
  });

  it('prices Aurora Serverless v2 from min to max ACU on each of its serverless instances', () => {
    const estimate = estimateCost(
      {
        env: 'staging',
        domain: 'database',
        resources: [
          r(AWS.rdsCluster, {
            clusterIdentifier: 'c',
            manageMasterUserPassword: true,
            serverlessv2ScalingConfiguration: { minCapacity: 0.5, maxCapacity: 4 },
          }),
          r(AWS.rdsClusterInstance, {
            clusterIdentifier: 'c',
            instanceClass: 'db.serverless',
          }),
          r(AWS.rdsClusterInstance, {
            clusterIdentifier: 'c',
            instanceClass: 'db.serverless',
          }),
          r(AWS.rdsClusterInstance, {
            clusterIdentifier: 'another',
            instanceClass: 'db.serverless',
          }),
          r(AWS.secretsmanagerSecret),
          r(AWS.kmsKey),
          r(AWS.cloudwatchLogGroup, {
            name: '/aws/rds/cluster/c/postgresql',
            retentionInDays: 1,
          }),
        ],
      },
      { usage: { auroraStorageGb: 50, auroraIoMillionsPerMonth: 3, databaseLogGbPerMonth: 1 } },
    );

    expect(monthly(estimate)).toEqual({
      'KMS customer managed keys': [1, 1],
      'Secrets Manager secrets': [0.8, 0.8], // the RDS-managed master secret + one of our own, x $0.40
      // 2 instances x 730 h x $0.12 x 0.5 ACU (min) or 4 ACU (max)
      'Aurora Serverless v2 compute (c)': [87.6, 700.8],
      'Aurora storage (c)': [5, 5], // 50 GB x $0.10
      'Aurora I/O (c)': [0.6, 0.6], // 3 million x $0.20
      'Log group /aws/rds/cluster/c/postgresql': [0.5, 0.5], // 1 GB x $0.50 + 0.033 GB stored x $0.03
    });
    expect(estimate.monthly).toEqual({ min: 95.5, max: 708.7 });
  });

  it('prices an RDS Proxy on the ACUs of the instances it fronts, at least 8 ACU', () => {
    const proxied = (minCapacity: number, maxCapacity: number, instances: number) =>
      estimateCost({
        env: 'staging',
        domain: 'database',
        resources: [
          r(AWS.rdsCluster, {
            clusterIdentifier: 'c',
            serverlessv2ScalingConfiguration: { minCapacity, maxCapacity },
          }),
          ...Array.from({ length: instances }, () =>
            r(AWS.rdsClusterInstance, { clusterIdentifier: 'c', instanceClass: 'db.serverless' }),
          ),
          r(AWS.rdsProxy, { name: 'p' }),
          r(AWS.rdsProxyDefaultTargetGroup, { dbProxyName: 'p' }),
          r(AWS.rdsProxyTarget, { dbProxyName: 'p', dbClusterIdentifier: 'c' }),
        ],
      });
    // 2 x 0.5 = 1 ACU is billed as 8: 8 x 730 h x $0.015; 2 x 8 = 16 ACU at the maximum.
    expect(line(proxied(0.5, 8, 2), 'RDS Proxy (p)').monthly).toEqual({ min: 87.6, max: 175.2 });
    // 3 x 2 = 6 ACU (billed 8) to 3 x 32 = 96 ACU.
    expect(line(proxied(2, 32, 3), 'RDS Proxy (p)').monthly).toEqual({ min: 87.6, max: 1051.2 });
    expect(line(proxied(2, 32, 3), 'RDS Proxy (p)').assumption).toContain('at least 8 ACU');
    expect(proxied(2, 32, 3).lines.some((l) => l.item.startsWith('Not estimated'))).toBe(false);
  });

  it('charges nothing for an auto-paused cluster at 0 ACU', () => {
    const estimate = estimateCost({
      env: 'dev',
      domain: 'database',
      resources: [
        r(AWS.rdsCluster, {
          clusterIdentifier: 'c',
          serverlessv2ScalingConfiguration: { minCapacity: 0, maxCapacity: 2, secondsUntilAutoPause: 300 },
        }),
        r(AWS.rdsClusterInstance, {
          clusterIdentifier: 'c',
          instanceClass: 'db.serverless',
        }),
      ],
    });
    expect(line(estimate, 'Aurora Serverless v2 compute (c)').monthly).toEqual({ min: 0, max: 175.2 });
    expect(line(estimate, 'Aurora Serverless v2 compute (c)').assumption).toContain('0 ACU (auto-paused)');
  });

  it('prices the API: requests, functions by memory and architecture, X-Ray traces once, WAF, dashboard', () => {
    const estimate = estimateCost(
      {
        env: 'prod',
        domain: 'api',
        resources: [
          r(AWS.apigatewayStage, { stageName: 'v1', xrayTracingEnabled: true }),
          r(AWS.apigatewayRestApi),
          r(AWS.lambdaPermission, {
            function: 'api-fn',
            principal: 'apigateway.amazonaws.com',
          }),
          r(AWS.lambdaFunction, {
            name: 'api-fn',
            memorySize: 512,
            tracingConfig: { mode: 'Active' },
          }),
          r(AWS.lambdaFunction, {
            name: 'worker',
            memorySize: 1024,
            architectures: ['arm64'],
            tracingConfig: { mode: 'Active' },
          }),
          r(AWS.wafv2WebAcl, { name: 'acl', rules: [{}, {}, {}] }),
          r(AWS.wafv2WebAclAssociation),
          r(AWS.cloudwatchDashboard),
        ],
      },
      {
        usage: {
          apiRequestsPerMonth: 2_000_000,
          apiFunctionDurationMs: 100,
          otherFunctionInvocationsPerMonth: 2_000,
          otherFunctionDurationMs: 1_000,
        },
      },
    );

    expect(monthly(estimate)).toEqual({
      'API Gateway REST requests': [7, 7], // 2 million x $3.50
      // 2M x 0.1 s x 0.5 GB = 100,000 GB-s x $0.0000166667 + 2M x $0.20/million = 2.0667
      'Lambda api-fn': [2.07, 2.07],
      // 2,000 x 1 s x 1 GB = 2,000 GB-s x $0.0000133334 (arm64) + 2,000 x $0.20/million = 0.0271
      'Lambda worker': [0.03, 0.03],
      // under one request a second every request is sampled: (2M + 2,000) x $5/million
      'X-Ray traces': [10.01, 10.01],
      'WAF web ACL acl': [9.2, 9.2], // $5 + 3 rules x $1 + 2M x $0.60/million
      'CloudWatch dashboards': [3, 3],
    });
    expect(estimate.monthly).toEqual({ min: 31.31, max: 31.31 });
  });

  it('runs a scheduled function as often as its EventBridge rule says', () => {
    const estimate = estimateCost({
      env: 'prod',
      domain: 'api',
      resources: [
        r(AWS.lambdaFunction, { name: 'relay', memorySize: 1024 }),
        r(AWS.cloudwatchEventRule, { name: 'every-minute', scheduleExpression: 'rate(1 minute)' }),
        r(AWS.lambdaPermission, {
          function: 'relay',
          principal: 'events.amazonaws.com',
          sourceArn: 'arn:aws:events:us-east-1:777788889999:rule/every-minute',
        }),
        r(AWS.cloudwatchEventTarget, { rule: 'every-minute' }),
      ],
    });
    // 730 h x 60 = 43,800 runs x 0.3 s x 1 GB = 13,140 GB-s x $0.0000166667 + 43,800 x $0.20/million = 0.2278
    expect(monthly(estimate)).toEqual({ 'Lambda relay': [0.23, 0.23] });
    expect(line(estimate, 'Lambda relay').assumption).toMatch(/^43,800 invocations\/month \(its schedule\)/);
    expect(scheduledRunsPerMonth('rate(1 day)', 730)).toBeCloseTo(30.42, 2);
    expect(scheduledRunsPerMonth('rate(5 minutes)', 730)).toBe(8760);
    expect(scheduledRunsPerMonth('cron(0 12 * * ? *)', 730)).toBeUndefined();
  });

  it('samples 5% of the requests above the first each second (default X-Ray rule)', () => {
    const estimate = estimateCost(
      {
        env: 'prod',
        domain: 'api',
        resources: [r(AWS.apigatewayStage, { xrayTracingEnabled: true })],
      },
      { usage: { apiRequestsPerMonth: 2 * 730 * 3600 } },
    );
    // 2,628,000 s x (1 + 5% x 1) = 2,759,400 traces x $5/million = 13.797
    expect(line(estimate, 'X-Ray traces').monthly.min).toBe(13.8);
    expect(line(estimate, 'X-Ray traces').assumption).toMatch(/^2,759,400 traces\/month/);
  });

  it("prices buckets by their lifecycle's steady state and log groups by the traffic that writes them", () => {
    const estimate = estimateCost(
      {
        env: 'staging',
        domain: 'storage',
        outputs: { apiAccessLogGroupName: 'acc', paymentsLogGroupName: 'pay', migrationsLogGroupName: 'mig' },
        resources: [
          r(AWS.s3Bucket, { bucket: 'b' }),
          r(AWS.s3BucketLifecycleConfiguration, {
            bucket: 'b',
            rules: [
              {
                status: 'Enabled',
                transitions: [{ days: 30, storageClass: 'GLACIER' }],
                expiration: { days: 395 },
              },
            ],
          }),
          r(AWS.s3Bucket, { bucket: 'c' }),
          // b's server access logs: one record per request, kept a year without transition.
          r(AWS.s3Bucket, { bucket: 'logs' }),
          r(AWS.s3BucketLifecycleConfiguration, {
            bucket: 'logs',
            rules: [{ status: 'Enabled', expiration: { days: 365 } }],
          }),
          r(AWS.s3BucketLogging, { bucket: 'b', targetBucket: 'logs', targetPrefix: 'audit/' }),
          r(AWS.cloudwatchLogGroup, { name: 'acc', retentionInDays: 30 }),
          r(AWS.cloudwatchLogGroup, { name: 'pay' }),
          r(AWS.cloudwatchLogGroup, { name: 'mig', retentionInDays: 30 }),
          r(AWS.cloudwatchLogGroup, { name: 'x', retentionInDays: 365 }),
        ],
      },
      { usage: { auditGbPerMonth: 10, apiRequestsPerMonth: 1_000_000 } },
    );

    expect(monthly(estimate)).toEqual({
      // 1,000,000 x 0.6 KB = 0.6 GB x $0.50 + 0.6 GB x 0.986 month x $0.03 = 0.3178
      'Log group acc': [0.32, 0.32],
      // 1 GB x $0.50 + never expires: a year of logs, 12 GB x $0.03 = 0.86
      'Log group pay': [0.86, 0.86],
      'Log group mig': [0, 0], // 30 invocations x 1 KB
      'Log group x': [0.09, 0.09], // 0.1 GB x $0.50 + 1.2 GB x $0.03 = 0.086
      'S3 Standard (b)': [0.23, 0.23], // 10 GB x 0.986 month x $0.023 = 0.2268
      'S3 Glacier Flexible Retrieval (b)': [0.43, 0.43], // 10 GB x 12 months (day 30 to 395) x $0.0036
      'S3 Standard (c)': [2.76, 2.76], // no lifecycle: a year, 120 GB x $0.023
      // 1,000,000 requests x 500 B = 0.5 GB/month x 12 months x $0.023 = 0.138, not 10 GB of audit records
      'S3 Standard (logs)': [0.14, 0.14],
    });
    expect(line(estimate, 'S3 Standard (logs)').assumption).toMatch(
      /^0\.5 GB written\/month \(1,000,000 requests x 500 B of access log\)/,
    );
    expect(estimate.monthly).toEqual({ min: 4.83, max: 4.83 });
  });

  it("prices the merchants' app clients per client and per token request, and nothing for the pool itself", () => {
    const identity = (clients: number, env: 'dev' | 'prod' = 'prod') =>
      estimateCost({
        env,
        domain: 'identity',
        resources: [
          r(AWS.cognitoUserPool, { name: 'payments-prod-merchants' }),
          r(AWS.cognitoResourceServer, { identifier: 'payments' }),
          r(AWS.cognitoUserPoolDomain, { domain: 'payments-prod-merchants-777788889999-us-east-1' }),
          ...Array.from({ length: clients }, (_, i) => r(AWS.cognitoUserPoolClient, { name: `c${i}` })),
        ],
      });
    const two = identity(2);
    expect(monthly(two)).toEqual({
      // $6 a client; 3,000 token requests each at $2.25 per 1,000.
      'Cognito M2M app clients': [12, 12],
      'Cognito M2M token requests': [13.5, 13.5],
    });
    expect(line(two, 'Cognito M2M token requests').assumption).toBe(
      '2 app clients x 3,000 token requests/month (assumed) = 6,000 x $2.25/1,000',
    );
    // No merchant, no charge: the pool, its resource server and domain cost nothing.
    expect(identity(0, 'dev')).toEqual({ currency: 'USD', monthly: { min: 0, max: 0 }, lines: [] });
  });

  it("prices the bootstrap's state bucket on the state it stores, not as an audit bucket; IAM costs nothing", () => {
    const bucket = 'payments-prod-state-777788889999-us-east-1';
    const estimate = estimateCost({
      env: 'prod',
      domain: 'bootstrap',
      resources: [
        r(AWS.s3Bucket, { bucket }),
        r(AWS.s3BucketLifecycleConfiguration, {
          bucket,
          rules: [{ status: 'Enabled', noncurrentVersionExpiration: { noncurrentDays: 365 } }],
        }),
        r(AWS.kmsKey, { enableKeyRotation: true }),
        r(AWS.iamOpenIdConnectProvider),
        r(AWS.iamPolicy),
        r(AWS.iamRole),
      ],
    });
    // 2 GB (stateGbStored in prod) x $0.023 = $0.046; one key $1.00; nothing unpriced.
    expect(monthly(estimate)).toEqual({
      [`S3 Standard (${bucket})`]: [0.05, 0.05],
      'KMS customer managed keys': [1, 1],
    });
    expect(line(estimate, `S3 Standard (${bucket})`).assumption).toBe(
      '2 GB of Pulumi state stored (assumed) x $0.023/GB-month',
    );
  });

  it('uses the environment assumptions unless told otherwise', () => {
    const stage = [r(AWS.apigatewayStage)];
    for (const env of ENVIRONMENTS) {
      const estimate = estimateCost({ env, domain: 'api', resources: stage });
      const expected = (ASSUMPTIONS.apiRequestsPerMonth.values[env] / 1e6) * 3.5;
      expect(line(estimate, 'API Gateway REST requests').monthly.min).toBe(Math.round(expected * 100) / 100);
    }
  });

  it('refuses an environment it has no assumptions for', () => {
    expect(() => estimateCost({ env: 'qa', domain: 'api', resources: [] })).toThrow(
      "Cannot estimate the cost of 'qa': no usage assumptions for that environment.",
    );
  });

  it('returns an empty estimate for a stack with nothing billable', () => {
    expect(estimateCost({ env: 'dev', domain: 'network', resources: [r(AWS.ec2Vpc)] })).toEqual({
      currency: 'USD',
      monthly: { min: 0, max: 0 },
      lines: [],
    });
  });
});

describe('the rules by area (src/rules)', () => {
  it('each price their own types: none priced twice, none both priced and free', () => {
    const priced = COST_RULES.flatMap((rule) => rule.types);
    expect(new Set(priced).size).toBe(priced.length);
    expect(priced.filter((type) => FREE_TYPES.includes(type))).toEqual([]);
  });
});

describe('estimateEnvironment', () => {
  const stack = (min: number, max: number, lines = 1): CostEstimate => ({
    currency: 'USD',
    monthly: { min, max },
    lines: Array.from({ length: lines }, () => ({ item: 'x', monthly: { min, max }, assumption: '' })),
  });

  it('sums the stacks, one line per stack', () => {
    const total = estimateEnvironment({ network: stack(38.1, 38.1, 2), database: stack(1.85, 177.05) });
    expect(total).toEqual({
      currency: 'USD',
      monthly: { min: 39.95, max: 215.15 },
      lines: [
        {
          item: 'network',
          monthly: { min: 38.1, max: 38.1 },
          assumption: "sum of the network stack's 2 lines",
        },
        {
          item: 'database',
          monthly: { min: 1.85, max: 177.05 },
          assumption: "sum of the database stack's 1 line",
        },
      ],
    });
  });

  it('refuses a stack without an estimate rather than report a partial total', () => {
    expect(() => estimateEnvironment({ network: stack(1, 1), api: null })).toThrow(
      'No cost estimate for the api stack: synthesize it first.',
    );
  });
});

describe('printing', () => {
  it('formats a range or a single figure', () => {
    expect(formatMonthly({ monthly: { min: 44.66, max: 219.86 } })).toBe('$44.66-$219.86/month');
    expect(formatMonthly({ monthly: { min: 1234.5, max: 1234.5 } })).toBe('$1,234.50/month');
  });

  it('prints each line with its figure and its assumption', () => {
    const estimate = estimateCost({ env: 'dev', domain: 'network', resources: [r(AWS.kmsKey)] });
    expect(formatEstimate(estimate)).toEqual(['KMS customer managed keys  $1.00  1 key x $1.00/month']);
  });

  it("prints every assumption with the environment's value and its reason", () => {
    const lines = formatAssumptions('prod');
    for (const [key, a] of Object.entries(ASSUMPTIONS)) {
      const printed = lines.find((l) => l.startsWith(`${key} `));
      expect(printed).toContain(
        `${usageFor('prod')[key as keyof typeof ASSUMPTIONS].toLocaleString('en-US')} ${a.unit}`,
      );
      expect(printed).toContain(a.why);
    }
    expect(lines.some((l) => l.includes('minCapacity') && l.includes('maxCapacity'))).toBe(true);
  });
});

describe('the assumptions and the price file', () => {
  it('give every environment a finite, non-negative value with a one-line reason', () => {
    for (const [key, a] of Object.entries(ASSUMPTIONS)) {
      expect({ key, why: a.why.includes('\n') || a.why.length === 0 }).toEqual({ key, why: false });
      for (const env of ENVIRONMENTS) {
        const value = a.values[env];
        expect({ key, env, ok: Number.isFinite(value) && value >= 0 }).toEqual({ key, env, ok: true });
      }
    }
    expect(usageFor('dev').hoursPerMonth).toBe(730);
  });

  it('are dated us-east-1 USD list prices, each with its AWS pricing page', () => {
    expect(PRICES.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(PRICES).toMatchObject({ region: 'us-east-1', currency: 'USD' });
    expect(PRICES.note).toMatch(/estimate/i);
    for (const [key, price] of Object.entries(PRICES.prices)) {
      expect({ key, source: PRICES.sources[price.source] }).toEqual({
        key,
        source: expect.stringMatching(/^https:\/\/aws\.amazon\.com\/.+\/pricing\/$/),
      });
      expect(price.usd).toBeGreaterThanOrEqual(0);
    }
    expect(priceSourceLine()).toBe(
      `us-east-1 list prices as of ${PRICES.asOf} (packages/cost/prices/us-east-1.json)`,
    );
  });

  it('hold the list prices the brief names', () => {
    const usd = Object.fromEntries(Object.entries(PRICES.prices).map(([k, v]) => [k, v.usd]));
    expect(usd).toMatchObject({
      publicIpv4Hour: 0.005,
      auroraServerlessV2AcuHour: 0.12,
      auroraStorageGbMonth: 0.1,
      auroraIoMillion: 0.2,
      kmsKeyMonth: 1,
      secretMonth: 0.4,
      logsIngestGb: 0.5,
      logsStorageGbMonth: 0.03,
      alarmMetricMonth: 0.1,
      dashboardMonth: 3,
      restApiMillionRequests: 3.5,
      wafWebAclMonth: 5,
      wafRuleMonth: 1,
      wafMillionRequests: 0.6,
      // https://aws.amazon.com/cognito/pricing/, machine-to-machine, checked 2026-11-30.
      cognitoM2mAppClientMonth: 6,
      cognitoM2mThousandTokenRequests: 2.25,
    });
    expect(PRICES.prices.cognitoM2mAppClientMonth.asOf).toBe('2026-11-30');
  });

  it('are the ones packages/cost/README.md shows (assumptions table, price date)', () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    const rows = readme
      .split('\n')
      .filter((l) => l.startsWith('|'))
      .map((l) =>
        l
          .split('|')
          .slice(1, -1)
          .map((c) => c.trim()),
      );
    for (const [key, a] of Object.entries(ASSUMPTIONS)) {
      const values = ENVIRONMENTS.map((env) => a.values[env].toLocaleString('en-US'));
      expect(rows).toContainEqual([`\`${key}\``, ...values, a.unit, a.why]);
    }
    expect(readme).toContain(`as of **${PRICES.asOf}**`);
  });
});
